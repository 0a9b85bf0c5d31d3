import CCurl

/// Follows the header lines libcurl reports for every response of a transfer (redirects
/// included) and keeps the final response's status and fields, plus where the permanent
/// redirects at the start of the chain led.
struct ResponseHeaders {
  private(set) var status = 0
  private(set) var fields: [String: String] = [:]
  private(set) var permanentRedirect: String?
  /// Where a redirect response sends the request (resolved), from the end of its headers until
  /// taken: libcurl follows it after that.
  private var redirectTarget: String?
  private var chainStillPermanent = true

  /// `line` is one header line as libcurl delivers it, "\r\n" included. `currentURL` is the URL
  /// of the request this response answers (needed to resolve a relative Location).
  ///
  /// Works on the bytes: a response has a dozen lines and there are thousands of responses
  /// per poll cycle, and Swift's Character-level string handling costs far more than the
  /// ASCII this needs.
  mutating func consume(line: UnsafeRawBufferPointer, currentURL: () -> String?) {
    let line = Self.trimmed(line[...])
    if line.starts(with: Self.httpPrefix) {
      startResponse(statusLine: line)
    } else if line.isEmpty {
      endOfHeaders(currentURL: currentURL)
    } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
      let nameBytes = Self.trimmed(line[..<colon])
      let name = String(unsafeUninitializedCapacity: nameBytes.count) { buffer in
        for (offset, byte) in nameBytes.enumerated() {
          buffer[offset] =
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }
        return nameBytes.count
      }
      let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
      fields[name] = fields[name].map { "\($0), \(value)" } ?? value
    }
  }

  /// The redirect target not taken yet, if any.
  mutating func takeRedirectTarget() -> String? { redirectTarget.take() }

  private static let httpPrefix = Array("HTTP/".utf8)

  /// `bytes` without leading and trailing spaces, tabs, CR and LF.
  private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<
    UnsafeRawBufferPointer
  > {
    func isSpace(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        || byte == UInt8(ascii: "\n")
    }
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, isSpace(bytes[start]) { start += 1 }
    while end > start, isSpace(bytes[end - 1]) { end -= 1 }
    return bytes[start..<end]
  }

  private mutating func startResponse(statusLine: Slice<UnsafeRawBufferPointer>) {
    // "HTTP/1.1 301 Moved Permanently" or "HTTP/2 200": the three digits after the first space.
    status = 0
    fields = [:]
    guard let space = statusLine.firstIndex(of: UInt8(ascii: " ")) else { return }
    var code = 0
    for byte in statusLine[(space + 1)...].prefix(3) {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return }
      code = code * 10 + Int(byte - UInt8(ascii: "0"))
    }
    status = code
  }

  private mutating func endOfHeaders(currentURL: () -> String?) {
    guard (300..<400).contains(status), status != 304, let location = fields["location"] else {
      return
    }
    let target = currentURL().flatMap { Self.resolve(location, against: $0) }
    redirectTarget = target
    guard chainStillPermanent, status == 301 || status == 308 else {
      chainStillPermanent = false
      return
    }
    if let target { permanentRedirect = target }
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
