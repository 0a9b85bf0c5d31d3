import FeedParser
import Testing

@testable import Watch

@Suite struct ItemIdentityTests {
  func item(_ xml: String) throws -> FeedItem {
    let document =
      "<rss version=\"2.0\"><channel><title>t</title><item>\(xml)</item></channel></rss>"
    return try #require(try parseFeed(Array(document.utf8)).get().items.first)
  }

  @Test func guidWinsOverLink() throws {
    let key = ItemIdentity.key(
      for: try item("<guid>abc-1</guid><link>https://example.org/a</link>"))
    #expect(key == "id:abc-1")
  }

  @Test func linkIsNormalisedWhenThereIsNoGuid() throws {
    let a = ItemIdentity.key(
      for: try item("<link>HTTPS://Example.ORG:443/a?x=1#top</link><title>A</title>"))
    let b = ItemIdentity.key(
      for: try item("<link>https://example.org/a?x=1</link><title>A, updated</title>"))
    #expect(a == "link:https://example.org/a?x=1")
    #expect(a == b)
  }

  @Test func titleAndDateHashWhenNothingElse() throws {
    let a = ItemIdentity.key(
      for: try item("<title>A</title><pubDate>Tue, 27 Jul 2021 09:30:00 +0000</pubDate>"))
    let b = ItemIdentity.key(
      for: try item("<title>A</title><pubDate>Wed, 28 Jul 2021 09:30:00 +0000</pubDate>"))
    #expect(a.hasPrefix("hash:"))
    #expect(a != b)
    #expect(
      a
        == ItemIdentity.key(
          for: try item("<title>A</title><pubDate>Tue, 27 Jul 2021 09:30:00 +0000</pubDate>")))
  }

  @Test func alertIDDependsOnRuleFeedAndItem() {
    let id = Alert.id(rule: "r", feedKey: "f", itemKey: "i")
    #expect(id == Alert.id(rule: "r", feedKey: "f", itemKey: "i"))
    #expect(id != Alert.id(rule: "r2", feedKey: "f", itemKey: "i"))
    #expect(id != Alert.id(rule: "r", feedKey: "f2", itemKey: "i"))
    #expect(id.count == 32)
  }
}
