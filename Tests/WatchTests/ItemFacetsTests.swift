import FeedParser
import Testing

@testable import Watch

/// Whether an item as a feed lists it now is the item it listed before, when the feed's own
/// changes gave it another key.
@Suite struct ItemFacetsTests {
  static func item(_ xml: String) throws -> FeedItem {
    let document =
      "<rss version=\"2.0\"><channel><title>t</title><item>\(xml)</item></channel></rss>"
    return try #require(try parseFeed(Array(document.utf8)).get().items.first)
  }

  static let date = "<pubDate>Mon, 07 Dec 2026 06:00:00 +0000</pubDate>"
  static let otherDate = "<pubDate>Mon, 07 Dec 2026 06:00:01 +0000</pubDate>"

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var before: String
    var now: String
    var same: Bool
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "a guid added", before: "<title>A</title><link>http://x.org/a</link>",
      now: "<title>A</title><link>http://x.org/a</link><guid>a-1</guid>", same: true),
    Case(
      name: "the link moved to https", before: "<title>A</title><link>http://x.org/a</link>",
      now: "<title>A</title><link>https://x.org/a</link>", same: true),
    Case(
      name: "utm parameters added", before: "<link>https://x.org/a?id=7</link>",
      now: "<link>https://x.org/a?utm_source=rss&amp;id=7&amp;utm_medium=feed</link>", same: true),
    Case(
      name: "fbclid and gclid added", before: "<link>https://x.org/a</link>",
      now: "<link>https://x.org/a?fbclid=abc&amp;gclid=def</link>", same: true),
    Case(
      name: "host case, default port and fragment", before: "<link>https://x.org/a</link>",
      now: "<link>https://X.ORG:443/a#comments</link>", same: true),
    Case(
      name: "a permalink guid moved to https", before: "<guid>http://x.org/a?utm_campaign=c</guid>",
      now: "<guid>https://x.org/a</guid>", same: true),
    Case(
      name: "no guid or link, the summary edited",
      before: "<title>Strike  called</title>\(date)<description>first</description>",
      now: "<title>strike called</title>\(date)<description>second</description>", same: true),
    Case(
      name: "a link of another article", before: "<link>https://x.org/a?id=7</link>",
      now: "<link>https://x.org/a?id=8</link>", same: false),
    Case(
      name: "other guids, the same link",
      before: "<guid>live-1</guid><link>https://x.org/live</link>",
      now: "<guid>live-2</guid><link>https://x.org/live</link>", same: false),
    Case(
      name: "the same title a second later", before: "<title>Update</title>\(date)",
      now: "<title>Update</title>\(otherDate)", same: false),
    Case(
      name: "undated items of one title", before: "<title>Update</title>",
      now: "<title>Update</title>", same: false),
    Case(
      name: "untitled items of one date", before: "\(date)<description>a</description>",
      now: "\(date)<description>b</description>", same: false),
    Case(
      name: "another path", before: "<link>https://x.org/a</link>",
      now: "<link>https://x.org/b</link>", same: false),
  ]

  @Test(arguments: cases)
  func matches(_ example: Case) throws {
    let before = ItemFacets(of: try Self.item(example.before))
    let now = ItemFacets(of: try Self.item(example.now))
    #expect(now.matches(before) == example.same)
    #expect(before.matches(now) == example.same)
  }

  @Test(arguments: [
    ("http://Example.org/a", "//example.org/a"),
    ("https://example.org:443/a/b?x=1&utm_source=rss#top", "//example.org/a/b?x=1"),
    ("https://example.org?UTM_Medium=x&mc_cid=1&msclkid=2", "//example.org/"),
    ("https://example.org/a?page=2&gclid=1&q", "//example.org/a?page=2&q"),
    ("  https://example.org/a  ", "//example.org/a"),
    ("tag:example.org,2026:1", "tag:example.org,2026:1"),
    ("#only-a-fragment", nil),
  ])
  func linkForms(link: String, form: String?) {
    #expect(MatchLink.form(of: link) == form)
  }

  /// Facets are stored: the way they are made may change only with a new version.
  @Test func storedFormIsPinnedToItsVersion() throws {
    #expect(ItemFacets.version == 1)
    let facets = ItemFacets(
      of: try Self.item(
        "<title>A  Title</title><link>https://x.org/a?utm_source=1</link><guid>G</guid>"
          + Self.date))
    #expect(facets.guid == "G")
    #expect(facets.link == "//x.org/a")
    #expect(
      facets.titleDate == "eaaa8e935e77231b24cbf27c092a5dade8b9fe53b8b38a5caa9aab0c259aa069")
  }

  @Test func aDocumentListingAnItemTwiceHasItOnce() throws {
    var index = ItemFacetIndex()
    let first = ItemFacets(of: try Self.item("<link>https://x.org/a</link>"))
    let copy = ItemFacets(of: try Self.item("<link>http://x.org/a?utm_source=x</link>"))
    let other = ItemFacets(of: try Self.item("<link>https://x.org/b</link>"))
    #expect(index.firstMatch(for: first) == nil)
    index.add(first)
    #expect(index.firstMatch(for: copy) == first)
    #expect(index.firstMatch(for: other) == nil)
    // A guid is never found by a link that reads the same.
    let guidOnly = ItemFacets(guid: "//x.org/a", link: nil, titleDate: nil)
    #expect(ItemFacetIndex().firstMatch(for: guidOnly) == nil)
    var links = ItemFacetIndex()
    links.add(ItemFacets(guid: nil, link: "//x.org/a", titleDate: nil))
    #expect(links.firstMatch(for: guidOnly) == nil)
  }
}
