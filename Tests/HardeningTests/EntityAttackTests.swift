import FeedParser
import Foundation
import TestHTTPServer
import Testing

/// Entity tricks fed to the parser directly: nothing is expanded, read or fetched, and the
/// feed around them still comes out.
@Suite struct EntityAttackTests {
  /// Every text field of a parse result, joined, to search for what must not be there.
  static func allText(_ result: Result<(feed: Feed, items: [FeedItem]), ParseError>) -> String {
    guard case .success(let parsed) = result else { return "" }
    var parts = [parsed.feed.title, parsed.feed.subtitle, parsed.feed.link]
    for item in parsed.items {
      parts +=
        [item.id, item.link, item.title, item.summary, item.content]
        + item.authors.map(Optional.some)
      parts += item.categories.map(Optional.some)
    }
    return parts.compactMap { $0 }.joined(separator: "\n")
  }

  @Test func billionLaughsIsNotExpanded() throws {
    let result = parseFeed(Array(HostileFeeds.billionLaughs.utf8))
    let parsed = try result.get()
    #expect(parsed.items.count == 1)
    let text = Self.allText(result)
    #expect(text.count < 1_000, "entity text was expanded: \(text.count) characters")
    #expect(!text.contains("lollol"))
  }

  @Test func quadraticBlowupIsNotExpanded() throws {
    let result = parseFeed(Array(HostileFeeds.quadraticBlowup.utf8))
    let parsed = try result.get()
    #expect(parsed.items.count == 1)
    let text = Self.allText(result)
    // 20,000 literal "&a;" references at most, never 2 GB of "A".
    #expect(text.utf8.count < 200_000, "entity text was expanded: \(text.utf8.count) bytes")
    #expect(!text.contains(String(repeating: "A", count: 1000)))
  }

  @Test func externalEntitiesReadNoFileAndFetchNoURL() throws {
    let folder = try HardeningHarness()
    let secretFile = try folder.file("secret.txt", Array(HostileFeeds.secret.utf8))
    let listener = try TestHTTPServer { _ in .text(HostileFeeds.secret) }
    defer { listener.stop() }
    let document = HostileFeeds.externalEntities(file: secretFile, url: listener.baseURL + "/xxe")
    let result = parseFeed(Array(document.utf8))
    let parsed = try result.get()
    #expect(parsed.items.count == 1)
    #expect(!Self.allText(result).contains(HostileFeeds.secret))
    #expect(listener.requests.isEmpty, "the parser fetched \(listener.requests.map(\.path))")
  }

  @Test func remoteDTDIsNotLoaded() throws {
    let listener = try TestHTTPServer { _ in
      .text(#"<!ENTITY ext "EXPANDED-FROM-DTD">"#, contentType: "application/xml-dtd")
    }
    defer { listener.stop() }
    let result = parseFeed(Array(HostileFeeds.remoteDTD(url: listener.baseURL + "/evil.dtd").utf8))
    let parsed = try result.get()
    #expect(parsed.items.count == 1)
    #expect(!Self.allText(result).contains("EXPANDED-FROM-DTD"))
    #expect(listener.requests.isEmpty, "the parser fetched \(listener.requests.map(\.path))")
  }

  @Test func deepNestingKeepsTheItemsAroundIt() throws {
    let parsed = try parseFeed(Array(HostileFeeds.deepNesting(100_000).utf8)).get()
    let titles = parsed.items.compactMap(\.title)
    #expect(titles.contains("Before"))
    #expect(titles.contains("After"))
  }

  @Test func streamedInTinyChunksGivesTheSameResult() throws {
    // The daemon feeds bodies as they arrive; an attack split across chunks must fare the same.
    for document in [
      HostileFeeds.billionLaughs,
      HostileFeeds.externalEntities(file: "/etc/passwd", url: "http://127.0.0.1:9"),
    ] {
      let bytes = Array(document.utf8)
      var items: [FeedItem] = []
      let parser = FeedStreamParser { items.append($0) }
      for start in stride(from: 0, to: bytes.count, by: 3) {
        bytes[start..<min(bytes.count, start + 3)].withUnsafeBytes { parser.write($0) }
      }
      _ = try parser.finish().get()
      let whole = try parseFeed(bytes).get()
      #expect(items == whole.items)
      #expect(!items.contains { ($0.title ?? "").contains("root:") })
    }
  }
}
