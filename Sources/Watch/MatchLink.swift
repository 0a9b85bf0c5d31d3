import TextTrimming

/// A link in the form items are matched by (`ItemFacets`): the same article whether the feed
/// links it over http or https, with or without tracking parameters, with any case of host.
///
/// Part of `ItemFacets`: a change here changes stored facets, and must bump its `version`.
enum MatchLink {
  /// Query parameters that say where a reader came from, not what they read.
  static let trackingParameters: Set<String> = [
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_hsenc", "_hsmi", "mkt_tok", "wt_mc", "at_medium", "at_campaign",
  ]

  /// An http(s) link without its scheme, fragment, default port and tracking parameters, host
  /// lower-cased; any other text trimmed, without its fragment. Nil for an empty one.
  static func form(of link: String) -> String? {
    var text = link.trimmingWhitespace()
    // Nearly every link is ASCII: read its bytes, not its Characters (a poll forms every new
    // item's link and guid). Both readings give the same form; `FacetFoldingTests` checks it.
    let isASCII = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    return isASCII ? text.withUTF8(asciiForm(in:)) : anyForm(of: Substring(text))
  }

  /// `form(of:)` of trimmed text of any script, by Characters.
  static func anyForm(of trimmed: Substring) -> String? {
    var text = trimmed
    if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
    guard !text.isEmpty else { return nil }
    guard let schemeEnd = text.firstRange(of: "://") else { return String(text) }
    let scheme = text[..<schemeEnd.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else { return String(text) }
    let rest = text[schemeEnd.upperBound...]
    let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
    var host = rest[..<hostEnd].lowercased()
    for port in [":80", ":443"] where host.hasSuffix(port) { host.removeLast(port.count) }
    let pathAndQuery = rest[hostEnd...]
    let queryStart = pathAndQuery.firstIndex(of: "?") ?? pathAndQuery.endIndex
    let path = pathAndQuery[..<queryStart]
    let kept = pathAndQuery[queryStart...].dropFirst().split(separator: "&").filter { parameter in
      let name = parameter.prefix { $0 != "=" }.lowercased()
      return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
    }
    return "//" + host + (path.isEmpty ? "/" : path)
      + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
  }

  /// `form(of:)` of trimmed ASCII text, by bytes.
  static func asciiForm(of bytes: [UInt8]) -> String? {
    bytes.withUnsafeBufferPointer(asciiForm(in:))
  }

  /// The same, written straight into the form's storage: one allocation for a link.
  static func asciiForm(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
    let end = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
    let text = UnsafeBufferPointer(rebasing: bytes[..<end])
    guard !text.isEmpty else { return nil }
    guard let schemeEnd = firstSchemeSeparator(in: text), isHTTP(text[..<schemeEnd]) else {
      return String(decoding: text, as: UTF8.self)
    }
    let hostStart = schemeEnd + 3
    let hostEnd =
      text[hostStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
      ?? text.endIndex
    let host = dropping(":443", from: dropping(":80", from: text[hostStart..<hostEnd]))
    let queryStart = text[hostEnd...].firstIndex(of: UInt8(ascii: "?")) ?? text.endIndex
    let path = text[hostEnd..<queryStart]
    // Never longer than the text with "//" and a "/" for a missing path.
    return String(unsafeUninitializedCapacity: text.count + 3) { form in
      var count = 0
      func append(_ byte: UInt8) {
        form[count] = byte
        count += 1
      }
      append(UInt8(ascii: "/"))
      append(UInt8(ascii: "/"))
      for byte in host { append(lowercased(byte)) }
      if path.isEmpty { append(UInt8(ascii: "/")) }
      for byte in path { append(byte) }
      guard queryStart < text.endIndex else { return count }
      var separator = UInt8(ascii: "?")
      for parameter in text[(queryStart + 1)...].split(separator: UInt8(ascii: "&"))
      where !isTracking(parameter) {
        append(separator)
        separator = UInt8(ascii: "&")
        for byte in parameter { append(byte) }
      }
      return count
    }
  }

  /// Whether `scheme` is http or https, in any case.
  private static func isHTTP(_ scheme: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard scheme.count == 4 || scheme.count == 5 else { return false }
    let start = scheme.startIndex
    return lowercased(scheme[start]) == UInt8(ascii: "h")
      && lowercased(scheme[start + 1]) == UInt8(ascii: "t")
      && lowercased(scheme[start + 2]) == UInt8(ascii: "t")
      && lowercased(scheme[start + 3]) == UInt8(ascii: "p")
      && (scheme.count == 4 || lowercased(scheme[start + 4]) == UInt8(ascii: "s"))
  }

  /// `host` without `port` at its end, if it ends so.
  private static func dropping(_ port: StaticString, from host: Slice<UnsafeBufferPointer<UInt8>>)
    -> Slice<UnsafeBufferPointer<UInt8>>
  {
    let suffix = UnsafeBufferPointer(start: port.utf8Start, count: port.utf8CodeUnitCount)
    guard host.count >= suffix.count, host.suffix(suffix.count).elementsEqual(suffix) else {
      return host
    }
    return host.dropLast(suffix.count)
  }

  /// Whether a query parameter says where the reader came from (its name is a tracking one).
  private static func isTracking(_ parameter: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let name = String(
      decoding: parameter.prefix { $0 != UInt8(ascii: "=") }.map(lowercased), as: UTF8.self)
    return name.hasPrefix("utm_") || trackingParameters.contains(name)
  }

  private static func firstSchemeSeparator(in text: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = text.startIndex
    while index + 2 < text.endIndex {
      if text[index] == UInt8(ascii: ":") && text[index + 1] == UInt8(ascii: "/")
        && text[index + 2] == UInt8(ascii: "/")
      {
        return index
      }
      index += 1
    }
    return nil
  }

  private static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
  }
}
