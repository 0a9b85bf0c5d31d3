public import Config
import Watch

/// What a reload changed, for its log line: feeds added and removed (by URL, their identity),
/// rules added, removed or rewritten (by name).
public struct ConfigChange: Equatable, Sendable {
  public var feedsAdded: [String] = []
  public var feedsRemoved: [String] = []
  public var rulesAdded: [String] = []
  public var rulesRemoved: [String] = []
  public var rulesChanged: [String] = []

  public init(from old: Config, to new: Config) {
    let oldURLs = Set(old.feeds.map(\.url))
    let newURLs = Set(new.feeds.map(\.url))
    feedsAdded = new.feeds.filter { !oldURLs.contains($0.url) }.map(\.name)
    feedsRemoved = old.feeds.filter { !newURLs.contains($0.url) }.map(\.name)
    let oldRules = Dictionary(old.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let newNames = Set(new.rules.map(\.name))
    for rule in new.rules {
      if let before = oldRules[rule.name] {
        if before != rule { rulesChanged.append(rule.name) }
      } else {
        rulesAdded.append(rule.name)
      }
    }
    rulesRemoved = old.rules.map(\.name).filter { !newNames.contains($0) }
  }

  /// "feeds added: a, b; rules changed: x", or "no feed or rule changed".
  public var summary: String {
    func names(_ list: [String]) -> String {
      let shown = list.prefix(5).joined(separator: ", ")
      return list.count > 5 ? "\(shown), … (+\(list.count - 5))" : shown
    }
    var parts: [String] = []
    if !feedsAdded.isEmpty { parts.append("feeds added: \(names(feedsAdded))") }
    if !feedsRemoved.isEmpty { parts.append("feeds removed: \(names(feedsRemoved))") }
    if !rulesAdded.isEmpty { parts.append("rules added: \(names(rulesAdded))") }
    if !rulesRemoved.isEmpty { parts.append("rules removed: \(names(rulesRemoved))") }
    if !rulesChanged.isEmpty { parts.append("rules changed: \(names(rulesChanged))") }
    return parts.isEmpty ? "no feed or rule changed" : parts.joined(separator: "; ")
  }
}
