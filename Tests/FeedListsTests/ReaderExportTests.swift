import Testing

@testable import FeedLists

/// The OPML that well-known readers export, read into feeds: names from `title` (else
/// `text`), folders and `category` as tags, entities decoded, what is not a feed skipped.
@Suite struct ReaderExportTests {
  @Test func miniflux() throws {
    let list = try readFixture("miniflux.opml")
    #expect(list.format == .opml(version: "2.0"))
    #expect(
      list.entries.map(\.url) == [
        "https://hnrss.org/frontpage", "https://www.aljazeera.com/xml/rss/all.xml",
        "https://feeds.bbci.co.uk/news/world/middle_east/rss.xml",
        "https://www.rudaw.net/rss/english",
      ])
    let feeds = list.byURL
    #expect(feeds["https://hnrss.org/frontpage"]?.tags == ["All"])
    // "&amp;#8211;" in the file: the title as Miniflux stored it, HTML-escaped.
    #expect(
      feeds["https://www.aljazeera.com/xml/rss/all.xml"]?.title
        == "Al Jazeera – Breaking News, World News and Video from Al Jazeera")
    #expect(feeds["https://www.rudaw.net/rss/english"]?.tags == ["Middle East"])
    #expect(list.skipped.isEmpty)
  }

  @Test func freshRSSWithAByteOrderMark() throws {
    let bytes = try fixture("freshrss.opml.xml")
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    let list = try FeedListReader.read(bytes)
    let feeds = list.byURL
    #expect(feeds["https://www.tomshardware.com/feeds/all"]?.title == "Tom's Hardware")
    #expect(feeds["https://www.tomshardware.com/feeds/all"]?.tags == ["Uncategorized"])
    #expect(feeds["https://shafaq.com/en/rss"]?.tags == ["Iraq & Syria"])
    #expect(feeds["https://english.enabbaladi.net/feed/"]?.title == "Enab Baladi")
    // A web-scraping source is not a feed.
    #expect(feeds["https://example.gov.iq/news"] == nil)
    #expect(
      list.skipped == [
        SkippedEntry(
          line: 14, reason: .notAFeed(type: "HTML+XPath", url: "https://example.gov.iq/news"))
      ])
  }

  @Test func netNewsWireNestedFolders() throws {
    let list = try readFixture("netnewswire.opml")
    #expect(list.format == .opml(version: "1.1"))
    let feeds = list.byURL
    #expect(feeds["https://daringfireball.net/feeds/main"]?.tags == [])
    #expect(feeds["https://www.theguardian.com/world/rss"]?.title == "The Guardian – World")
    #expect(feeds["https://www.theguardian.com/world/rss"]?.tags == ["News"])
    #expect(feeds["https://www.kurdistan24.net/en/rss"]?.tags == ["News", "Regional"])
    #expect(list.entries.map(\.line) == [8, 10, 12])
  }

  @Test func feedlyListsAFeedInEachOfItsFolders() throws {
    let list = try readFixture("feedly.opml")
    #expect(list.format == .opml(version: "1.0"))
    let reuters = "https://www.reutersagency.com/feed/?best-topics=political-general&post_type=best"
    #expect(
      list.entries.map(\.url) == [
        "https://krebsonsecurity.com/feed/", reuters, "https://www.france24.com/en/rss",
      ])
    #expect(list.byURL[reuters]?.tags == ["Security", "World"])
    #expect(list.byURL["https://www.france24.com/en/rss"]?.title == "France 24 – International")
  }

  @Test func inoreaderSkipsWhatItCannotPoll() throws {
    let list = try readFixture("inoreader.xml")
    #expect(list.entries.count == 2)
    #expect(
      list.byURL[
        "https://www.thenationalnews.com/arc/outboundfeeds/rss/category/world/?outputType=xml"]?
        .title == "The National — World")
    #expect(
      list.skipped == [
        SkippedEntry(line: 10, reason: .notWeb(url: "feed://example.org/podcast.xml")),
        SkippedEntry(line: 12, reason: .noURL(title: "Reading list")),
      ])
    #expect(
      list.skipped.map(\.description) == [
        "line 10: \"feed://example.org/podcast.xml\" is not an http:// or https:// URL",
        "line 12: outline \"Reading list\" has no xmlUrl and no outlines inside; it is not a feed",
      ])
  }

  @Test func newsboatCategoriesAreTags() throws {
    let list = try readFixture("newsboat.opml")
    let feeds = list.byURL
    #expect(feeds["https://lwn.net/headlines/rss"]?.tags == ["linux", "news"])
    // A slash-delimited category is a path: its parts are tags, as nested folders are.
    #expect(
      feeds["https://www.crisisgroup.org/rss"]?.tags == ["mideast", "analysis", "long reads"])
    // Neither title nor text: the config names it after its URL.
    #expect(feeds["https://example.org/untitled.xml"]?.title == nil)
  }

  @Test func plainList() throws {
    let list = try readFixture("more.txt")
    #expect(list.format == .plain)
    #expect(
      list.entries.map(\.url) == [
        "https://www.aljazeera.com/xml/rss/all.xml", "https://www.france24.com/en/middle-east/rss",
        "https://www.iraqinews.com/feed/", "https://example.org/page#section",
      ])
    #expect(list.entries.map(\.line) == [2, 3, 5, 8])
    #expect(
      list.skipped == [
        SkippedEntry(line: 6, reason: .notWeb(url: "file:///srv/feeds/local.xml")),
        SkippedEntry(line: 7, reason: .notOneURL(line: "https://example.org/feed two words")),
      ])
  }
}
