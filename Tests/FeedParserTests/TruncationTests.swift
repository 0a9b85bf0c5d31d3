import FeedParser
import Foundation
import Testing

/// A document cut short (a generator that stopped, a connection closed early): the items read
/// whole come out, the one open at the cut does not, and the document says it was truncated.
@Suite struct TruncationTests {
  static let whole = """
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0"><channel><title>Wire</title>
    <item><title>First</title><guid>g1</guid><pubDate>Mon, 07 Dec 2026 06:00:00 +0000</pubDate></item>
    <item><title>Second</title><guid>g2</guid><pubDate>Mon, 07 Dec 2026 07:00:00 +0000</pubDate></item>
    </channel></rss>
    """

  /// Parses `text` whole and in small chunks, by the scanner and by libxml2 alone: the items
  /// and the truncation flag must agree every way.
  func readings(_ text: String) -> [(items: [String?], truncated: Bool, ok: Bool)] {
    var results: [(items: [String?], truncated: Bool, ok: Bool)] = []
    for libxml2Only in [false, true] {
      for size in [1, 7, 4096] {
        var items: [FeedItem] = []
        let parser = FeedStreamParser(options: FeedParserOptions(libxml2Only: libxml2Only)) {
          items.append($0)
        }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
          var offset = 0
          while offset < raw.count {
            let end = min(offset + size, raw.count)
            parser.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
            offset = end
          }
        }
        let ok = if case .success = parser.finish() { true } else { false }
        results.append((items.map(\.title), parser.isTruncated, ok))
      }
    }
    return results
  }

  @Test func aWholeDocumentIsNotTruncated() {
    for reading in readings(Self.whole) {
      #expect(reading.ok)
      #expect(reading.items == ["First", "Second"])
      #expect(!reading.truncated)
    }
  }

  @Test(arguments: [
    // Cut inside the second item's title, after its guid, and just before it closes.
    "<item><title>Sec",
    "<item><title>Second</title><guid>g2</guid>",
    "<item><title>Second</title><guid>g2</guid><pubDate>Mon, 07 Dec 2026 07:00:00 +0000</pubDate>",
  ])
  func theItemOpenAtTheCutIsLeftOut(cutAfter tail: String) throws {
    let end = try #require(Self.whole.range(of: tail)).upperBound
    let cut = String(Self.whole[..<end])
    for reading in readings(cut) {
      #expect(reading.ok)
      #expect(reading.items == ["First"])
      #expect(reading.truncated)
    }
  }

  @Test func aDocumentCutAfterItsLastItemIsTruncatedWithEveryItem() throws {
    let end = try #require(Self.whole.range(of: "</item>\n</channel>")).lowerBound
    let cut = String(Self.whole[..<end]) + "</item>"
    for reading in readings(cut) {
      #expect(reading.items == ["First", "Second"])
      #expect(reading.truncated)
    }
  }

  /// An element left open inside a document that goes on to its root's end tag (real podcast
  /// feeds leave an `<itunes:category>` open around their items) is damage, not a cut.
  @Test func anElementLeftOpenBeforeTheRootsEndIsNoTruncation() throws {
    let misnested = """
      <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
      <title>Pod</title><itunes:category text="Technology">
      <item><title>One</title><guid>1</guid></item>
      <item><title>Two</title><guid>2</guid></item>
      </channel>
      </rss>
      <!-- generated in 0.02s -->

      """
    for reading in readings(misnested) {
      #expect(reading.items == ["One", "Two"])
      #expect(!reading.truncated)
    }
    // Cut within that root's end tag, it is truncated again.
    let cutAt = try #require(misnested.range(of: "</channel>\n</rs"))
    for reading in readings(String(misnested[..<cutAt.upperBound])) {
      #expect(reading.items == ["One", "Two"])
      #expect(reading.truncated)
    }
  }

  @Test func anAtomEntryCutShortIsLeftOut() {
    let atom = """
      <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>tag:a,1</id><title>One</title><updated>2026-12-07T06:00:00Z</updated></entry>
      <entry><title>Two</title>
      """
    for reading in readings(atom) {
      #expect(reading.items == ["One"])
      #expect(reading.truncated)
    }
  }

  @Test func parseFeedDocumentSaysSo() throws {
    let cut = String(Self.whole.prefix(while: { $0 != "S" }))
    let result = try parseFeedDocument(Array(cut.utf8)).get()
    #expect(result.isTruncated)
    #expect(result.items.map(\.title) == ["First"])
    #expect(try parseFeedDocument(Array(Self.whole.utf8)).get().isTruncated == false)
  }
}
