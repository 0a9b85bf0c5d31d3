import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Feed lists through the binary: `feedwatch check` shows what a list gives and skips,
/// `feedwatch feeds export` writes a list that reads back the same, and `feedwatch run`
/// follows a list's changes on SIGHUP.
@Suite struct FeedListProcessTests {
  func feedwatch(_ arguments: [String], withErrors: Bool = true) throws -> (
    status: Int32, output: String
  ) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: withErrors)
  }

  /// The reader exports of the feed-list tests (Miniflux, FreshRSS, NetNewsWire, Feedly,
  /// Inoreader, newsboat) and the plain list.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("FeedListsTests/Fixtures")
  static let readerExports = [
    "miniflux.opml", "freshrss.opml.xml", "netnewswire.opml", "feedly.opml", "inoreader.xml",
    "newsboat.opml", "more.txt",
  ]

  func write(_ text: String, to name: String, in harness: DaemonHarness) throws -> String {
    let file = harness.folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  /// The feeds `feeds export --format json` prints: url → (name, tags).
  func exported(_ config: String) throws -> [String: [String: [String]]] {
    let result = try feedwatch(
      ["feeds", "export", "--format", "json", "--config", config], withErrors: false)
    #expect(result.status == 0, "\(result.output)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let feeds = try #require(object["feeds"] as? [[String: Any]])
    var byURL: [String: [String: [String]]] = [:]
    for feed in feeds {
      let url = try #require(feed["url"] as? String)
      byURL[url] = [
        "name": [try #require(feed["name"] as? String)], "tags": feed["tags"] as? [String] ?? [],
      ]
    }
    return byURL
  }

  @Test func checkShowsTheListsTheirSkippedEntriesAndDuplicates() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let lists = Self.readerExports.map { Self.fixtures.appendingPathComponent($0).path }
    let config = try write(
      """
      {"stateDirectory": "state",
       "feeds": [{"url": "https://www.aljazeera.com/xml/rss/all.xml", "name": "aljazeera"}],
       "feedLists": [\(lists.map { "\"\($0)\"" }.joined(separator: ", "))]}
      """, to: "config.json", in: harness)
    let check = try feedwatch(["check", "--config", config])
    #expect(check.status == 0, "\(check.output)")
    let output = check.output
    #expect(output.contains("feed lists (7):"))
    #expect(output.contains("\(lists[0]) (OPML 2.0): 3 feeds added"))
    #expect(output.contains("\(lists[4]) (OPML 1.0): 2 feeds added, 2 skipped"))
    #expect(
      output.contains(
        "line 12: outline \"Reading list\" has no xmlUrl and no outlines inside; it is not a feed"))
    #expect(output.contains("line 14: \"https://example.gov.iq/news\" is an outline of type"))
    #expect(
      output.contains("line 6: \"file:///srv/feeds/local.xml\" is not an http:// or https://"))
    // A feed of a list, with its tags and where it comes from.
    let kurdistan = try #require(
      output.split(separator: "\n").first { $0.contains("kurdistan24.net/en/rss") })
    #expect(kurdistan.contains("Kurdistan 24"))
    #expect(kurdistan.contains("tags: News, Regional"))
    #expect(kurdistan.contains("from netnewswire.opml"))
    // Al Jazeera is in the config, in Miniflux's export and in the plain list: one feed, and a
    // warning for each list naming both places.
    #expect(
      output.components(separatedBy: "https://www.aljazeera.com/xml/rss/all.xml\n").count <= 2)
    #expect(
      output.contains(
        "feedLists[0]: https://www.aljazeera.com/xml/rss/all.xml (\(lists[0]) line 12) is also "
          + "feeds[0]; polled once, as \"aljazeera\", with the tags of both"))
    #expect(
      output.contains(
        "feedLists[6]: https://www.aljazeera.com/xml/rss/all.xml (\(lists[6]) line 2) is also "
          + "feeds[0]"))
  }

  @Test func aBrokenListStopsCheckWithItsFileLineAndCause() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let list = try write(
      "<?xml version=\"1.0\"?>\n<opml version=\"2.0\">\n<body>\n"
        + "<outline text=\"News\" xmlUrl=\"https://a.example/rss\">\n</body>\n</opml>\n",
      to: "feeds.opml", in: harness)
    let config = try write(#"{"feedLists": ["feeds.opml"]}"#, to: "config.json", in: harness)
    let check = try feedwatch(["check", "--config", config])
    #expect(check.status == 78)
    #expect(
      check.output.hasPrefix("feedwatch: error: \(list): line 5: not well-formed XML: "),
      "\(check.output)")
    #expect(check.output.contains("(feedLists[0] of \(config))"))

    _ = try write("<rss version=\"2.0\"><channel/></rss>\n", to: "feeds.opml", in: harness)
    let notOPML = try feedwatch(["check", "--config", config])
    #expect(notOPML.status == 78)
    #expect(notOPML.output.contains("\(list): line 1: not OPML: the root element is <rss>"))
  }

  /// Every reader's export and the config's own feeds, exported as OPML and read back as a
  /// list: the same feeds, names and tags.
  @Test func exportedOPMLReadsBackTheSame() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let lists = Self.readerExports.map { "\"\(Self.fixtures.appendingPathComponent($0).path)\"" }
    let original = try write(
      """
      {"feeds": [
         {"url": "https://own.example/rss", "name": "own & <special>", "tags": ["a", "b/c", "d,e"]},
         {"url": "https://quiet.example/rss", "enabled": false}],
       "feedLists": [\(lists.joined(separator: ", "))]}
      """, to: "config.json", in: harness)
    let opml = try feedwatch(["feeds", "export", "--config", original], withErrors: false)
    #expect(opml.status == 0)
    #expect(opml.output.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
    #expect(opml.output.contains(#"category="a""#))
    _ = try write(opml.output, to: "exported.opml", in: harness)
    let reloaded = try write(
      #"{"feedLists": ["exported.opml"]}"#, to: "reloaded.json", in: harness)

    let before = try exported(original)
    let after = try exported(reloaded)
    #expect(before.count == 23)
    #expect(Set(after.keys) == Set(before.keys))
    for (url, feed) in before {
      #expect(after[url]?["name"] == feed["name"], "\(url)")
      #expect(Set(after[url]?["tags"] ?? []) == Set(feed["tags"] ?? []), "\(url)")
    }
    #expect(before["https://own.example/rss"]?["tags"] == ["a", "b/c", "d,e"])
    // Tags that OPML's category can carry keep their order too.
    #expect(after["https://www.kurdistan24.net/en/rss"]?["tags"] == ["News", "Regional"])

    // The JSON export is a config of its own with the same feeds.
    let json = try feedwatch(
      ["feeds", "export", "--format", "json", "--config", original], withErrors: false)
    let asConfig = try write(json.output, to: "from-json.json", in: harness)
    #expect(try exported(asConfig) == before)
    #expect(json.output.contains(#""enabled" : false"#))
  }

  /// SIGHUP re-reads the list: a feed added is polled, one removed is not polled again, one
  /// that stays keeps its state (its next request is conditional on the ETag it had).
  @Test func theDaemonFollowsTheListOnSIGHUP() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let leaving = try ServedFeed(SampleFeed.feed())
    let staying = try ServedFeed(SampleFeed.feed())
    let arriving = try ServedFeed(SampleFeed.feed())
    defer { for feed in [leaving, staying, arriving] { feed.server.stop() } }
    let list = harness.folder.appendingPathComponent("feeds.txt")
    try Data("# watched\n\(leaving.url)\n\(staying.url)\n".utf8).write(to: list)
    _ = try harness.config(feeds: [], extra: #", "feedLists": ["feeds.txt"]"#)
    let (process, notify, errors) = try DaemonProcessTests.startRun(harness)
    defer { if process.isRunning { process.terminate() } }
    let wait = DaemonProcessTests()
    #expect(notify.waitFor("READY=1", seconds: 20))
    #expect(wait.waitUntil(seconds: 20) { leaving.server.requests.count == 1 })
    #expect(wait.waitUntil(seconds: 20) { staying.server.requests.count == 1 })

    try Data("\(staying.url)\n\(arriving.url)  # new\n".utf8).write(to: list)
    kill(process.processIdentifier, SIGHUP)
    #expect(notify.waitFor("RELOADING=1", seconds: 10))
    #expect(notify.waitFor("READY=1", seconds: 10))
    #expect(wait.waitUntil(seconds: 20) { arriving.server.requests.count == 1 })

    // Every configured feed now: the staying one asks with its ETag, the leaving one is not asked.
    kill(process.processIdentifier, SIGUSR1)
    #expect(wait.waitUntil(seconds: 20) { staying.server.requests.count == 2 })
    #expect(staying.server.requests.last?.headers["if-none-match"] == "\"v1\"")
    Thread.sleep(forTimeInterval: 0.5)
    #expect(leaving.server.requests.count == 1)

    kill(process.processIdentifier, SIGTERM)
    #expect(wait.waitUntil(seconds: 15) { !process.isRunning })
    let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let name = { (url: String) in String(url.dropFirst("http://".count)) }
    #expect(
      log.contains(
        "config reloaded; alert log reopened: feeds added: \(name(arriving.url)); "
          + "feeds removed: \(name(leaving.url))"), "\(log)")
  }
}
