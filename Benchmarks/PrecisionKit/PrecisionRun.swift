import FeedParser
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What one rule did over a set of items: its alerts with their evidence, the baseline's
/// count, and (for labelled items) how many alerts were right and how many items it missed.
public struct RuleTally: Sendable {
  public var rule: String
  public var alerts: [(item: String, matched: [String], evidence: String)] = []
  public var baselineAlerts = 0
  public var truePositives = 0
  public var falsePositives: [String] = []
  public var missed: [String] = []

  /// Right alerts over all alerts on labelled items (1 when it raised none).
  public var precision: Double {
    let fired = truePositives + falsePositives.count
    return fired == 0 ? 1 : Double(truePositives) / Double(fired)
  }

  /// Labelled items it alerted on over all items labelled with it (1 when there are none).
  public var recall: Double {
    let wanted = truePositives + missed.count
    return wanted == 0 ? 1 : Double(truePositives) / Double(wanted)
  }
}

/// Runs the open-web rules and the keyword baseline over items.
public struct PrecisionRun {
  public private(set) var items = 0
  public private(set) var tallies: [RuleTally]
  private let watcher: Watcher
  private let baselines: [String: KeywordBaseline.Compiled]
  private let feed = Alert.FeedInfo(name: "harness", url: "file:harness", tags: [])

  public init() throws {
    watcher = try OpenWebRules.watcher()
    tallies = OpenWebRules.names.map { RuleTally(rule: $0) }
    baselines = Dictionary(
      uniqueKeysWithValues: try KeywordBaseline.all.map { ($0.rule, try $0.compiled()) })
  }

  public mutating func add(_ item: CorpusItem) {
    items += 1
    let feedItem = FeedItem(title: item.title, content: item.body)
    let alerts = watcher.alerts(
      for: feedItem, itemKey: item.source, feed: feed, feedKey: "harness", at: Date())
    let fired = Dictionary(alerts.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    let text = (item.title.map { $0 + "\n\n" } ?? "") + item.body
    let sentences = text.split(whereSeparator: { $0 == "\n" || $0 == "." || $0 == "!" || $0 == "?" }
    )
    let name = item.title.map { "\(item.source) “\($0)”" } ?? item.source
    for index in tallies.indices {
      let rule = tallies[index].rule
      if baselines[rule]?.fires(onSentences: sentences) == true {
        tallies[index].baselineAlerts += 1
      }
      if let alert = fired[rule] {
        tallies[index].alerts.append(
          (name, alert.matches.compactMap(\.matched), alert.matches.first?.text ?? ""))
      }
      guard let labels = item.labels else { continue }
      switch (fired[rule] != nil, labels.contains(rule)) {
      case (true, true): tallies[index].truePositives += 1
      case (true, false): tallies[index].falsePositives.append(name)
      case (false, true): tallies[index].missed.append(name)
      case (false, false): break
      }
    }
  }
}
