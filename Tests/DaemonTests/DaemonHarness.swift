import Foundation
import Logging
import TestHTTPServer

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// A temporary folder with a config, a state directory and an alert log, for end-to-end runs.
final class DaemonHarness {
  let folder: URL
  var alertLog: URL { folder.appendingPathComponent("alerts.jsonl") }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "feedwatch-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// A config with the given feeds (JSON objects) and the rules most tests use.
  func config(feeds: [String], extra: String = "") throws -> Config {
    let json = """
      {
        "stateDirectory": "state",
        "alertLog": "alerts.jsonl",
        "defaults": { "timeout": "5s", "connectTimeout": "2s" },
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [\(feeds.joined(separator: ",\n"))],
        "factions": { "Harakat al-Nujaba": { "aliases": ["Al-Nujaba", "Nujaba"] } },
        "rules": [ { "name": "withdrawal", "when": "topic:withdrawal", "severity": "warning" } ]
        \(extra)
      }
      """
    let file = folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return try ConfigLoader.load(path: file.path)
  }

  func once(_ config: Config) throws -> [PollReport] {
    try OnceRunner.run(config: config, logger: Self.logger)
  }

  /// The alert log's lines, decoded as JSON objects.
  func alerts() throws -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: alertLog.path) else { return [] }
    return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
  }

  static let logger = Logger(label: "feedwatch-test") { _ in SwiftLogNoOpLogHandler() }
}

/// The bundled sample story as an RSS feed, with extra items appended when asked.
enum SampleFeed {
  static let seed: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "Fixtures/seed-feed.xml")
    return try! String(contentsOf: url, encoding: .utf8)
  }()

  /// The seed feed with its pubDate moved to `date` (so the backlog window includes it) and extra items.
  static func feed(published date: Date = Date(), extraItems: [String] = []) -> String {
    var text = seed.replacingOccurrences(of: "Tue, 27 Jul 2021 09:30:00 +0000", with: rfc822(date))
    let insertion = extraItems.joined(separator: "\n")
    text = text.replacingOccurrences(of: "  </channel>", with: insertion + "\n  </channel>")
    return text
  }

  static func item(guid: String, title: String, text: String, published: Date = Date()) -> String {
    """
    <item><title>\(title)</title><link>https://example.org/\(guid)</link><guid>\(guid)</guid>
    <pubDate>\(rfc822(published))</pubDate><description>\(text)</description></item>
    """
  }

  static func rfc822(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter.string(from: date)
  }
}

/// A feed served with an ETag, answering 304 to a matching If-None-Match.
final class ServedFeed: @unchecked Sendable {
  private let lock = NSLock()
  private var body: String
  private var version = 1
  private(set) var server: TestHTTPServer!

  init(_ body: String) throws {
    self.body = body
    server = try TestHTTPServer { [unowned self] request in self.respond(request) }
  }

  var url: String { server.baseURL + "/feed.xml" }

  /// Serves `newBody` from now on, under a new ETag unless `sameETag` (a server that sent a
  /// cut-off body of the version it serves whole now).
  func update(_ newBody: String, sameETag: Bool = false) {
    lock.withLock {
      body = newBody
      if !sameETag { version += 1 }
    }
  }

  private func respond(_ request: TestRequest) -> TestResponse {
    lock.withLock {
      let etag = "\"v\(version)\""
      if request.headers["if-none-match"] == etag {
        return TestResponse(status: 304, headers: [("ETag", etag)])
      }
      return TestResponse(
        status: 200,
        headers: [("Content-Type", "application/rss+xml; charset=utf-8"), ("ETag", etag)],
        body: Array(body.utf8))
    }
  }
}
