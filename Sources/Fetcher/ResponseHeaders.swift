import CCurl

/// Follows the header lines libcurl reports for every response of a transfer (redirects
/// included) and keeps the final response's status and fields, plus where the permanent
/// redirects at the start of the chain led.
struct ResponseHeaders {
  private(set) var status = 0
  private(set) var fields: [String: String] = [:]
  private(set) var permanentRedirect: String?
  private var chainStillPermanent = true

  /// `currentURL` is the URL of the request this response answers (needed to resolve a relative Location).
  mutating func consume(line: String, currentURL: () -> String?) {
    if line.hasPrefix("HTTP/") {
      startResponse(statusLine: line)
    } else if line.allSatisfy(\.isWhitespace) {
      endOfHeaders(currentURL: currentURL)
    } else if let colon = line.firstIndex(of: ":") {
      let name = line[..<colon].trimmingWhitespace().lowercased()
      let value = line[line.index(after: colon)...].trimmingWhitespace()
      fields[name] = fields[name].map { "\($0), \(value)" } ?? value
    }
  }

  private mutating func startResponse(statusLine: String) {
    // "HTTP/1.1 301 Moved Permanently" or "HTTP/2 200"
    let parts = statusLine.split(separator: " ", maxSplits: 2)
    status = parts.count >= 2 ? Int(parts[1].trimmingWhitespace()) ?? 0 : 0
    fields = [:]
  }

  private mutating func endOfHeaders(currentURL: () -> String?) {
    guard (300..<400).contains(status), status != 304, let location = fields["location"] else {
      return
    }
    guard chainStillPermanent, status == 301 || status == 308 else {
      chainStillPermanent = false
      return
    }
    if let base = currentURL(), let target = Self.resolve(location, against: base) {
      permanentRedirect = target
    }
  }

  /// Resolves a Location value against the URL that was requested, with libcurl's URL parser.
  static func resolve(_ location: String, against base: String) -> String? {
    guard let url = curl_url() else { return nil }
    defer { curl_url_cleanup(url) }
    guard curl_url_set(url, CURLUPART_URL, base, 0) == CURLUE_OK,
      curl_url_set(url, CURLUPART_URL, location, 0) == CURLUE_OK
    else { return nil }
    var text: UnsafeMutablePointer<CChar>?
    guard curl_url_get(url, CURLUPART_URL, &text, 0) == CURLUE_OK, let text else { return nil }
    defer { curl_free(text) }
    return String(cString: text)
  }
}
