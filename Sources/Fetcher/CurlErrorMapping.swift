import CCurl

extension FetchError {
  /// Classifies a libcurl result code other than success, write abort and timeout.
  init(curlCode code: CURLcode, detail: String) {
    switch code {
    case CURLE_UNSUPPORTED_PROTOCOL:
      self = .protocolRefused(detail)
    case CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
      self = .invalidURL(detail)
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
      self = .dns(detail)
    case CURLE_COULDNT_CONNECT:
      self = .connect(detail)
    case CURLE_TOO_MANY_REDIRECTS:
      self = .tooManyRedirects
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
      CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
      CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
      CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
      self = .tls(detail)
    default:
      self = .transport(code: Int(code.rawValue), message: detail)
    }
  }
}
