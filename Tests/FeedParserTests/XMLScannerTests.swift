import FeedParser
import Foundation
import Testing

/// The scanner that reads well-formed UTF-8 must give what libxml2 alone gives, for every
/// document and however the bytes are cut into chunks: where it cannot read on, libxml2 does.
@Suite struct XMLScannerTests {
  static let chunkSizes = [1, 2, 3, 7, 64, 1 << 20]

  /// Fails unless both readers give the same feed (or error) and items at every chunk size.
  func expectSameAsLibxml2(_ document: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(document.utf8)
    expectSameAsLibxml2(bytes, sourceLocation: sourceLocation)
  }

  func expectSameAsLibxml2(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let reference = read(
      bytes, size: bytes.count + 1, options: FeedParserOptions(libxml2Only: true))
    for size in Self.chunkSizes {
      let scanned = read(bytes, size: size)
      #expect(scanned.feed == reference.feed, "chunks of \(size)", sourceLocation: sourceLocation)
      #expect(scanned.items == reference.items, "chunks of \(size)", sourceLocation: sourceLocation)
      #expect(
        scanned.errorCount == reference.errorCount, "chunks of \(size)",
        sourceLocation: sourceLocation)
    }
  }

  /// The feed, items and number of errors read past, from `bytes` in chunks of `size`.
  func read(_ bytes: [UInt8], size: Int, options: FeedParserOptions = FeedParserOptions())
    -> (feed: Result<Feed, ParseError>, items: [FeedItem], errorCount: Int)
  {
    var items: [FeedItem] = []
    let parser = FeedStreamParser(options: options) { items.append($0) }
    bytes.withUnsafeBytes { raw in
      for start in stride(from: 0, to: raw.count, by: size) {
        parser.write(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + size, raw.count)]))
      }
    }
    return (parser.finish(), items, parser.recoveredErrorCount)
  }

  static func rss(_ items: String, channel: String = "") -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" \
    xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel><title>Channel &amp; co</title><link>http://example.org/</link>\(channel)
    \(items)
    </channel></rss>
    """
  }

  static let plainItem = """
    <item><title>Plain</title><link>http://example.org/a?x=1&amp;y=2</link>\
    <guid isPermaLink='false'>a</guid><pubDate>Wed, 01 May 2024 10:00:00 +0100</pubDate></item>
    """

  @Test func wellFormedText() {
    expectSameAsLibxml2(Self.rss(Self.plainItem))
    expectSameAsLibxml2(
      Self.rss(
        """
        <item><title>Refs: &#8217; &#x2014; &#X41; &lt;b&gt; &quot;q&quot; &apos;</title>
        <description>HTML names: &nbsp;&eacute;&mdash; unknown: &nosuch; bare: a & b, AT&T,
        &#; &#x; &amp</description><dc:creator>Jo</dc:creator></item>
        """))
  }

  @Test func cdataCommentsAndProcessingInstructions() {
    expectSameAsLibxml2(
      Self.rss(
        """
        <?xml-stylesheet href="s.xsl" type="text/xsl"?><!-- a comment - with a dash -->
        <item><title><![CDATA[Brackets ]] and ] and >]]></title>
        <content:encoded><![CDATA[<p>Some <b>HTML</b> &amp; more</p>]]><![CDATA[]]></content:encoded>
        </item><!---->
        """))
  }

  @Test func lineEndingsControlsAndBytesThatAreNotUTF8() {
    var bytes = Array(Self.rss("<item><title>a\r\nb\rc\u{1}d\te</title></item>\r\n").utf8)
    // A windows-1252 quote, a cut sequence, a stray continuation byte, U+FFFF.
    bytes.insert(
      contentsOf: [0x93, 0xE2, 0x80, 0x41, 0x80, 0xEF, 0xBF, 0xBF], at: bytes.count - 30)
    expectSameAsLibxml2(bytes)
    var cdata = Array(Self.rss("<item><title><![CDATA[x\r\ny\u{2}]]></title></item>").utf8)
    cdata.insert(contentsOf: [0x93, 0xEF, 0xBF, 0xBE], at: cdata.count - 35)
    expectSameAsLibxml2(cdata)
  }

  /// Other charsets reach the scanner decoded; at a fault, libxml2 reads on from the decoded text.
  @Test func documentsInOtherCharsets() {
    func encoded(_ text: String, _ charset: String, _ bytes: [UInt8]) -> [UInt8] {
      let parts = Self.rss(text).replacingOccurrences(of: "utf-8", with: charset)
        .components(separatedBy: "#")
      return Array(parts[0].utf8) + bytes + Array(parts[1].utf8)
    }
    // windows-1252 quotes and a dash, ISO-8859-1 letters, windows-1251 Cyrillic, then the same
    // with a mismatched end tag after them.
    let windows1252: [UInt8] = [0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0xE9]
    let cyrillic: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
    for (charset, bytes) in [
      ("windows-1252", windows1252), ("iso-8859-1", windows1252), ("windows-1251", cyrillic),
    ] {
      expectSameAsLibxml2(encoded("<item><title>#</title></item>" + Self.plainItem, charset, bytes))
      expectSameAsLibxml2(
        encoded("<item><title>#</titel></item>" + Self.plainItem, charset, bytes))
    }
    // UTF-16 with a byte order mark, one item.
    let utf16 = Self.rss(Self.plainItem).replacingOccurrences(of: "utf-8", with: "utf-16")
    expectSameAsLibxml2([0xFF, 0xFE] + utf16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
  }

  @Test func namespacesAndAttributes() {
    expectSameAsLibxml2(
      """
      <?xml version='1.0' encoding='UTF-8' standalone='yes'?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="http://example.org/a/">
      <title type="html">A &amp;lt;feed&amp;gt;</title>
      <entry xml:base="entries/"><title>One</title><id>1</id>
      <link rel = "alternate"
        href="one?a=1&amp;b=2&c=3&#38;d"/>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="x&quot;y">Hi\
       <b>there</b></p></div></content>
      <atom:author xmlns:atom="http://www.w3.org/2005/Atom"><atom:name>Ann</atom:name></atom:author>
      </entry>
      <entry xmlns="http://www.w3.org/2005/Atom"><title xmlns="">Undeclared default</title>\
      <id>2</id></entry>
      </feed>
      """)
  }

  @Test func brokenDocumentsReadOnByLibxml2() {
    let documents = [
      // A mismatched end tag between two items.
      Self.rss(Self.plainItem + "<item><title>Two</titel></item>" + Self.plainItem),
      // An undeclared prefix, "<" and "]]>" in text, an invalid character reference.
      Self.rss(Self.plainItem + "<item><media:title>x</media:title><title>a < b</title></item>"),
      Self.rss("<item><title>x ]]> y</title></item>" + Self.plainItem),
      Self.rss("<item><title>nul &#0; here</title></item>" + Self.plainItem),
      // Duplicate and unquoted attributes, an entity in an attribute, a bad namespace name.
      Self.rss("<item><guid a='1' a='2'>x</guid><link href=x>y</link></item>"),
      Self.rss("<item><enclosure url='a&eacute;' xmlns:p='a b'/><title>t</title></item>"),
      // Cut short inside an item, inside a CDATA section, inside a tag.
      String(Self.rss(Self.plainItem + "<item><title>Cut</title><description>half").prefix(400)),
      String(Self.rss("<item><title><![CDATA[never closed").dropLast(22)),
      Self.rss(Self.plainItem).replacingOccurrences(of: "</channel></rss>", with: "</channel><rs"),
      // Content after the root, a DOCTYPE, a declaration after whitespace, no root at all.
      Self.rss(Self.plainItem) + "\n<!-- fine --><?pi fine?>\ntrailing text",
      "<!DOCTYPE rss [<!ENTITY x \"y\">]>\n" + Self.rss(Self.plainItem),
      "\n" + Self.rss(Self.plainItem),
      // A misplaced declaration: an error read past, which with no item makes the feed malformed
      // (on the declaration's line); "XML" in capitals.
      " \r\n\n" + Self.rss(""),
      Self.rss(Self.plainItem + "<?xml version='1.0'?>" + Self.plainItem),
      "\n<?XML version=\"1.0\"?>" + Self.rss(Self.plainItem).dropFirst(38),
      "<?xml version=\"1.0\"?>\n<!-- only a comment -->\n",
      "<?xml version=\"1.1\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
      // A control in an open element's attribute, then a broken end tag.
      "<rss version='2.0'><channel><link href='a\u{0}\u{1}b'>x</a></link></channel></rss>",
      // Not a feed: nothing after the root element is read, errors included.
      "<pss version=\"2.0\">\n<a>\u{0}b</a>\n<c d=e/></pss>",
    ]
    for document in documents { expectSameAsLibxml2(document) }
  }

  /// What libxml2 keeps of a text with "]]>" in it depends on the text before it (a letter
  /// beyond ASCII makes it keep all), so the scanner hands such a text over whole, wherever
  /// the chunks cut it.
  @Test func misplacedCDATAEndInText() {
    let bytes = Array(
      Self.rss(
        "<item><title>x</title><description>Les pays europ\u{E9}ens diff\u{E8}rent \u{EF}\u{F2} "
          + "? ,br />\u{CF}.2 ok?]]></description></item>" + Self.plainItem
      ).utf8)
    let reference = parsedInChunks(
      bytes, size: bytes.count, options: FeedParserOptions(libxml2Only: true))
    for size in 1...80 {
      let scanned = parsedInChunks(bytes, size: size)
      #expect(scanned.1 == reference.1, "chunks of \(size)")
    }
  }

  /// A text cut by many chunk ends is read on from where each chunk ended; one longer than
  /// the scanner keeps waiting for goes to libxml2 whole.
  @Test func longTexts() {
    let escaped = String(repeating: "&lt;p&gt;caf\u{E9} &amp; more\r\n&lt;/p&gt; ", count: 400)
    expectSameAsLibxml2(Self.rss("<item><description>\(escaped)</description></item>"))
    let huge = String(repeating: "word &amp; ", count: 120_000)
    let bytes = Array(Self.rss("<item><description>\(huge)</description></item>").utf8)
    let reference = parsedInChunks(
      bytes, size: bytes.count, options: FeedParserOptions(libxml2Only: true))
    let scanned = parsedInChunks(bytes, size: 16384)
    #expect(scanned.0 == reference.0)
    #expect(scanned.1 == reference.1)
    #expect(scanned.1.first?.summary?.hasSuffix("word &") == true)
  }

  /// A document cut off inside a CDATA section is reported at its end by either reader (libxml2
  /// alone would stop up to 300 bytes before it).
  @Test func truncatedCDATAIsReportedAtTheEnd() {
    let words = String(repeating: "and more words\n", count: 70)
    let document =
      "<rss version=\"2.0\"><channel><title>t</title>\n"
      + "<description><![CDATA[<p>\(words)"
    expectSameAsLibxml2(document)
    for libxml2Only in [false, true] {
      let result = parsedInChunks(
        Array(document.utf8), size: 4096, options: FeedParserOptions(libxml2Only: libxml2Only)
      ).0
      guard case .failure(.malformed(let line, _)) = result else {
        Issue.record("expected a malformed feed, got \(result)")
        continue
      }
      #expect(line == 72)
    }
  }

  /// An error before the first item is reported with its line, which must not depend on where
  /// the scanner handed over.
  @Test func errorLinesCountFromTheDocumentStart() {
    let document = """
      <?xml version="1.0"?>
      <rss version="2.0">
      <channel>

      <title>x</titl>
      </channel></rss>
      """
    expectSameAsLibxml2(document)
    for options in [FeedParserOptions(), FeedParserOptions(libxml2Only: true)] {
      let result = parsedInChunks(Array(document.utf8), size: 5, options: options).0
      guard case .failure(.malformed(let line, _)) = result else {
        Issue.record("expected a malformed feed, got \(result)")
        continue
      }
      #expect(line == 5)
    }
  }

  /// The errors read past are counted, by either reader.
  @Test func recoveredErrorsAreCounted() {
    for libxml2Only in [false, true] {
      let options = FeedParserOptions(libxml2Only: libxml2Only)
      for (document, broken) in [
        (Self.rss(Self.plainItem), false),
        (Self.rss(Self.plainItem + "<item><title>x</titel></item>"), true),
      ] {
        let parser = FeedStreamParser(options: options) { _ in }
        Array(document.utf8).withUnsafeBytes { parser.write($0) }
        _ = parser.finish()
        #expect((parser.recoveredErrorCount > 0) == broken)
      }
    }
  }

  /// libxml2 names the line an element started on: one opened after the hand-over too.
  @Test func elementLinesAfterAHandOver() {
    var bytes = Array("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>t</title>\n\n".utf8)
    bytes += Array("<link href=\"x".utf8) + [0xFF] + Array("\"/>\n<id>x</updated>\n</feed>".utf8)
    expectSameAsLibxml2(bytes)
    let result = parsedInChunks(bytes, size: 7).0
    guard case .failure(.malformed(let line, let message)) = result else {
      Issue.record("expected a malformed feed, got \(result)")
      return
    }
    #expect(line == 5)
    #expect(message.contains("id line 5"))
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
