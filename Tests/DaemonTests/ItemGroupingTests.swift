import Foundation
import Hashing
import TestHTTPServer
import Testing
import Watch

/// `"group": "item"` (the default for webhook and exec): one notification per item, naming
/// every rule that matched, while the alert log keeps one line per rule.
@Suite struct ItemGroupingTests {
  @Test func anItemMatchingThreeRulesIsOneWebhookCallAndThreeLogLines() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let grouped = try HookReceiver()
    let single = try HookReceiver()
    defer {
      feed.server.stop()
      grouped.server.stop()
      single.server.stop()
    }
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder, feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#],
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "webhook", "url": "\#(grouped.url)", "secret": "s3cret"}"#,
        #"{"type": "webhook", "url": "\#(single.url)", "group": "none"}"#,
      ])
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)

    let lines = SinkTestSupport.logLines(harness.alertLog)
    #expect(lines.count == 3)
    let rules = Set(lines.compactMap { $0["rule"] as? String })
    #expect(rules == ["withdrawal", "faction-on-withdrawal", "watched-faction-quoted"])

    #expect(grouped.posts.count == 1)
    let post = try #require(grouped.posts.first)
    let body = post.json
    #expect(body["v"] as? Int == 1)
    #expect(body["group"] as? String == "item")
    #expect(body["severity"] as? String == "warning")
    let alerts = try #require(body["alerts"] as? [[String: Any]])
    #expect(Set(alerts.compactMap { $0["rule"] as? String }) == rules)
    // Highest severity first; each alert exactly its log line.
    #expect(alerts.first?["rule"] as? String == "faction-on-withdrawal")
    let logged = Dictionary(
      uniqueKeysWithValues: lines.map { ($0["id"] as? String ?? "", $0 as NSDictionary) })
    for alert in alerts {
      #expect(logged[alert["id"] as? String ?? ""] == alert as NSDictionary)
    }
    let id = try #require(body["id"] as? String)
    #expect(post.headers["idempotency-key"] == id)
    #expect(post.headers["x-feedwatch-group-id"] == id)
    #expect(
      post.headers["x-feedwatch-signature"] == "sha256="
        + Digest.hmacSHA256Hex(key: "s3cret", message: post.body))

    // `"group": "none"` keeps one call per alert, each the alert's line.
    #expect(single.posts.count == 3)
    #expect(Set(single.posts.compactMap { $0.json["rule"] as? String }) == rules)
  }

  @Test func aGroupKeepsItsIdWhenItIsSentAgain() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try FlakyReceiver(failures: 1)
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder, feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#],
      sinks: [#"{"type": "webhook", "url": "\#(receiver.server.baseURL)/hook"}"#])
    // The first attempt gets a 503: the group stays in the outbox, retried by the next run.
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)
    #expect(receiver.keys.count == 1)
    // The retry waits for its backoff (5 s at least).
    Thread.sleep(forTimeInterval: 5.5)
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)
    #expect(receiver.keys.count == 2)
    #expect(Set(receiver.keys).count == 1, "the retry had another Idempotency-Key")
  }

  /// A receiver that answers 503 to its first `failures` POSTs, then 200; keeps each key.
  final class FlakyReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: Int
    private var received: [String] = []
    private(set) var server: TestHTTPServer!

    init(failures count: Int) throws {
      failures = count
      server = try TestHTTPServer { [unowned self] request in
        lock.withLock {
          guard request.method == "POST" else { return TestResponse(status: 200) }
          received.append(request.headers["idempotency-key"] ?? "")
          if self.failures > 0 {
            self.failures -= 1
            return TestResponse(status: 503)
          }
          return TestResponse(status: 200)
        }
      }
    }

    var keys: [String] { lock.withLock { received } }
  }
}
