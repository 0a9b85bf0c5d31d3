public import Extraction
public import FeedParser

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The compiled watch: the extractor (built once per config) and the rules. Immutable; a config
/// reload builds a new one.
public final class Watcher: Sendable {
  public let extractor: Extractor
  public let rules: [Rule]
  private let rulesByName: [String: Rule]

  public init(watchList: WatchList, rules: [Rule]) {
    self.extractor = Extractor(watchList: watchList)
    self.rules = rules
    self.rulesByName = Dictionary(
      rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  public func rule(named name: String) -> Rule? { rulesByName[name] }

  /// The text the extractor reads for an item: its fullest body (content, else summary).
  public static func body(of item: FeedItem) -> String {
    if let content = item.content, !content.isEmpty { return content }
    return item.summary ?? ""
  }

  /// Runs the extraction core over the item and every rule over the result.
  public func alerts(
    for item: FeedItem, itemKey: String, feed: Alert.FeedInfo, feedKey: String, at time: Date
  ) -> [Alert] {
    guard !rules.isEmpty else { return [] }
    let extraction = extractor.extract(Self.body(of: item), title: item.title)
    let context = MatchContext(
      feedName: feed.name, tags: feed.tags + item.categories, extraction: extraction)
    return rules.compactMap { rule in
      guard let matches = rule.condition.evaluate(context) else { return nil }
      return Alert(
        rule: rule, feed: feed, feedKey: feedKey, item: item, itemKey: itemKey, matches: matches,
        extraction: extraction, time: time)
    }
  }
}
