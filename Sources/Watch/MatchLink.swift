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
    let text = link.trimmingWhitespace()
    // Nearly every link is ASCII: read its bytes, not its Characters (a poll forms every new
    // item's link and guid). Both readings give the same form; `FacetFoldingTests` checks it.
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiForm(of: Array(text.utf8)) }
    return anyForm(of: Substring(text))
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
    let end = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
    let text = bytes[..<end]
    guard !text.isEmpty else { return nil }
    guard let schemeEnd = firstSchemeSeparator(in: text) else { return string(text) }
    let scheme = lowercased(text[..<schemeEnd])
    guard scheme == Array("http".utf8) || scheme == Array("https".utf8) else {
      return string(text)
    }
    let rest = text[(schemeEnd + 3)...]
    let hostEnd =
      rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
    var host = lowercased(rest[..<hostEnd])
    for port in [Array(":80".utf8), Array(":443".utf8)] where host.count >= port.count {
      if host.suffix(port.count).elementsEqual(port) { host.removeLast(port.count) }
    }
    let pathAndQuery = rest[hostEnd...]
    let queryStart = pathAndQuery.firstIndex(of: UInt8(ascii: "?")) ?? pathAndQuery.endIndex
    let path = pathAndQuery[..<queryStart]
    let kept = pathAndQuery[queryStart...].dropFirst().split(separator: UInt8(ascii: "&")).filter {
      parameter in
      let name = string(lowercased(parameter.prefix { $0 != UInt8(ascii: "=") })[...])
      return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
    }
    var form: [UInt8] = Array("//".utf8) + host
    if path.isEmpty { form.append(UInt8(ascii: "/")) } else { form += path }
    for (position, parameter) in kept.enumerated() {
      form.append(UInt8(ascii: position == 0 ? "?" : "&"))
      form += parameter
    }
    return string(form[...])
  }

  private static func firstSchemeSeparator(in text: ArraySlice<UInt8>) -> Int? {
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

  private static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 0x20 : $0 }
  }

  private static func string(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}
