/// Why a transfer did not produce a usable response.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
  case invalidURL(String)
  case dns(String)
  case connect(String)
  case tls(String)
  /// The limit (seconds) that ran out: the connect timeout, or the total timeout.
  case timeout(Double)
  case tooLarge(limit: Int)
  case tooManyRedirects
  /// The URL (or a redirect) uses a scheme that is not allowed.
  case protocolRefused(String)
  /// A 4xx/5xx status not covered by the cases below.
  case http(status: Int)
  /// 429 or 503; `retryAfter` is the server's Retry-After in seconds from now, when given.
  case rateLimited(status: Int, retryAfter: Double?)
  /// 401, 403 or 451.
  case blocked(status: Int)
  /// 410: the feed is gone for good.
  case gone
  /// A handler returned false, or the fetcher shut down.
  case aborted
  case transport(code: Int, message: String)
  /// `denyPrivateNetworks` stopped a connection to this address (loopback, private, link-local…).
  case privateAddressRefused(String)

  public var description: String {
    switch self {
    case .invalidURL(let detail): "The URL is not valid (\(detail))."
    case .dns(let detail): "The host name could not be resolved (\(detail))."
    case .connect(let detail): "The server could not be reached (\(detail))."
    case .tls(let detail): "The TLS connection failed (\(detail))."
    case .timeout(let seconds): "The server did not answer within \(Self.format(seconds)) seconds."
    case .tooLarge(let limit): "The response is larger than the \(limit)-byte limit."
    case .tooManyRedirects: "The server redirected too many times."
    case .protocolRefused(let detail):
      "The URL or a redirect uses a scheme that is not allowed (\(detail))."
    case .http(let status): "The server answered HTTP \(status)."
    case .rateLimited(let status, let retryAfter):
      if let retryAfter {
        "The server is rate limiting (HTTP \(status)) and asks to retry in \(Self.format(retryAfter)) seconds."
      } else {
        "The server is rate limiting or unavailable (HTTP \(status))."
      }
    case .blocked(let status): "The server refused access (HTTP \(status))."
    case .gone: "The feed is gone (HTTP 410)."
    case .aborted: "The transfer was aborted."
    case .transport(let code, let message): "The transfer failed (curl error \(code): \(message))."
    case .privateAddressRefused(let address):
      "The server's address \(address) is on a loopback, private or link-local network, which the config's \"denyPrivateNetworks\": true refuses."
    }
  }

  private static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}
