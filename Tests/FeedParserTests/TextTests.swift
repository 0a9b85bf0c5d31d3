import FeedParser
import Foundation
import Testing
import TextTrimming

@Suite struct TextTests {
  // HTML named entities are undeclared in XML: they decode instead of cutting the text,
  // and the &amp; after them still works.
  @Test func htmlEntitiesInXML() throws {
    let (feed, items) = try parsed(
      "<rss version=\"2.0\"><channel><title>Caf&eacute;&nbsp;&mdash; news</title><item><title>A &amp; B &hellip; &bogus; &#233;</title></item></channel></rss>"
    )
    #expect(feed.title == "Café — news")
    #expect(items[0].title == "A & B … &bogus; é")
  }

  @Test func cdataAndEscapedHTML() throws {
    let (_, items) = try parsed(
      """
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
      <title><![CDATA[Fish & <b>Chips</b>]]></title>
      <description>&lt;p&gt;First&lt;/p&gt;&lt;p&gt;Second &lt;a href="x"&gt;link&lt;/a&gt;&lt;/p&gt;</description>
      <content:encoded><![CDATA[<div><script>alert(1)</script><style>p{}</style><p onclick="x()">Body   text</p><ul><li>one</li><li>two</li></ul></div>]]></content:encoded>
      </item></channel></rss>
      """)
    #expect(items[0].title == "Fish & Chips")
    #expect(items[0].summary == "First\nSecond link")
    #expect(items[0].content == "Body text\none\ntwo")
    // Made plain once up front, the text reads the same, and so does the item.
    var converted = items[0]
    converted.convertText()
    #expect(converted.summary == "First\nSecond link")
    #expect(converted.content == "Body text\none\ntwo")
    #expect(converted == items[0])
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    #expect(try encoder.encode(converted) == encoder.encode(items[0]))
  }

  @Test func trimmingWhitespace() {
    #expect("  a b \n".trimmingWhitespace() == "a b")
    #expect("\u{A0}é\u{2003}".trimmingWhitespace() == "é")
    #expect("ab".trimmingWhitespace() == "ab")
    #expect(" ".trimmingWhitespace() == "")
    #expect("".trimmingWhitespace() == "")
    #expect("x y".dropFirst(0).trimmingWhitespace() == "x y")
  }

  @Test func htmlToText() {
    #expect(HTMLText.plainText(fromHTML: "  a\n\n  b  ") == "a b")
    #expect(
      HTMLText.plainText(
        fromHTML: "<p>x &amp; y</p><noscript>no</noscript><iframe src=x>f</iframe><br>z")
        == "x & y\nz")
    #expect(HTMLText.plainText(fromHTML: "<h1>T</h1>text<img src=x alt=y>more") == "T\ntextmore")
  }

  // XXE and billion laughs: DTD-declared entities stay literal text; nothing is read or expanded.
  @Test func externalEntityIsNotExpanded() throws {
    let (_, items) = try parsed(
      """
      <?xml version="1.0"?>
      <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><item><title>x&xxe;y</title></item></channel></rss>
      """)
    #expect(items[0].title == "x&xxe;y")
  }

  @Test func billionLaughsStaysLiteral() throws {
    var dtd = "<!ENTITY lol \"lol\">"
    for level in 1...9 {
      let previous = level == 1 ? "lol" : "lol\(level - 1)"
      dtd += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
    }
    let (_, items) = try parsed(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [\(dtd)]><rss version=\"2.0\"><channel><item><title>&lol9;</title></item></channel></rss>"
    )
    #expect(items[0].title == "&lol9;")
  }

  // Links resolve against xml:base (nested) and the document URL.
  @Test func relativeLinks() throws {
    let (feed, items) = try parsed(
      """
      <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
        <link href="/"/>
        <entry xml:base="2024/"><link href="post.html"/><title>a</title></entry>
        <entry><link href="../about"/><title>b</title></entry>
      </feed>
      """, options: FeedParserOptions(baseURL: "http://ignored.example/"))
    #expect(feed.link == "http://example.org/")
    #expect(
      items.map(\.link) == ["http://example.org/blog/2024/post.html", "http://example.org/about"])
    let (_, rssItems) = try parsed(
      "<rss version=\"2.0\"><channel><item><link>item/1</link></item></channel></rss>",
      options: FeedParserOptions(baseURL: "https://news.example.com/feeds/all.xml"))
    #expect(rssItems[0].link == "https://news.example.com/feeds/item/1")
  }
}

@Suite struct AmpersandTests {
  // Bare "&" in query strings is escaped before libxml2 sees it (libxml2 would drop "&b");
  // CDATA keeps its "&" literally; the result does not depend on chunk boundaries.
  @Test func bareAmpersands() throws {
    let text = """
      <rss version="2.0"><channel><item><title>Fish & Chips &amp; peas &#X41;</title>
      <link>http://example.com/?a=1&b=2&c</link>
      <description><![CDATA[<p>Q&A</p>]]></description></item></channel></rss>
      """
    let (_, items) = try parsed(text)
    #expect(items.first?.title == "Fish & Chips & peas A")
    #expect(items.first?.link == "http://example.com/?a=1&b=2&c")
    #expect(items.first?.summary == "Q&A")
    for size in [1, 3, 16] {
      let (result, chunked) = parsedInChunks(Array(text.utf8), size: size)
      #expect(chunked == items)
      #expect((try? result.get()) != nil)
    }
  }
}
