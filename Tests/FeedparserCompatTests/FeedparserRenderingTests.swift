import FeedparserCompat
import Foundation
import Testing

/// `feedwatch parse --format feedparser`: feedparser's result shape for the conformance suite.
@Suite struct FeedparserRenderingTests {
  private func render(
    _ text: String, url: String? = nil, headers: [(name: String, value: String)] = []
  ) throws -> [String: Any] {
    let json = FeedparserRendering.render(Array(text.utf8), url: url, headers: headers)
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  @Test func rssItemShape() throws {
    let result = try render(
      """
      <rss version="0.91"><channel><title>T</title><link>http://example.com/</link>
      <item><title>A &amp; B</title><guid>http://example.com/a</guid>
      <pubDate>Wed, 31 Dec 2003 10:14:55 GMT</pubDate><category domain="http://s/">news</category>
      <description>&lt;p&gt;Hi &lt;a href="/x" onclick="evil()"&gt;x&lt;/a&gt;&lt;script&gt;bad()&lt;/script&gt;&lt;/p&gt;</description>
      </item></channel></rss>
      """, url: "http://example.com/feed.xml", headers: [("Content-Type", "application/rss+xml")])
    #expect(result["version"] as? String == "rss091u")
    #expect(result["bozo"] as? Bool == false)
    let entry = try #require((result["entries"] as? [[String: Any]])?.first)
    #expect(entry["title"] as? String == "A & B")
    #expect(entry["id"] as? String == "http://example.com/a")
    #expect(entry["guidislink"] as? Bool == true)
    #expect(entry["link"] as? String == "http://example.com/a")
    #expect(entry["published_parsed"] as? String == "2003-12-31T10:14:55Z")
    // Relative link resolved against the document URL; script and event handler removed.
    #expect(entry["summary"] as? String == "<p>Hi <a href=\"http://example.com/x\">x</a></p>")
    let tags = try #require(entry["tags"] as? [[String: Any]])
    #expect(tags.first?["term"] as? String == "news")
    #expect(tags.first?["scheme"] as? String == "http://s/")
  }

  // RFC 3023: a text/xml body without charset is us-ascii; non-ASCII bytes override it.
  @Test func httpCharsetRules() throws {
    let result = try render(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>caf\u{E9}</title></channel></rss>",
      url: "http://example.com/f", headers: [("Content-Type", "text/xml"), ("ETag", "\"v1\"")])
    #expect(result["bozo"] as? Bool == true)
    #expect((result["bozo_exception"] as? String)?.hasPrefix("CharacterEncodingOverride") == true)
    #expect(result["encoding"] as? String == "utf-8")
    #expect(result["etag"] as? String == "\"v1\"")
    #expect((result["feed"] as? [String: Any])?["title"] as? String == "café")
  }

  @Test func atomTextConstructsAndBase() throws {
    let result = try render(
      """
      <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/base/">
      <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> title</div></title>
      <entry><title>E</title><link href="p/1"/><updated>2004-01-02T03:04:05+01:00</updated>
      <author><name>Ann</name><email>ann@example.org</email></author></entry></feed>
      """)
    #expect(result["version"] as? String == "atom10")
    let feed = try #require(result["feed"] as? [String: Any])
    let titleDetail = try #require(feed["title_detail"] as? [String: Any])
    #expect(titleDetail["type"] as? String == "application/xhtml+xml")
    #expect(titleDetail["value"] as? String == "A <b>bold</b> title")
    #expect(titleDetail["base"] as? String == "http://example.org/base/")
    let entry = try #require((result["entries"] as? [[String: Any]])?.first)
    #expect(entry["link"] as? String == "http://example.org/base/p/1")
    #expect(entry["updated_parsed"] as? String == "2004-01-02T02:04:05Z")
    #expect(entry["author"] as? String == "Ann (ann@example.org)")
  }

  @Test func notWellFormedIsBozo() throws {
    let result = try render(
      "<rss version=\"2.0\"><channel><title>x</title><item><title>a</item></channel>")
    #expect(result["bozo"] as? Bool == true)
    #expect((result["bozo_exception"] as? String)?.hasPrefix("SAXParseException") == true)
  }
}
