import FeedParser
import Foundation
import Testing

/// Bytes and markup that are not what they claim, fed to the parser directly.
@Suite struct ContentAttackTests {
  @Test func invalidUTF8AndNULBytesGiveCleanText() throws {
    let parsed = try parseFeed(HostileFeeds.invalidUTF8AndNUL).get()
    #expect(parsed.items.count == 2)
    for item in parsed.items {
      for text in [item.title, item.summary].compactMap({ $0 }) {
        #expect(!text.unicodeScalars.contains("\u{0}"), "NUL in \(text.debugDescription)")
      }
    }
    #expect(parsed.items.last?.title == "Second item")
  }

  @Test func aLyingEncodingDeclarationStillReadsTheText() throws {
    let options = FeedParserOptions(contentType: "application/rss+xml; charset=ISO-8859-1")
    let result = parseFeed(Array(HostileFeeds.lyingEncoding.utf8), options: options)
    // Either a clear error or the items; never a crash or a hang.
    switch result {
    case .success(let parsed):
      #expect(parsed.items.count == 1)
      #expect(parsed.items.first?.title?.isEmpty == false)
    case .failure(let error):
      #expect(!error.description.isEmpty)
    }
  }

  @Test func notAFeedIsSaidSo() throws {
    guard case .failure(.notAFeed(let what)) = parseFeed(Array(HostileFeeds.htmlPage.utf8)) else {
      Issue.record("an HTML page parsed as a feed")
      return
    }
    #expect(what.contains("HTML"))
    guard case .failure(let pngError) = parseFeed(HostileFeeds.png) else {
      Issue.record("a PNG parsed as a feed")
      return
    }
    #expect(!pngError.description.isEmpty)
    guard case .failure(.empty) = parseFeed([]) else {
      Issue.record("an empty body parsed as a feed")
      return
    }
  }

  @Test func activeContentNeverReachesTheText() throws {
    let parsed = try parseFeed(Array(HostileFeeds.activeContent.utf8)).get()
    let item = try #require(parsed.items.first)
    // The item's own link is the alert's business (Alert drops non-web links); the text is the parser's.
    let text = [item.title, item.summary, item.content].compactMap { $0 }.joined(separator: "\n")
    #expect(text.contains("Readable text stays."))
    #expect(text.contains("fine link"))
    for marker in HostileFeeds.activeMarkers {
      #expect(!text.contains(marker), "\(marker) came through: \(text)")
    }
  }

  @Test func htmlToTextDropsActiveContent() {
    let text = HTMLText.plainText(
      fromHTML:
        #"<p>Keep</p><script>alert(1)</script><style>x{}</style><iframe>frame</iframe><a href="javascript:x()">link</a>"#
    )
    #expect(text.contains("Keep"))
    #expect(text.contains("link"))
    for marker in ["alert", "x{}", "frame", "javascript"] {
      #expect(!text.contains(marker), "\(marker) in \(text)")
    }
  }

  @Test func absurdDatesAreDroppedOrSane() throws {
    let parsed = try parseFeed(Array(HostileFeeds.absurdDates.utf8)).get()
    #expect(parsed.items.count == 12)
    for item in parsed.items {
      for date in [item.published, item.updated].compactMap({ $0 }) {
        let seconds = date.timeIntervalSince1970
        #expect(seconds.isFinite, "\(item.title ?? "?"): \(seconds)")
        // The parser keeps years 0–99,999 as written (so its arithmetic cannot overflow).
        #expect(abs(seconds) < 100_000 * 366 * 86_400, "\(item.title ?? "?"): \(date)")
      }
    }
  }
}
