/// The check every list entry's URL passes: feedwatch polls http(s) feeds from lists.
enum WebURL {
  /// Why `url` cannot be polled, or nil when it can.
  static func problem(_ url: String) -> SkippedEntry.Reason? {
    let lower = url.lowercased()
    let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
    guard scheme > 0 else { return .notWeb(url: url) }
    let host = url.dropFirst(scheme).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    guard !host.isEmpty, !url.contains(where: \.isWhitespace) else { return .invalidURL(url) }
    return nil
  }
}
