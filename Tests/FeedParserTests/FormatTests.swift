import FeedParser
import Foundation
import Testing

@Suite struct FormatTests {
  // RSS 2.0 with content:encoded, dc:creator, categories, sy:update* and ttl.
  @Test func rss20() throws {
    let (feed, items) = try parsed(fixture("feedjira__TenderLovemaking.xml"))
    #expect(feed.kind == .rss20)
    #expect(feed.title == "Tender Lovemaking")
    #expect(feed.ttlMinutes == 60)
    #expect(feed.updatePeriod == "hourly")
    #expect(feed.updateFrequency == 1)
    #expect(items.count == 10)
    let first = try #require(items.first)
    #expect(first.title == "Nokogiri’s Slop Feature")
    #expect(first.link == "http://tenderlovemaking.com/2008/12/04/nokogiris-slop-feature/")
    #expect(first.id == "http://tenderlovemaking.com/?p=198")
    #expect(first.authors == ["Aaron Patterson"])
    #expect(first.categories == ["computadora", "nokogiri", "rails"])
    #expect(first.published == utc(2008, 12, 4, 17, 17, 49))
    #expect(first.content?.hasPrefix("Oops! When I released nokogiri version 1.0.7") == true)
  }

  // A podcast's itunes:owner names the owner, not the author of what follows it.
  @Test func ownerIsNotTheNextAuthor() throws {
    let (_, items) = try parsed(
      """
      <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
      <title>Show</title>
      <itunes:owner><itunes:name>Owner Name</itunes:name></itunes:owner>
      <itunes:author>Show Author</itunes:author>
      <item><title>Episode 1</title></item>
      <item><title>Episode 2</title><itunes:author>Guest Host</itunes:author></item>
      </channel></rss>
      """)
    #expect(items.map(\.authors) == [["Show Author"], ["Guest Host"]])
  }

  // An RSS author is a name, an address, or both: the name is kept, else the address.
  @Test func authorsWrittenAsText() throws {
    let (_, items) = try parsed(
      """
      <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
      <item><dc:creator>  Jo Reporter\u{A0}</dc:creator></item>
      <item><author>jo@example.org (Jo Reporter)</author></item>
      <item><author>(Jo Reporter)</author></item>
      <item><author>mailto:jo@example.org</author></item>
      <item><dc:creator> </dc:creator></item>
      </channel></rss>
      """)
    #expect(
      items.map(\.authors) == [
        ["Jo Reporter"], ["Jo Reporter"], ["Jo Reporter"], ["jo@example.org"], [],
      ])
  }

  // Atom: the first alternate link is the item's page; enclosure and self links never are;
  // an RSS <link> gives way to neither.
  @Test func primaryLinkChoice() throws {
    let (_, items) = try parsed(
      """
      <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/news/">
      <title>T</title>
      <entry><id>1</id><title>a</title>
        <link rel="enclosure" href="/audio.mp3"/><link rel="self" href="self.xml"/>
        <link rel="related" href="related"/><link href="first"/><link rel="alternate" href="second"/>
      </entry>
      <entry><id>2</id><title>b</title><link rel="enclosure" href="/audio.mp3"/></entry>
      </feed>
      """)
    #expect(items.map(\.link) == ["https://example.org/news/first", nil])
  }

  // RSS 1.0 (RDF): items are siblings of the channel; dates come from dc:date.
  @Test func rss10() throws {
    let (feed, items) = try parsed(fixture("feedjira__HREFConsideredHarmful.xml"))
    #expect(feed.kind == .rss10)
    #expect(feed.title == "HREF Considered Harmful")
    #expect(items.count == 10)
    #expect(items[0].title == "Chrome, V8 and Strongtalk")
    #expect(items[0].link == "http://www.avibryant.com/2008/09/chrome-v8-and-s.html")
    #expect(items[0].updated == utc(2008, 9, 2, 19, 50, 7))
  }

  // RSS 0.90 (RDF with the Netscape 0.9 namespace as default namespace).
  @Test func rss090() throws {
    let (feed, items) = try parsed(fixture("miniflux__rdf_UTF8.xml"))
    #expect(feed.kind == .rss090)
    #expect(feed.title == "heise online News")
    #expect(items.count == 60)
    #expect(items[0].title == "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen")
  }

  // Atom 1.0 whose only author is at feed level: entries inherit it.
  @Test func atom10WithFeedLevelAuthor() throws {
    let (feed, items) = try parsed(fixture("nnw__root-author.atom"))
    #expect(feed.kind == .atom10)
    #expect(feed.title == "Florens Verschelde")
    #expect(items.count == 2)
    #expect(items[0].link == "https://fvsch.com/raw-power-mac")
    #expect(items[0].authors == ["Florens Verschelde"])
    #expect(items[0].published == utc(2021, 1, 10, 23))
    #expect(items[0].summary?.hasPrefix("My personal review of RAW Power") == true)
  }

  // xml:lang on the root is the feed's language; a <language> element overrides it; both
  // are read in BCP 47 form.
  @Test func feedLanguageFromRootXMLLang() throws {
    let (atom, _) = try parsed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de-AT\"><title>T</title></feed>")
    #expect(atom.language == "de-AT")
    let (rss, _) = try parsed(
      "<rss version=\"2.0\" xml:lang=\"en\"><channel><language>fr</language></channel></rss>")
    #expect(rss.language == "fr")
    let (blank, _) = try parsed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\"><title>T</title></feed>")
    #expect(blank.language == nil)
    let (underscore, _) = try parsed(
      "<rss version=\"2.0\"><channel><language> en_US </language></channel></rss>")
    #expect(underscore.language == "en-US")
  }

  // Atom 1.0 content of a media type that is neither text nor XML is base64 (RFC 4287).
  @Test func atom10Base64Content() throws {
    let (_, items) = try parsed(
      """
      <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>
      <content type="application/octet-stream">SGVsbG8sIHdvcmxk</content></entry>
      <entry><title>U</title><content type="text/plain">SGVsbG8sIHdvcmxk</content></entry></feed>
      """)
    #expect(items.map(\.content) == ["Hello, world", "SGVsbG8sIHdvcmxk"])
  }

  // Atom 1.0 content of type xhtml (inline markup, not escaped).
  @Test func atomXHTMLContent() throws {
    let (_, items) = try parsed(fixture("feedjira__FeedBurnerXHTML.xml"))
    #expect(items.count == 10)
    #expect(items[0].title == "Stock Watch: April's Finest")
    #expect(items[0].content?.hasPrefix("We always think we know something after a month.") == true)
    #expect(items[0].content?.contains("<") == false)
  }

  @Test func atom03() throws {
    let (feed, items) = try parsed(
      """
      <?xml version="1.0"?>
      <feed version="0.3" xmlns="http://purl.org/atom/ns#">
        <title>Old Atom</title>
        <link rel="alternate" type="text/html" href="http://example.org/"/>
        <modified>2004-01-02T03:04:05Z</modified>
        <entry><title>One</title><link rel="alternate" href="http://example.org/1"/>
          <id>tag:example.org,2004:1</id><issued>2004-01-01T10:00:00-05:00</issued>
          <content type="text/html" mode="escaped">&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;</content></entry>
      </feed>
      """)
    #expect(feed.kind == .atom03)
    #expect(feed.updated == utc(2004, 1, 2, 3, 4, 5))
    #expect(items.map(\.title) == ["One"])
    #expect(items[0].published == utc(2004, 1, 1, 15))
    #expect(items[0].content == "Hello & bye")
  }

  // JSON Feed 1.0 (sniffed by its first byte, not by a file name).
  @Test func jsonFeed() throws {
    let (feed, items) = try parsed(fixture("feedjira__json_feed.json"))
    #expect(feed.kind == .jsonFeed)
    #expect(feed.title == "inessential.com")
    #expect(items.count == 20)
    #expect(items[0].authors == ["Brent Simmons"])
    #expect(items[0].published == utc(2017, 6, 3, 5, 5, 47))
    #expect(items[0].content?.hasPrefix("On Wednesday night I know where I’ll be") == true)
  }

  @Test func jsonFeed11Authors() throws {
    let (_, items) = try parsed(
      """
      {"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": 7, "url": "/a", "content_text": "Hi", "authors": [{"name": "Ann"}], "tags": ["x"],
         "date_modified": "2020-02-03T04:05:06+01:00"}]}
      """, options: FeedParserOptions(baseURL: "https://example.com/feed.json"))
    #expect(
      items == [
        FeedItem(
          id: "7", link: "https://example.com/a", content: "Hi", authors: ["Ann"],
          categories: ["x"], updated: utc(2020, 2, 3, 3, 5, 6))
      ])
  }

  @Test func notFeeds() {
    #expect(parseFeed([]).failure == .empty)
    #expect(parseFeed(Array("  \n ".utf8)).failure == .empty)
    #expect(
      parseFeed(Array("<!DOCTYPE html><html><body>Hi</body></html>".utf8)).failure
        == .notAFeed("an HTML page"))
    #expect(
      parseFeed(Array("<?xml version=\"1.0\"?>\n<html><body/></html>".utf8)).failure
        == .notAFeed("an HTML page"))
    #expect(
      parseFeed([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).failure
        == .notAFeed("a PNG image"))
    #expect(
      parseFeed(Array("{\"hello\": 1}".utf8)).failure == .notAFeed("JSON that is not a JSON Feed"))
    #expect(
      parseFeed(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)).failure
        == .notAFeed("an XML document whose root element is <svg>"))
  }

  @Test func malformedBeforeAnyItem() {
    guard
      case .malformed(let line, _) = parseFeed(Array("<?xml version=\"1.0\"?>\n<<<>>>".utf8))
        .failure
    else {
      Issue.record("expected malformed")
      return
    }
    #expect(line == 2)
    #expect(
      parseFeed(Array("<?xml version=\"1.0\"?>\n<<<>>>".utf8)).failure?.description.hasPrefix(
        "The feed is not well-formed XML") == true)
  }

  // A broken item that never closes is flushed when the next one opens.
  @Test func unclosedItemIsFlushed() throws {
    let (_, items) = try parsed(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><item><title>B</title></item></channel></rss>"
    )
    #expect(items.map(\.title) == ["A", "B"])
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
