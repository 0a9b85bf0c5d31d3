import Config
import Fetcher
import Store
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// POSTs each alert to a URL through the Fetcher (its timeouts, limits and proxy rules). 2xx is
/// delivered; timeouts, 408, 429 and 5xx are retried with backoff; any other answer is parked
/// with its error (retrying would not change it).
/// Headers: `Idempotency-Key` (the alert id, so a receiver can drop a repeat after a crash) and,
/// with a secret, `X-Feedwatch-Signature: sha256=HEX`, an HMAC-SHA256 of the exact body.
package final class WebhookSink: AlertSink {
  let url: String
  let secret: String?
  let headers: [(String, String)]
  let format: Config.WebhookFormat
  let timeout: Double
  package let rules: Set<String>?
  package let name: String
  /// The sinks' own fetcher: its transfer rules, not the feeds' per-host budget.
  let fetcher: Fetcher

  init(
    name: String, url: String, secret: String?, headers: [(String, String)],
    format: Config.WebhookFormat,
    timeout: Double,
    rules: Set<String>?,
    fetcher: Fetcher
  ) {
    self.fetcher = fetcher
    self.name = name
    self.url = url
    self.secret = secret
    self.headers = headers
    self.format = format
    self.timeout = timeout
    self.rules = rules
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    batch.map(post)
  }

  /// The request body and its content type for one alert.
  func body(for pending: PendingAlert) -> (bytes: [UInt8], contentType: String, title: String?) {
    let (entry, alert) = (pending.row, pending.alert)
    switch format {
    case .alert:
      return (Array(entry.json.utf8), "application/json", nil)
    case .slack:
      let text = alert.map(Self.summary) ?? "feedwatch alert \(entry.rule)"
      let json = (try? JSONEncoder().encode(["text": text])).map(Array.init) ?? Array("{}".utf8)
      return (json, "application/json", nil)
    case .text:
      let title = alert.map {
        "[\($0.severity.rawValue)] \($0.rule): \($0.item.title ?? "(untitled)")"
      }
      return (
        Array((alert.map(Self.summary) ?? entry.rule).utf8), "text/plain; charset=utf-8", title
      )
    }
  }

  private func post(_ pending: PendingAlert) -> DeliveryOutcome {
    let entry = pending.row
    let (body, contentType, title) = body(for: pending)
    return post(
      body: body, contentType: contentType, title: title, id: entry.id,
      idHeader: "X-Feedwatch-Alert-Id")
  }

  /// POSTs one body; `id` is the `Idempotency-Key` and the value of `idHeader`.
  func post(body: [UInt8], contentType: String, title: String?, id: String, idHeader: String)
    -> DeliveryOutcome
  {
    var lines = [
      "Content-Type: \(contentType)", "Idempotency-Key: \(id)", "\(idHeader): \(id)",
    ]
    if let title { lines.append("Title: \(title.filter { $0 != "\r" && $0 != "\n" })") }
    if let secret {
      lines.append(
        "X-Feedwatch-Signature: sha256=\(Digest.hmacSHA256Hex(key: secret, message: body))")
    }
    lines += headers.map { "\($0.0): \($0.1)" }

    let request = FetchRequest(
      url: url, timeout: timeout, connectTimeout: min(timeout, 10), maxBytes: Self.maxAnswerBytes,
      userAgent: FeedwatchVersion.userAgent, maxRedirects: 0,
      post: HTTPPost(body: body, headerLines: lines))
    return Self.outcome(of: fetcher.perform(request), url: url)
  }

  /// The receiver's answer is read only for its status; a longer one is not waited for.
  static let maxAnswerBytes = 1 << 20

  /// 2xx is delivered; a timeout, a transport failure, 408, 429 and 5xx are retried; any
  /// other answer is parked (retrying would not change it).
  static func outcome(of result: Result<FetchResponse, FetchError>, url: String) -> DeliveryOutcome
  {
    let status: Int
    switch result {
    case .success: return .delivered
    case .failure(.http(let code)), .failure(.blocked(let code)),
      .failure(.rateLimited(let code, _)):
      status = code
    case .failure(.gone): status = 410
    case .failure(.tooManyRedirects):
      return .park("webhook \(url) answered with a redirect; not retried (give the final URL)")
    case .failure(.tooLarge): return .delivered
    case .failure(let error): return .retry("webhook \(url): \(error)")
    }
    switch status {
    case 408, 429, 500..<600: return .retry("webhook \(url) answered \(status)")
    default:
      return .park(
        "webhook \(url) answered \(status); not retried (check the URL, secret and receiver)")
    }
  }

  static func summary(_ alert: Alert) -> String {
    var lines = [
      "[\(alert.severity.rawValue)] \(alert.rule) · \(alert.feed.name): \(alert.item.title ?? "(untitled)")"
    ]
    if let link = alert.item.link { lines.append(link) }
    if let first = alert.matches.first {
      lines.append("\(first.kind) \(first.term): \(first.text)")
    }
    return lines.joined(separator: "\n")
  }
}
