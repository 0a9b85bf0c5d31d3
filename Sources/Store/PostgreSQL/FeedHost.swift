/// The host a feed's URL names, as the fetcher's per-host politeness counts it (lowercased,
/// without user or port): the unit a node leases (`FeedLeases`). "" for a URL without one
/// (file://).
public enum FeedHost {
  public static func of(_ url: String) -> String {
    guard let scheme = url.firstRange(of: "://") else { return "" }
    let rest = url[scheme.upperBound...]
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
    let host: Substring
    if hostAndPort.hasPrefix("["), let end = hostAndPort.firstIndex(of: "]") {
      host = hostAndPort[...end]  // an IPv6 literal keeps its brackets
    } else {
      host = hostAndPort.prefix { $0 != ":" }
    }
    return host.lowercased()
  }
}
