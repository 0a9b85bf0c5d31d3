import Foundation
import Testing

@testable import Config

/// `feedLists`: the lists' feeds join `feeds` with the defaults, named uniquely, once per URL.
@Suite struct FeedListConfigTests {
  /// A folder with a config and the given files beside it, removed when the test ends.
  final class Folder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "feedwatch-lists-\(UUID().uuidString)")

    init(_ files: [String: String]) throws {
      try FileManager.default.createDirectory(
        at: url.appendingPathComponent("lists"), withIntermediateDirectories: true)
      for (name, text) in files {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
      }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func load() throws(ConfigError) -> Config { try ConfigLoader.load(path: path("config.json")) }
  }

  static let opml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <opml version="2.0"><head><title>Reader</title></head><body>
      <outline text="Mideast">
        <outline type="rss" text="Wire" xmlUrl="https://wire.example/rss"/>
        <outline type="rss" text="BBC" xmlUrl="https://bbc.example/rss"/>
      </outline>
      <outline type="rss" text="Wire" xmlUrl="https://other-wire.example/rss"/>
      <outline text="Notes"/>
    </body></opml>
    """

  @Test func listFeedsJoinFeedsWithTheDefaults() throws {
    let folder = try Folder([
      "config.json": """
      {"defaults": {"interval": "10m", "backlog": "2h"},
       "feeds": [{"url": "https://own.example/rss", "name": "Wire", "interval": "5m"}],
       "feedLists": ["lists/reader.opml", "more.txt"],
       "rules": [{"name": "r", "when": "feed:\\"Wire-2\\" AND topic:withdrawal"}]}
      """,
      "lists/reader.opml": Self.opml,
      "more.txt": "# by hand\nhttps://plain.example/feed.xml\n",
    ])
    let config = try folder.load()
    #expect(
      config.feeds.map(\.name) == ["Wire", "Wire-2", "BBC", "Wire-3", "plain.example/feed.xml"])
    let listed = config.feeds[1]
    #expect(listed.url == "https://wire.example/rss")
    #expect(listed.tags == ["Mideast"])
    #expect(listed.interval == 600 && !listed.adaptive)
    #expect(listed.backlog == 7200)
    #expect(listed.list == folder.path("lists/reader.opml"))
    #expect(config.feeds[0].list == nil)
    #expect(
      config.feedLists.map(\.path) == [folder.path("lists/reader.opml"), folder.path("more.txt")])
    #expect(config.feedLists.map(\.feedsAdded) == [3, 1])
    #expect(config.feedLists[0].skipped.map(\.line) == [8])
    #expect(config.warnings.map(\.field) == ["feedLists[0]"])
    #expect(config.warnings[0].message.contains("1 entry is not a feed"))
  }

  @Test func theSameURLTwiceIsOneFeedAndOneWarningNamingBoth() throws {
    let folder = try Folder([
      "config.json": """
      {"feeds": [{"url": "https://wire.example/rss", "name": "wire", "tags": ["agency"]}],
       "feedLists": ["a.opml", "b.txt"]}
      """,
      "a.opml": Self.opml,
      "b.txt": "https://bbc.example/rss\nhttps://new.example/rss\n",
    ])
    let config = try folder.load()
    #expect(
      config.feeds.map(\.url) == [
        "https://wire.example/rss", "https://bbc.example/rss", "https://other-wire.example/rss",
        "https://new.example/rss",
      ])
    #expect(config.feeds[0].name == "wire")
    #expect(config.feeds[0].tags == ["agency", "Mideast"])
    let duplicates = config.warnings.filter { $0.message.contains("is also") }
    #expect(
      duplicates.map(\.description) == [
        "feedLists[0]: https://wire.example/rss (\(folder.path("a.opml")) line 4) is also "
          + "feeds[0]; polled once, as \"wire\", with the tags of both",
        "feedLists[1]: https://bbc.example/rss (\(folder.path("b.txt")) line 1) is also "
          + "\(folder.path("a.opml")) line 5; polled once, as \"BBC\", with the tags of both",
      ])
  }

  @Test func aBrokenListNamesItsFileLineAndCause() throws {
    let folder = try Folder([
      "config.json": #"{"feedLists": ["bad.opml"]}"#,
      "bad.opml":
        "<opml version=\"2.0\">\n<body>\n<outline text=\"A\" xmlUrl=\"https://a.example/rss\">\n</body></opml>\n",
    ])
    #expect {
      try folder.load()
    } throws: { error in
      let text = "\(error)"
      return text.hasPrefix("\(folder.path("bad.opml")): line 4: not well-formed XML: ")
        && text.hasSuffix("(feedLists[0] of \(folder.path("config.json")))")
    }
  }

  @Test func aMissingListOrOneListedTwiceIsAnError() throws {
    let missing = try Folder(["config.json": #"{"feedLists": ["nowhere.opml"]}"#])
    #expect(throws: ConfigError.self) { try missing.load() }
    do {
      _ = try missing.load()
    } catch {
      #expect(error.file == missing.path("config.json"))
      #expect(error.field == "feedLists[0]")
      #expect(error.message.hasPrefix("cannot read \(missing.path("nowhere.opml"))"))
    }
    let device = try Folder(["config.json": #"{"feedLists": ["/dev/zero"]}"#])
    do {
      _ = try device.load()
      Issue.record("a device was read as a feed list")
    } catch {
      #expect(
        error.message == "/dev/zero is not a regular file; a feed list is an OPML or text file")
    }
    let linked = try Folder([
      "config.json": #"{"feedLists": ["link.txt"]}"#, "real.txt": "https://l.example/rss\n",
    ])
    try FileManager.default.createSymbolicLink(
      atPath: linked.path("link.txt"), withDestinationPath: linked.path("real.txt"))
    #expect(try linked.load().feeds.map(\.url) == ["https://l.example/rss"])
    let twice = try Folder([
      "config.json": #"{"feedLists": ["a.txt", "./a.txt"]}"#, "a.txt": "https://a.example/rss\n",
    ])
    do {
      _ = try twice.load()
      Issue.record("a list named twice was accepted")
    } catch {
      #expect(error.field == "feedLists[1]")
    }
  }

  /// 5,000 feeds, several with the same title: every name distinct, and the same every time.
  @Test func namesAreUniqueAndDeterministic() throws {
    var outlines = ""
    for index in 0..<5000 {
      outlines +=
        #"<outline type="rss" text="Feed \#(index % 7)" xmlUrl="https://f\#(index).example/rss"/>"#
        + "\n"
    }
    let folder = try Folder([
      "config.json": #"{"feedLists": ["big.opml"]}"#,
      "big.opml": "<opml version=\"2.0\"><body>\n\(outlines)</body></opml>\n",
    ])
    let first = try folder.load()
    #expect(first.feeds.count == 5000)
    #expect(Set(first.feeds.map(\.name)).count == 5000)
    #expect(first.feeds[7].name == "Feed 0-2")
    #expect(try folder.load().feeds.map(\.name) == first.feeds.map(\.name))
  }
}
