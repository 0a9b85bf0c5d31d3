import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `feedwatch once` and `run` on a teaser-only feed whose items link to article pages on a
/// local server: the article is read when it can be, the feed's text when it cannot.
@Suite struct ArticleReadingTests {
  /// A news site on 127.0.0.1: a teaser RSS feed, its article pages in a site template,
  /// robots.txt, a challenge page and an endless page.
  final class NewsSite: @unchecked Sendable {
    private let lock = NSLock()
    private var pageDelay: Double = 0
    var server: TestHTTPServer!

    static let seedText: String = {
      let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/seed-article.txt")
      return try! String(contentsOf: url, encoding: .utf8)
    }()
    static var seedTitle: String { String(seedText.split(separator: "\n")[0]) }
    static var seedParagraphs: [String] {
      seedText.split(separator: "\n").dropFirst().map(String.init)
    }

    init() throws {
      server = try TestHTTPServer { [unowned self] request in self.respond(request) }
    }

    var feedURL: String { server.baseURL + "/feed.xml" }
    func slowPages(_ seconds: Double) { lock.withLock { pageDelay = seconds } }
    var articleRequests: [String] {
      server.requests.map(\.path).filter { !$0.hasPrefix("/feed") && $0 != "/robots.txt" }
    }

    private func respond(_ request: TestRequest) -> TestResponse {
      let delay = lock.withLock { pageDelay }
      switch request.path {
      case "/feed.xml": return .text(feed(), contentType: "application/rss+xml")
      case "/robots.txt":
        return .text("User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n")
      case "/news/seed":
        var page = TestResponse.text(
          Self.page(title: Self.seedTitle, paragraphs: Self.seedParagraphs),
          contentType: "text/html; charset=utf-8")
        page.delay = delay
        return page
      case "/challenge/story":
        return .text(
          "<html><head><title>Just a moment...</title></head><body>"
            + "<div id=\"challenge-platform\">Checking your browser</div></body></html>",
          status: 403, contentType: "text/html")
      case "/endless/story":
        let paragraph =
          "<p>" + String(repeating: "More words that never end, ", count: 40) + "</p>\n"
        var endless = TestResponse(
          status: 200, headers: [("Content-Type", "text/html")],
          body: Array(("<html><body><article>" + String(repeating: paragraph, count: 60)).utf8))
        endless.chunkedDelay = 0.0005
        endless.chunkSize = 64 << 10
        endless.endless = true
        return endless
      default:
        guard request.path.hasPrefix("/news/") else { return .text("not found", status: 404) }
        let name = String(request.path.dropFirst("/news/".count))
        var page = TestResponse.text(
          Self.page(title: "Report \(name)", paragraphs: Self.filler(name)),
          contentType: "text/html")
        page.delay = delay
        return page
      }
    }

    private func feed() -> String {
      let now = SampleFeed.rfc822(Date())
      func item(_ guid: String, _ path: String, _ title: String, _ teaser: String) -> String {
        "<item><title>\(title)</title><link>\(server.baseURL)\(path)</link><guid>\(guid)</guid>"
          + "<pubDate>\(now)</pubDate><description>\(teaser)</description></item>"
      }
      let teaser = "The withdrawal of US troops from Iraq continued, officials said."
      let items = [
        item(
          "seed", "/news/seed", Self.seedTitle,
          "Several resistance groups in Iraq welcomed an agreement between Baghdad and Washington."),
        item("private", "/private/story", "Convoy leaves base", teaser),
        item("challenge", "/challenge/story", "Troops pull out of the north", teaser),
        item("endless", "/endless/story", "Last units leave", teaser),
        item("second", "/news/second", "Markets steady", "Shares were little changed on Monday."),
        item(
          "third", "/news/third", "Harvest begins", "Farmers began the harvest early this year."),
      ]
      return "<rss version=\"2.0\"><channel><title>Wire</title>\(items.joined())</channel></rss>"
    }

    static func filler(_ name: String) -> [String] {
      (1...6).map {
        "Paragraph \($0) of the \(name) report describes, at some length and in plain words, what "
          + "happened in the market town over the weekend, who was there and what they said to reporters."
      }
    }

    /// A news site's article template: cookie banner, navigation, share tools, the story,
    /// related links, comments, footer.
    static func page(title: String, paragraphs: [String]) -> String {
      """
      <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title) | Wire</title>
      <meta property="og:title" content="\(title)"></head><body>
      <div id="cookie-banner" class="cookie-consent">We use cookies. <button>Accept</button></div>
      <header><nav class="main-nav"><a href="/">Home</a> <a href="/world">World</a>
      <a href="/iraq">Iraq</a> <a href="/opinion">Opinion</a></nav></header>
      <main><article><h1>\(title)</h1><div class="byline">By Staff</div>
      <div class="share"><a href="#">Share</a> <a href="#">Post</a></div>
      \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
      </article>
      <aside class="related"><h3>Related</h3><ul><li><a href="/a">Nujaba says the Nujaba said things</a></li>
      <li><a href="/b">More on the story</a></li></ul></aside>
      <section class="comments"><div class="comment"><p>Reader: the Nujaba spokesman said "nothing at all" here, believe me.</p></div></section>
      </main><footer class="site-footer">© Wire. All rights reserved.</footer></body></html>
      """
    }
  }

  func writeConfig(_ site: NewsSite, in harness: DaemonHarness, timeout: String = "15s") throws
    -> String
  {
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "defaults": { "timeout": "5s", "connectTimeout": "2s", "articleTimeout": "\(timeout)" },
        "politeness": { "maxPerHost": 2, "spacing": "0s" },
        "feeds": [{"url": "\(site.feedURL)", "name": "wire"}],
        "factions": { "Harakat al-Nujaba": { "aliases": ["Al-Nujaba", "Nujaba"] } },
        "stories": {"window": "0s"},
        "rules": [
          { "name": "nujaba", "when": "quote.by:faction:\\"Harakat al-Nujaba\\"" },
          { "name": "withdrawal", "when": "topic:withdrawal" }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file.path
  }

  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  private func items(_ alerts: [[String: Any]], rule: String) -> [String: [String: Any]] {
    var byGuid: [String: [String: Any]] = [:]
    for alert in alerts where alert["rule"] as? String == rule {
      let item = alert["item"] as? [String: Any] ?? [:]
      byGuid[item["guid"] as? String ?? "?"] = item
    }
    return byGuid
  }

  @Test func readsTheArticleAndFallsBackWithOneLinePerCause() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let site = try NewsSite()
    defer { site.server.stop() }
    let config = try writeConfig(site, in: harness)
    let first = try feedwatch(["once", "--config", config])
    #expect(first.status == 0, "\(first.output)")
    let alerts = try harness.alerts()

    // Only the article names Nujaba's spokesman: the quote alert comes from the page.
    let quoted = items(alerts, rule: "nujaba")
    #expect(Set(quoted.keys) == ["seed"], "\(alerts)")
    #expect(quoted["seed"]?["textFrom"] as? String == "article")
    #expect(quoted["seed"]?["articleURL"] as? String == site.server.baseURL + "/news/seed")
    #expect(quoted["seed"]?["articleError"] == nil)
    let nujaba = alerts.first { $0["rule"] as? String == "nujaba" }
    let quotes = (nujaba?["quotes"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    #expect(quotes.contains { $0.contains("no confidence whatsoever") }, "\(quotes)")
    // Not the comments' or the related links' words.
    #expect(!quotes.contains { $0.contains("nothing at all") })

    // Each page that cannot be read ends with an alert on the feed's text.
    let fellBack = items(alerts, rule: "withdrawal")
    for guid in ["private", "challenge", "endless"] {
      #expect(fellBack[guid]?["textFrom"] as? String == "feed", "\(guid): \(fellBack[guid] ?? [:])")
      #expect(fellBack[guid]?["articleError"] != nil, "\(guid)")
    }
    #expect((fellBack["private"]?["articleError"] as? String)?.contains("robots.txt") == true)
    #expect((fellBack["challenge"]?["articleError"] as? String)?.contains("blocked") == true)
    #expect((fellBack["endless"]?["articleError"] as? String)?.contains("limit") == true)
    // robots.txt is honoured: the disallowed page is never asked for.
    #expect(!site.articleRequests.contains("/private/story"))

    // One log line per host and cause.
    let lines = first.output.split(separator: "\n").filter { $0.contains("article not read") }
    for cause in ["robots.txt", "blocked", "failed"] {
      #expect(
        lines.filter { $0.contains("cause=\"\(cause)\"") || $0.contains("cause=\(cause) ") }.count
          == 1, "\(cause): \(lines)")
    }
    #expect(lines.count == 3, "\(lines)")

    // The host's budget holds for feed, robots.txt and articles together.
    #expect(site.server.peakConcurrentRequests <= 2)

    // Status counts them.
    let status = try feedwatch(["status", "--config", config])
    #expect(status.output.contains("articles: 3 fetched, 1 failed, 2 blocked"), "\(status.output)")

    // A second run reads no article again.
    let before = site.articleRequests.count
    let second = try feedwatch(["once", "--config", config])
    #expect(second.status == 0)
    #expect(site.articleRequests.count == before)
    #expect(try harness.alerts().count == alerts.count)
  }

  @Test func killedWhileReadingArticlesItAlertsOnceAfterTheRestart() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let site = try NewsSite()
    defer { site.server.stop() }
    let config = try writeConfig(site, in: harness)
    site.slowPages(10)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = ["run", "--config", config, "--log-level", "error"]
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(20)
    while site.articleRequests.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(!site.articleRequests.isEmpty, "no article was asked for")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    // Nothing was marked seen while its article was on its way.
    #expect(try harness.alerts().isEmpty)

    site.slowPages(0)
    #expect(try feedwatch(["once", "--config", config]).status == 0)
    #expect(try feedwatch(["once", "--config", config]).status == 0)
    let alerts = try harness.alerts()
    let ids = alerts.compactMap { $0["id"] as? String }
    #expect(ids.count == Set(ids).count, "an alert was written twice")
    #expect(Set(items(alerts, rule: "nujaba").keys) == ["seed"])
    #expect(
      Set(items(alerts, rule: "withdrawal").keys).isSuperset(of: [
        "private", "challenge", "endless",
      ]))
  }
}
