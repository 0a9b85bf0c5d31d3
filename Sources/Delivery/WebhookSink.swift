import Config
import Fetcher
import Hashing
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
/// The URL is never logged or put in an error: the sink is shown by its identity.
package final class WebhookSink: AlertSink {
  let webhook: Config.Sink.Webhook
  let headers: [(String, String)]
  package let rules: Set<String>?
  package let identity: SinkIdentity
  /// The sinks' own fetcher: its transfer rules, not the feeds' per-host budget.
  let fetcher: Fetcher

  init(
    identity: SinkIdentity, webhook: Config.Sink.Webhook, rules: Set<String>?, fetcher: Fetcher
  ) {
    self.fetcher = fetcher
    self.identity = identity
    self.webhook = webhook
    headers = webhook.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    self.rules = rules
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    batch.map { post($0, keep: 0).outcome }
  }

  package func probe(_ alert: PendingAlert) -> SinkAnswer { post(alert, keep: 2048) }

  /// The request body, its content type and the extra headers its format has.
  func body(for pending: PendingAlert) -> (bytes: [UInt8], contentType: String, headers: [String]) {
    let (entry, alert) = (pending.row, pending.alert)
    switch webhook.format {
    case .alert:
      return (Array(entry.json.utf8), "application/json", [])
    case .slack:
      let text = alert.map(Self.summary) ?? "feedwatch alert \(entry.rule)"
      let json = (try? JSONEncoder().encode(["text": text])).map(Array.init) ?? Array("{}".utf8)
      return (json, "application/json", [])
    case .text:
      var headers: [String] = []
      if let alert {
        headers.append(
          "Title: [\(alert.severity.rawValue)] \(alert.rule): \(alert.item.title ?? "(untitled)")")
      }
      return (
        Array((alert.map(Self.summary) ?? entry.rule).utf8), "text/plain; charset=utf-8", headers
      )
    case .ntfy:
      let message = NtfyMessage(entry, alert)
      return (Array(message.body.utf8), "text/plain; charset=utf-8", message.headerLines)
    }
  }

  private func post(_ pending: PendingAlert, keep: Int) -> SinkAnswer {
    let entry = pending.row
    let (body, contentType, formatHeaders) = body(for: pending)
    return post(
      body: body, contentType: contentType, formatHeaders: formatHeaders, id: entry.id,
      idHeader: "X-Feedwatch-Alert-Id", keep: keep)
  }

  /// POSTs one body; `id` is the `Idempotency-Key` and the value of `idHeader`. Up to `keep`
  /// bytes of the receiver's answer are kept for the reply.
  func post(
    body: [UInt8], contentType: String, formatHeaders: [String], id: String, idHeader: String,
    keep: Int
  ) -> SinkAnswer {
    var lines = [
      "Content-Type: \(contentType)", "Idempotency-Key: \(id)", "\(idHeader): \(id)",
    ]
    lines += formatHeaders.map { $0.filter { $0 != "\r" && $0 != "\n" } }
    if let secret = webhook.secret {
      lines.append(
        "X-Feedwatch-Signature: sha256=\(Digest.hmacSHA256Hex(key: secret, message: body))")
    }
    lines += headers.map { "\($0.0): \($0.1)" }

    var request = FetchRequest(
      url: webhook.url, timeout: webhook.timeout, connectTimeout: min(webhook.timeout, 10),
      maxBytes: Self.maxAnswerBytes, userAgent: FeedwatchVersion.userAgent, maxRedirects: 0,
      post: HTTPPost(body: body, headerLines: lines))
    request.shownURL = identity.address
    let result = fetcher.performKeepingAnswer(request, keep: keep)
    let outcome = Self.outcome(of: result.map(\.0), shown: identity.shown)
    switch result {
    case .success(let (response, answer)):
      let text = String(
        String(decoding: answer, as: UTF8.self).split(whereSeparator: \.isNewline).joined(
          separator: " "
        ).drop(while: \.isWhitespace))
      return SinkAnswer(
        outcome: outcome, reply: "HTTP \(response.status)" + (text.isEmpty ? "" : ": " + text))
    case .failure:
      return SinkAnswer(outcome: outcome, reply: "")
    }
  }

  /// The receiver's answer is read only for its status; a longer one is not waited for.
  static let maxAnswerBytes = 1 << 20

  /// 2xx is delivered; a timeout, a transport failure, 408, 429 and 5xx are retried; any
  /// other answer is parked (retrying would not change it).
  static func outcome(of result: Result<FetchResponse, FetchError>, shown: String)
    -> DeliveryOutcome
  {
    let status: Int
    switch result {
    case .success: return .delivered
    case .failure(.http(let code)), .failure(.blocked(let code)),
      .failure(.rateLimited(let code, _)):
      status = code
    case .failure(.gone): status = 410
    case .failure(.tooManyRedirects):
      return .park("\(shown) answered with a redirect; not retried (give the final URL)")
    case .failure(.tooLarge): return .delivered
    case .failure(let error) where error.isAboutTheURL:
      return .park("\(shown): \(error) Not retried (fix the sink's url).")
    case .failure(let error): return .retry("\(shown): \(error)")
    }
    switch status {
    case 408, 429, 500..<600: return .retry("\(shown) answered \(status)")
    default:
      return .park(
        "\(shown) answered \(status); not retried (check the URL, secret and receiver)")
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

extension FetchError {
  /// The URL itself is wrong: no retry can make it right.
  var isAboutTheURL: Bool {
    switch self {
    case .invalidURL, .protocolRefused: true
    default: false
    }
  }
}
