import Foundation
import Hashing
import Store
import TestHTTPServer
import Testing
import Watch

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// Alerts reach every configured sink, each on its own, with retries and signatures.
@Suite struct SinkTests {
  /// A webhook receiver that answers with the given statuses in turn (the last one repeats).
  final class Receiver: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int]
    let server: TestHTTPServer

    init(statuses: [Int]) throws {
      self.statuses = statuses
      let box = StatusBox()
      server = try TestHTTPServer { _ in TestResponse(status: box.next()) }
      box.owner = self
    }

    fileprivate func next() -> Int {
      lock.withLock { statuses.count > 1 ? statuses.removeFirst() : statuses[0] }
    }

    var posts: [TestRequest] { server.requests.filter { $0.method == "POST" } }
  }

  final class StatusBox: @unchecked Sendable {
    weak var owner: Receiver?
    func next() -> Int { owner?.next() ?? 500 }
  }

  func sinksConfig(_ harness: DaemonHarness, feed: ServedFeed, sinks: String) throws -> Config {
    try harness.config(
      feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#], extra: #", "sinks": \#(sinks)"#)
  }

  @Test func webhookGetsTheAlertSignedWithAnIdempotencyKey() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try Receiver(statuses: [200])
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let config = try sinksConfig(
      harness, feed: feed,
      sinks:
        #"[{"type": "jsonl", "path": "alerts.jsonl"}, {"type": "webhook", "url": "\#(receiver.server.baseURL)/hook", "secret": "s3cret"}]"#
    )
    _ = try harness.once(config)
    let logged = try harness.alerts()
    #expect(logged.count == 1)
    let post = try #require(receiver.posts.first)
    #expect(receiver.posts.count == 1)
    let id = try #require(logged.first?["id"] as? String)
    #expect(post.headers["idempotency-key"] == id)
    #expect(post.headers["content-type"] == "application/json")
    #expect(
      post.headers["x-feedwatch-signature"] == "sha256="
        + Digest.hmacSHA256Hex(key: "s3cret", message: post.body))
    let body = try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any]
    #expect(body?["id"] as? String == id)
    #expect(body?["rule"] as? String == "withdrawal")
  }

  @Test func webhookFailuresAreRetriedOrParked() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let flaky = try Receiver(statuses: [503, 200])
    let refusing = try Receiver(statuses: [400])
    defer {
      feed.server.stop()
      flaky.server.stop()
      refusing.server.stop()
    }
    let config = try sinksConfig(
      harness, feed: feed,
      sinks:
        #"[{"type": "webhook", "url": "\#(flaky.server.baseURL)/a"}, {"type": "webhook", "url": "\#(refusing.server.baseURL)/b", "format": "slack"}]"#
    )
    _ = try harness.once(config)
    #expect(flaky.posts.count == 1)
    #expect(refusing.posts.count == 1)
    let slack =
      try JSONSerialization.jsonObject(with: Data(refusing.posts[0].body)) as? [String: String]
    #expect(slack?["text"]?.contains("withdrawal") == true)

    // The 503 is retried after its backoff (at most 5 s for a first failure); the 400 never again.
    let runtime = try Runtime(config: config, logger: DaemonHarness.logger)
    defer { runtime.shutdown() }
    let deadline = Date().addingTimeInterval(8)
    while flaky.posts.count < 2 && Date() < deadline {
      runtime.delivery.deliverAll()
      Thread.sleep(forTimeInterval: 0.2)
    }
    #expect(flaky.posts.count == 2)
    #expect(refusing.posts.count == 1)
    let stats = try runtime.store.deliveryStats(
      sink: SinkID(address: "webhook:\(refusing.server.baseURL)/b").rawValue)
    #expect(stats.failing == 1)
    #expect(
      try runtime.store.deliveryStats(
        sink: SinkID(address: "webhook:\(flaky.server.baseURL)/a").rawValue
      ).delivered == 1)
  }

  @Test func aSinkAddedLaterStartsWithNewAlertsOnly() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try Receiver(statuses: [200])
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    _ = try harness.once(try harness.config(feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#]))
    #expect(try harness.alerts().count == 1)

    let withWebhook = try sinksConfig(
      harness, feed: feed,
      sinks:
        #"[{"type": "jsonl", "path": "alerts.jsonl"}, {"type": "webhook", "url": "\#(receiver.server.baseURL)/hook"}]"#
    )
    _ = try harness.once(withWebhook)
    #expect(receiver.posts.isEmpty)
    feed.update(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(
          guid: "later", title: "Troops to withdraw",
          text: "The withdrawal of troops from Syria begins.")
      ]))
    _ = try harness.once(withWebhook)
    #expect(receiver.posts.count == 1)
    #expect(try harness.alerts().count == 2)
  }

  @Test func execRunsTheCommandWithTheAlertOnStdin() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    let out = harness.folder.appendingPathComponent("exec.out").path
    let config = try sinksConfig(
      harness, feed: feed,
      sinks:
        #"[{"type": "exec", "command": ["/bin/sh", "-c", "cat >> \#(out); echo \"rule=$FEEDWATCH_RULE feed=$FEEDWATCH_FEED\" >> \#(out)"]}, {"type": "journal", "rules": ["withdrawal"]}]"#
    )
    _ = try harness.once(config)
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written.contains("\"rule\":\"withdrawal\""))
    #expect(written.contains("rule=withdrawal feed=wire"))
    #expect(!FileManager.default.fileExists(atPath: harness.alertLog.path))
  }

  @Test func aSinkLimitedToOtherRulesGetsNothing() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try Receiver(statuses: [200])
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let json = """
      {
        "stateDirectory": "state",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [{"url": "\(feed.url)", "name": "wire"}],
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal" },
          { "name": "ceasefire", "when": "topic:ceasefire" }
        ],
        "sinks": [
          { "type": "jsonl", "path": "alerts.jsonl" },
          { "type": "webhook", "url": "\(receiver.server.baseURL)/hook", "rules": ["ceasefire"] }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    _ = try harness.once(try ConfigLoader.load(path: file.path))
    #expect(try harness.alerts().count == 1)
    #expect(receiver.posts.isEmpty)
  }

  @Test func aFullDiskKeepsAlertsInTheOutboxUntilTheLogCanBeWritten() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    // /dev/full answers every write with ENOSPC.
    try FileManager.default.createSymbolicLink(
      atPath: harness.alertLog.path, withDestinationPath: "/dev/full")
    let config = try harness.config(feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#])
    let report = try harness.once(config)
    #expect(report[0].alerts == 1)

    let runtime = try Runtime(config: config, logger: DaemonHarness.logger)
    defer { runtime.shutdown() }
    let sink = SinkIdentity(config.sinks[0]).id.rawValue
    #expect(try runtime.store.deliveryStats(sink: sink).failing == 1)

    // Space again: the alert is written once, by the next retry.
    try FileManager.default.removeItem(at: harness.alertLog)
    let deadline = Date().addingTimeInterval(8)
    while (try harness.alerts().count) == 0 && Date() < deadline {
      runtime.delivery.deliverAll()
      Thread.sleep(forTimeInterval: 0.2)
    }
    #expect(try harness.alerts().count == 1)
    #expect(try runtime.store.deliveryStats(sink: sink).delivered == 1)
  }

  @Test(arguments: [(1, 2.5, 5.0), (2, 5, 10), (5, 40, 80), (20, 1800, 3600)])
  func retryBackoffDoublesWithJitter(attempts: Int, low: Double, high: Double) {
    #expect(SinkWorker.backoff(attempts: attempts, jitter: 0) == low)
    #expect(SinkWorker.backoff(attempts: attempts, jitter: 0.999_999) <= high)
    #expect(SinkWorker.backoff(attempts: attempts, jitter: 0.999_999) > high * 0.99)
  }
}
