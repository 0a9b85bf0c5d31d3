import Extraction
import FeedParser
import Foundation
import Testing

@testable import Watch

@Suite struct RuleEvaluationTests {
  static let watcherRules = [
    ("withdrawal", "topic:withdrawal"),
    (
      "faction-withdrawal", "topic:withdrawal AND faction:\"Harakat al-Nujaba\" AND NOT tag:opinion"
    ),
    ("keyword", "keyword:\"combat mission\""),
    ("ceasefire", "topic:ceasefire"),
  ]

  func context(_ text: String, title: String? = nil, tags: [String] = []) -> MatchContext {
    let extractor = Extractor(
      watchList: WatchList(
        factions: [WatchEntry(name: "Harakat al-Nujaba", aliases: ["Al-Nujaba", "Nujaba"])],
        keywords: ["combat mission"]))
    return MatchContext(
      feedName: "wire", tags: tags, extraction: extractor.extract(text, title: title))
  }

  let story = """
    Iraq's Al-Nujaba resistance movement called for a complete pullout of American forces from the country.
    The group said the planned withdrawal must include the US Air Force. Officials spoke of the combat mission.
    """

  @Test func topicTermGivesTheSentenceAsEvidence() throws {
    let matches = try #require(try RuleParser.parse("topic:withdrawal").evaluate(context(story)))
    #expect(matches.first?.kind == .topic)
    #expect(matches.contains { $0.text.contains("complete pullout of American forces") })
    #expect(matches.allSatisfy { !$0.text.contains("\n") })
  }

  @Test func watchedFactionMatchesThroughAnAlias() throws {
    let matches = try #require(
      try RuleParser.parse(#"faction:"Harakat al-Nujaba""#).evaluate(context(story)))
    #expect(matches.first?.term == "Harakat al-Nujaba")
  }

  @Test func notExcludesByTag() throws {
    let rule = try RuleParser.parse("topic:withdrawal AND NOT tag:opinion")
    #expect(rule.evaluate(context(story, tags: ["news"])) != nil)
    #expect(rule.evaluate(context(story, tags: ["Opinion"])) == nil)
  }

  @Test func keywordAndFeedTerms() throws {
    #expect(try RuleParser.parse(#"keyword:"combat mission""#).evaluate(context(story)) != nil)
    #expect(try RuleParser.parse("feed:wire").evaluate(context(story)) != nil)
    #expect(try RuleParser.parse("feed:other").evaluate(context(story)) == nil)
  }

  @Test func unrelatedTextDoesNotFire() throws {
    let text = "She made a cash withdrawal from an ATM before the football match in Leeds."
    #expect(try RuleParser.parse("topic:withdrawal").evaluate(context(text)) == nil)
    #expect(
      try RuleParser.parse("topic:withdrawal OR topic:ceasefire").evaluate(context(text)) == nil)
  }

  @Test func orKeepsEvidenceOfEveryBranchThatHeld() throws {
    let matches = try #require(
      try RuleParser.parse(#"topic:withdrawal OR keyword:"combat mission""#).evaluate(
        context(story)))
    #expect(Set(matches.map(\.kind)) == [.topic, .keyword])
  }

  @Test func watcherBuildsOneAlertPerMatchingRuleWithStableIDs() throws {
    let rules = try Self.watcherRules.map { try Rule(name: $0.0, severity: .info, when: $0.1) }
    let watcher = Watcher(
      watchList: WatchList(
        factions: [WatchEntry(name: "Harakat al-Nujaba", aliases: ["Al-Nujaba", "Nujaba"])],
        keywords: ["combat mission"]), rules: rules)
    let item = try #require(
      try parseFeed(
        Array(
          """
          <rss version="2.0"><channel><title>t</title><item><title>Factions demand pullout</title>
          <link>https://example.org/a</link><guid>a-1</guid>
          <description>\(story)</description></item></channel></rss>
          """.utf8)
      ).get().items.first)
    let feed = Alert.FeedInfo(name: "wire", url: "https://example.org/rss", tags: [])
    let alerts = watcher.alerts(
      for: item, itemKey: ItemIdentity.key(for: item), feed: feed, feedKey: feed.url, at: .init())
    #expect(alerts.map(\.rule).sorted() == ["faction-withdrawal", "keyword", "withdrawal"])
    let again = watcher.alerts(
      for: item, itemKey: ItemIdentity.key(for: item), feed: feed, feedKey: feed.url, at: .init())
    #expect(alerts.map(\.id) == again.map(\.id))
    #expect(Set(alerts.map(\.id)).count == 3)
    let line = try alerts[0].jsonLine()
    #expect(!line.contains("\n"))
    #expect(try Alert.decode(jsonLine: line) == alerts[0])
  }
}
