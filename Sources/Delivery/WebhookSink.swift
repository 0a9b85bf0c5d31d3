import CCurl
import Config
import Fetcher
import Store
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// POSTs each alert to a URL. 2xx is delivered; timeouts, 408, 429 and 5xx are retried with
/// backoff; any other 4xx is parked with its error (retrying would not change the answer).
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

  init(
    name: String, url: String, secret: String?, headers: [(String, String)],
    format: Config.WebhookFormat,
    timeout: Double,
    rules: Set<String>?
  ) {
    self.name = name
    self.url = url
    self.secret = secret
    self.headers = headers
    self.format = format
    self.timeout = timeout
    self.rules = rules
  }

  package func deliver(_ batch: [OutboxAlert]) -> [DeliveryOutcome] {
    batch.map(post)
  }

  /// The request body and its content type for one alert.
  func body(for entry: OutboxAlert) -> (bytes: [UInt8], contentType: String, title: String?) {
    let alert = try? Alert.decode(jsonLine: entry.json)
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

  private func post(_ entry: OutboxAlert) -> DeliveryOutcome {
    let (body, contentType, title) = body(for: entry)
    var lines = [
      "Content-Type: \(contentType)", "Idempotency-Key: \(entry.id)",
      "X-Feedwatch-Alert-Id: \(entry.id)",
      "User-Agent: \(FeedwatchVersion.userAgent)", "Expect:",
    ]
    if let title { lines.append("Title: \(title.filter { $0 != "\r" && $0 != "\n" })") }
    if let secret {
      lines.append(
        "X-Feedwatch-Signature: sha256=\(Digest.hmacSHA256Hex(key: secret, message: body))")
    }
    lines += headers.map { "\($0.0): \($0.1)" }

    guard let easy = curl_easy_init() else { return .retry("cannot create a curl handle") }
    defer { curl_easy_cleanup(easy) }
    var list: UnsafeMutablePointer<curl_slist>?
    for line in lines { list = curl_slist_append(list, line) }
    defer { curl_slist_free_all(list) }
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))
    let code: CURLcode = body.withUnsafeBytes { bytes in
      errorBuffer.withUnsafeMutableBufferPointer { errors in
        _ = fw_easy_setopt_string(easy, CURLOPT_URL, url)
        _ = fw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = fw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = fw_easy_setopt_long(easy, CURLOPT_POST, 1)
        _ = fw_easy_setopt_pointer(
          easy, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        _ = fw_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, bytes.count)
        _ = fw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        _ = fw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = fw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        _ = fw_easy_setopt_pointer(
          easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errors.baseAddress))
        // The receiver's answer is not needed: discard it.
        _ = fw_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { _, size, count, _ in
          size * count
        }
        return curl_easy_perform(easy)
      }
    }
    guard code == CURLE_OK else {
      let detail = String(
        decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return .retry(
        "webhook \(url): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)")
    }
    var status = 0
    _ = fw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
    switch status {
    case 200..<300: return .delivered
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
