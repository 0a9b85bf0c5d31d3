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
    var text = Substring(link.trimmingWhitespace())
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
}
