import Foundation
import Testing

@testable import FeedParser

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

  // Labels glibc spells differently: underscores for hyphens, Mac code pages by other names.
  @Test(arguments: [
    ("windows_1251", [UInt8(0xC4)], "Д"), ("macroman", [0x80], "Ä"), ("maclatin2", [0x80], "Ä"),
    ("cp_is", [0x8C], "ð"),
  ])
  func charsetLabelsAsPublishersWriteThem(label: String, byte: [UInt8], expected: String) throws {
    var bytes = Array("<?xml version=\"1.0\" encoding=\"\(label)\"?><rss><channel><title>".utf8)
    bytes += byte
    bytes += Array("</title></channel></rss>".utf8)
    let (feed, _) = try parsed(bytes)
    #expect(feed.title == expected)
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

/// The parser's own UTF-8 check: it must refuse exactly what the standard library would
/// repair, and a String made from bytes it passes must be the standard library's.
@Suite struct UTF8ValidationTests {
  @Test(
    arguments: [
      ([0x61, 0x62], true, true),
      (Array("Président — «naïve» 𝄞".utf8), true, false),
      ([0xC0, 0x80], false, false),  // overlong
      ([0xE0, 0x80, 0x80], false, false),  // overlong
      ([0xED, 0xA0, 0x80], false, false),  // a surrogate
      ([0xF4, 0x90, 0x80, 0x80], false, false),  // above U+10FFFF
      ([0xF5, 0x80, 0x80, 0x80], false, false),
      ([0x61, 0xE2, 0x82], false, false),  // cut short at the end
      ([0x80, 0x61], false, false),  // a continuation byte first
      (Array("eight ascii bytes then é".utf8) + [0xFF], false, false),
    ] as [([UInt8], Bool, Bool)])
  func validityAndTheStringMade(bytes: [UInt8], valid: Bool, ascii: Bool) {
    bytes.withUnsafeBufferPointer { buffer in
      #expect(isValidUTF8(buffer) == valid)
      #expect(isASCII(buffer) == ascii)
      #expect((String(validating: buffer, as: UTF8.self) != nil) == valid)
      if valid { #expect(string(fromValidUTF8: buffer) == String(decoding: buffer, as: UTF8.self)) }
    }
  }
}
