import CCurl
import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One admitted request: its easy handle and what has been seen of the response so far.
///
/// Touched only on the fetcher's queue (libcurl calls the write and header callbacks from
/// inside `curl_multi_socket_action`, which runs there). Unchecked Sendable for that reason.
final class Transfer: @unchecked Sendable {
  enum AbortReason { case tooLarge, handler, privateTarget }

  let request: FetchRequest
  let handler: TransferHandler
  /// The requested URL's host, for the per-host politeness budget.
  let host: String
  let easy: UnsafeMutableRawPointer
  private let addressPolicy: @Sendable (UnsafePointer<sockaddr>) -> String?
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer = CurlErrorBuffer()
  private let isFileURL: Bool
  private(set) var headers = ResponseHeaders()
  private(set) var bodyBytes = 0
  private var discardedBytes = 0
  private var headDelivered = false
  private(set) var abortReason: AbortReason?
  /// The last address `denyPrivateNetworks` kept the transfer from connecting to.
  private(set) var refusedAddress: String?

  /// Nil when libcurl cannot allocate a handle.
  init?(
    request: FetchRequest, handler: TransferHandler, host: String,
    addressPolicy: @escaping @Sendable (UnsafePointer<sockaddr>) -> String?
  ) {
    guard let easy = curl_easy_init() else { return nil }
    self.addressPolicy = addressPolicy
    self.request = request
    self.handler = handler
    self.host = host
    self.easy = easy
    isFileURL = Self.isFileURL(request.url)
  }

  deinit {
    curl_easy_cleanup(easy)
    curl_slist_free_all(headerList)
  }

  /// Sets every option; returns the error to report instead of starting, if any.
  func configure() -> FetchError? {
    let me = Unmanaged.passUnretained(self).toOpaque()
    var failed: CURLcode = CURLE_OK
    func check(_ code: CURLcode) { if failed == CURLE_OK { failed = code } }

    if fw_easy_setopt_string(easy, CURLOPT_URL, request.url) != CURLE_OK {
      return .invalidURL(request.shownURL ?? request.url)
    }
    if judgesURLs, let refused = AddressPolicy.refusal(ofHostIn: request.url) {
      return .privateAddressRefused(refused)
    }
    check(fw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
    // file:// only when the configured URL is itself a file URL; never through a redirect.
    check(fw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, isFileURL ? "file" : "http,https"))
    check(fw_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
    check(fw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1))
    check(fw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, max(0, request.maxRedirects)))
    // "": every encoding libcurl was built with.
    check(fw_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
    check(fw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, CurlValues.milliseconds(request.timeout)))
    check(
      fw_easy_setopt_long(
        easy, CURLOPT_CONNECTTIMEOUT_MS, CurlValues.milliseconds(request.connectTimeout)))
    check(fw_easy_setopt_string(easy, CURLOPT_USERAGENT, Self.singleLine(request.userAgent)))
    check(fw_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer.pointer))
    if let proxy = request.proxy {
      check(fw_easy_setopt_string(easy, CURLOPT_PROXY, proxy))
    }

    if let post = request.post {
      check(fw_easy_setopt_long(easy, CURLOPT_POST, 1))
      // libcurl copies the body, so the request need not outlive this call.
      check(fw_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(post.body.count)))
      post.body.withUnsafeBytes { bytes in
        check(
          fw_easy_setopt_pointer(
            easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)))
      }
      // "Expect:" turns off the 100-continue round trip libcurl makes for larger bodies.
      for line in post.headerLines + ["Expect:"] {
        headerList = curl_slist_append(headerList, Self.singleLine(line))
      }
    } else {
      headerList = curl_slist_append(headerList, "Accept: " + Self.acceptedTypes)
      if let etag = request.etag.map(Self.singleLine), !etag.isEmpty {
        headerList = curl_slist_append(headerList, "If-None-Match: " + etag)
      }
      if let lastModified = request.lastModified.map(Self.singleLine), !lastModified.isEmpty {
        headerList = curl_slist_append(headerList, "If-Modified-Since: " + lastModified)
      }
    }
    check(fw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

    check(fw_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
    check(
      fw_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
        return transfer.receiveBody(bytes) ? size * count : 0
      })
    check(fw_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
    check(
      fw_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let line = UnsafeRawBufferPointer(start: data, count: size * count)
        return transfer.receiveHeaderLine(line) ? size * count : 0
      })
    if failed != CURLE_OK {
      return .transport(
        code: Int(failed.rawValue), message: String(cString: curl_easy_strerror(failed)))
    }
    return nil
  }

  /// Whether `url` starts with "file:" (any case, after leading ASCII whitespace).
  private static func isFileURL(_ url: String) -> Bool {
    let scheme = url.utf8.drop(while: { $0 == 0x20 || (0x09...0x0d).contains($0) })
    return scheme.count >= 5
      && zip(scheme.prefix(5), "file:".utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
  }

  /// A header value cannot carry a line break: it would start another header of the caller's choosing.
  private static func singleLine(_ value: String) -> String {
    let forbidden: (UInt8) -> Bool = {
      $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0
    }
    guard value.utf8.contains(where: forbidden) else { return value }
    return String(
      String.UnicodeScalarView(
        value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }))
  }

  private static let acceptedTypes =
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

  // MARK: - libcurl callbacks

  /// Whether a socket may be opened to `address` (called from CURLOPT_OPENSOCKETFUNCTION).
  func mayConnect(to address: UnsafePointer<sockaddr>) -> Bool {
    guard request.denyPrivateNetworks, request.proxy == nil else { return true }
    guard let refused = addressPolicy(address) else { return true }
    refusedAddress = refused
    return false
  }

  /// Whether a request's own URL and its redirect targets are judged by `denyPrivateNetworks`:
  /// through an explicit proxy, whose address is the only one the connect-time check sees.
  private var judgesURLs: Bool {
    request.denyPrivateNetworks && !(request.proxy ?? "").isEmpty
  }

  /// Returns false to make libcurl abort the transfer (a redirect to a private host).
  private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
    headers.consume(line: bytes, currentURL: { self.effectiveURL })
    guard judgesURLs, let target = headers.takeRedirectTarget(),
      let refused = AddressPolicy.refusal(ofHostIn: target)
    else { return true }
    refusedAddress = refused
    abortReason = .privateTarget
    return false
  }

  private var currentStatus: Int { isFileURL ? 200 : headers.status }

  /// Returns false to make libcurl abort the transfer.
  private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard (200..<300).contains(currentStatus) else {
      // The body of an error page is not wanted, but it still must not be unbounded.
      discardedBytes += bytes.count
      if discardedBytes > request.maxBytes { abortReason = .tooLarge }
      return abortReason == nil
    }
    guard deliverHeadIfNeeded() else { return false }
    bodyBytes += bytes.count
    if bodyBytes > request.maxBytes {
      abortReason = .tooLarge
      return false
    }
    if !handler.didReceive(bytes) {
      abortReason = .handler
      return false
    }
    return true
  }

  private func deliverHeadIfNeeded() -> Bool {
    guard !headDelivered else { return true }
    headDelivered = true
    let head = ResponseHead(
      status: currentStatus, contentType: headers.fields["content-type"], headers: headers.fields,
      effectiveURL: effectiveURL ?? request.url)
    if !handler.didReceiveHead(head) {
      abortReason = .handler
      return false
    }
    return true
  }

  // MARK: - Outcome

  var effectiveURL: String? {
    var text: UnsafeMutablePointer<CChar>?
    guard fw_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK, let text else {
      return nil
    }
    return String(cString: text)
  }

  private var elapsed: Double {
    var microseconds: curl_off_t = 0
    _ = fw_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &microseconds)
    return Double(microseconds) / 1_000_000
  }

  private var everConnected: Bool {
    var microseconds: curl_off_t = 0
    _ = fw_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &microseconds)
    return microseconds > 0
  }

  /// What the handler's `didComplete` receives, given libcurl's result code.
  func outcome(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
    if abortReason == .privateTarget, let refusedAddress {
      return .failure(.privateAddressRefused(refusedAddress))
    }
    if code == CURLE_OK || code == CURLE_WRITE_ERROR, let error = statusError {
      return .failure(error)
    }
    switch code {
    case CURLE_OK:
      if (200..<300).contains(currentStatus), !deliverHeadIfNeeded() { return .failure(.aborted) }
      return .success(response)
    case CURLE_WRITE_ERROR where abortReason == .tooLarge:
      return .failure(.tooLarge(limit: request.maxBytes))
    case CURLE_WRITE_ERROR where abortReason == .handler, CURLE_ABORTED_BY_CALLBACK:
      return .failure(.aborted)
    case CURLE_COULDNT_CONNECT where refusedAddress != nil:
      return .failure(.privateAddressRefused(refusedAddress!))
    case CURLE_OPERATION_TIMEDOUT:
      return .failure(.timeout(everConnected ? request.timeout : request.connectTimeout))
    default:
      return .failure(FetchError(curlCode: code, detail: errorDetail(code)))
    }
  }

  /// The error a final HTTP status stands for, if it is not a success.
  private var statusError: FetchError? {
    let status = currentStatus
    switch status {
    case 200..<300, 304: return nil
    case 429, 503:
      return .rateLimited(
        status: status, retryAfter: headers.fields["retry-after"].flatMap { parseRetryAfter($0) })
    case 401, 403, 451: return .blocked(status: status)
    case 410: return .gone
    case 300..<600: return .http(status: status)
    default: return nil
    }
  }

  private var response: FetchResponse {
    FetchResponse(
      status: currentStatus, etag: headers.fields["etag"],
      lastModified: headers.fields["last-modified"],
      contentType: headers.fields["content-type"], headers: headers.fields,
      effectiveURL: effectiveURL ?? request.url, permanentRedirect: headers.permanentRedirect,
      bodyBytes: bodyBytes, elapsed: elapsed, freshFor: freshnessLifetime(headers.fields),
      fromFile: isFileURL)
  }

  private func errorDetail(_ code: CURLcode) -> String {
    errorBuffer.message(code)
  }
}
