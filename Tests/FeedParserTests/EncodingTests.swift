import FeedParser
import Foundation
import Testing

@Suite struct EncodingTests {
  // Declared ISO-8859-1 (German umlauts).
  @Test func declaredLatin1() throws {
    let (_, items) = try parsed(fixture("miniflux__encoding_ISO-8859-1.xml"))
    #expect(items.count == 40)
    #expect(items[0].summary?.contains("Viele Spieler wünschen sich") == true)
  }

  // No declaration, but ISO-8859-1 bytes: read as windows-1252 instead of failing as UTF-8.
  @Test func undeclaredLatin1FallsBackToWindows1252() throws {
    let (_, items) = try parsed(fixture("miniflux__no_encoding_ISO-8859-1.xml"))
    #expect(items.count == 10)
    #expect(items[0].summary?.contains("études") == true)
  }

  // Declared windows-1251 (Cyrillic), decoded through iconv.
  @Test func windows1251() throws {
    let (feed, items) = try parsed(fixture("miniflux__encoding_WINDOWS-1251.xml"))
    #expect(feed.subtitle == "Новый цитатник Рунета")
    #expect(items.count == 50)
  }

  // The HTTP charset overrides the XML declaration (RFC 7303).
  @Test func httpCharsetWins() throws {
    var bytes = Array(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>".utf8)
    bytes += [0x63, 0x61, 0x66, 0xE9]  // "café" in ISO-8859-1
    bytes += Array("</title></channel></rss>".utf8)
    let (feed, _) = try parsed(
      bytes, options: FeedParserOptions(contentType: "application/rss+xml; charset=ISO-8859-1"))
    #expect(feed.title == "café")
  }

  @Test func utf16WithByteOrderMark() throws {
    let text =
      "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Ωμέγα</title></channel></rss>"
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let (feed, _) = try parsed(bytes)
    #expect(feed.title == "Ωμέγα")
  }

  // 1-byte and 16 KB chunks give the same items as one buffer (characters split across chunks).
  @Test(arguments: [1, 7, 16 * 1024])
  func chunkedFeedingMatchesWholeBuffer(size: Int) throws {
    for name in [
      "feedjira__TenderLovemaking.xml", "miniflux__encoding_WINDOWS-1251.xml",
      "feedjira__json_feed.json",
    ] {
      let bytes = try fixture(name)
      let (whole, wholeItems) = try parsed(bytes)
      let (result, items) = parsedInChunks(bytes, size: size)
      #expect(try result.get() == whole)
      #expect(items == wholeItems)
    }
  }
}
