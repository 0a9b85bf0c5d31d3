import Testing
import TextTrimming

@testable import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Links and titles are folded by bytes when they are ASCII and by Characters otherwise. A
/// stored facet made one way must equal the same item's facet made the other, or an item
/// would alert again: the two readings must agree on every ASCII text.
@Suite struct FacetFoldingTests {
  static let links = [
    "", "#", "#top", "http://x.org", "HTTP://X.ORG:80/a#b", "https://x.org:443?utm_source=a",
    "https://x.org:443:80/", "https://x.org/a?&&id=7&", "https://x.org/a?UTM_Medium=x&Id=1",
    "https://x.org/a?fbclid", "https://x.org/a?=x&gclid=1", "ftp://x.org/a", "x.org/a?utm_x=1",
    "mailto:a@b.org", "://x", "http:/x.org", "https://x.org/p/q?a=1&mc_cid=2#frag",
    "https://user@X.org:8080/a/?b", "http://x.org?", "tag:x.org,2026:1", "http://\r\nx.org/a",
  ]

  static let titles = [
    "", " ", "A", "  Two   Words ", "Tab\tand\nnewline\r\nend", "MiXeD CaSe 123",
    "\u{0B}vertical\u{0C}feed", "\u{1C}group separators\u{1F}", "ünïcödé Title",
  ]

  @Test func linksFormTheSameByBytesAndByCharacters() {
    for link in Self.links + Self.generated(count: 3000, alphabet: Self.linkPieces) {
      let trimmed = link.trimmingWhitespace()
      guard trimmed.utf8.allSatisfy({ $0 < 0x80 }) else { continue }
      #expect(
        MatchLink.asciiForm(of: Array(trimmed.utf8)) == MatchLink.anyForm(of: Substring(trimmed)),
        "\(link.debugDescription)")
    }
  }

  @Test func titlesFoldTheSameByBytesAndByCharacters() {
    for title in Self.titles + Self.generated(count: 3000, alphabet: Self.titlePieces) {
      #expect(
        ItemFacets.folded(title) == ItemFacets.foldedByCharacters(title),
        "\(title.debugDescription)")
    }
  }

  /// The stored digest is SHA-256 of the folded title, a newline and the date in seconds
  /// (the values here are `sha256sum`'s), whichever way the title was folded.
  @Test func titleDigestsAreOfTheFoldedTitleAndTheSecond() {
    let twoWords = "877ca57a1141da9a81632e3e5af44acf38244bb220307568caec3eaca9833ce9"
    let cases: [(title: String, seconds: Double, digest: String?)] = [
      ("Two words", 1_735_689_600, twoWords), ("  TWO \t words\n", 1_735_689_600.9, twoWords),
      (
        "\u{00FC}n\u{00EF}c\u{00F6}d\u{00E9} Title", -1,
        "badad8b5228a4fb5a3ffef255a312130dc421425d51ba5949f0a934c026647fa"
      ),
      ("", 0, nil), (" \r\n ", 0, nil),
    ]
    for (title, seconds, digest) in cases {
      let date = Date(timeIntervalSince1970: seconds)
      #expect(ItemFacets.titleDateDigest(title: title, date) == digest, "\(title.debugDescription)")
    }
  }

  /// A guid is formed as a link when it starts with http:// or https://, read by bytes as by
  /// lower-cased Characters (a combining mark after the prefix joins its last Character).
  @Test func webAddressGuidsAreFoundByBytesAsByCharacters() {
    let pieces = [
      "http", "HTTPS", "hTtP", "s", ":", "/", "//", "://", "x", "\u{0301}", "\u{00E9}", " ",
    ]
    for text in ["http://", "https://\u{0301}x", "http://\u{0301}"]
      + Self.generated(count: 3000, alphabet: pieces)
    {
      let lower = text.lowercased()
      #expect(
        ItemFacets.isWebAddress(text)
          == (lower.hasPrefix("http://") || lower.hasPrefix("https://")),
        "\(text.debugDescription)")
    }
  }

  static let linkPieces = [
    "http", "HTTPS", "://", ":", "/", "//", "?", "&", "=", "#", ":80", ":443", "utm_", "Id",
    "fbclid", "x.org", "A", "1", " ", "\r\n", "%20", "@",
  ]
  static let titlePieces = ["A", "b", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "Z9", "-", "\u{1F}"]

  /// Texts strung from `alphabet` by a fixed generator, so a failure repeats.
  static func generated(count: Int, alphabet: [String]) -> [String] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    return (0..<count).map { _ in
      (0..<Int(next() % 12)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined()
    }
  }
}
