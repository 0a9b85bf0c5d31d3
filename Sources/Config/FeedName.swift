/// The name a feed without one goes by: its host and path, so two feeds of one host differ.
enum FeedName {
  /// "example.org/world/rss.xml" for `https://www.example.org/world/rss.xml?x=1`; a file
  /// feed's file name. No scheme, no "www.", no query, no trailing slash.
  static func `default`(for url: String) -> String {
    let rest = url.split(separator: "://", maxSplits: 1).last.map(String.init) ?? url
    if url.hasPrefix("file://") {
      return String(rest.split(separator: "/").last ?? Substring(rest))
    }
    var name = String(rest.prefix { $0 != "?" && $0 != "#" })
    if name.hasPrefix("www.") { name.removeFirst(4) }
    while name.hasSuffix("/") { name.removeLast() }
    return name
  }

  /// `name`, or `name-2`, `name-3`, … : the first that `taken` does not claim. Names are
  /// given in config order, so the same config always gives the same names.
  static func unique(_ name: String, taken: (String) -> Bool) -> String {
    guard taken(name) else { return name }
    var number = 2
    while taken("\(name)-\(number)") { number += 1 }
    return "\(name)-\(number)"
  }
}
