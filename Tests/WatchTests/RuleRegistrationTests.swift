import Extraction
import Testing
import Watch

/// What a rule adds to the watch list, and the names it may not use undefined.
@Suite struct RuleRegistrationTests {
  private func rule(_ when: String) throws -> Rule {
    try Rule(name: "r", severity: .info, when: when)
  }

  @Test func namedEntitiesAndKeywordsJoinTheWatchListOnce() throws {
    var list = WatchList(factions: [WatchEntry(name: "Kataib Hezbollah", aliases: ["KH"])])
    try rule(#"faction:"kh" OR faction:"Nujaba" OR person:"Sadr" OR keyword:"drone""#)
      .register(in: &list, feedNames: [])
    try rule(#"keyword:"Drone" AND quote.by:person:"sadr""#).register(in: &list, feedNames: [])
    #expect(list.factions.map(\.name) == ["Kataib Hezbollah", "Nujaba"])
    #expect(list.people.map(\.name) == ["Sadr"])
    #expect(list.keywords == ["drone"])
  }

  @Test func anUndefinedTopicOrFeedIsAnError() throws {
    var list = WatchList()
    #expect(throws: RuleRegistrationError.self) {
      try rule("topic:withdrawl").register(in: &list, feedNames: [])
    }
    #expect(throws: RuleRegistrationError.unknownFeed(rule: "r", feed: "b")) {
      try rule("feed:b").register(in: &list, feedNames: ["a"])
    }
    try rule("topic:withdrawal AND feed:a").register(in: &list, feedNames: ["a"])
  }
}
