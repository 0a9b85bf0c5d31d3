import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A sink's `digest`: alerts wait in the store and go out as one digest when it falls due,
/// grouped by story then rule, once, across crashes and downtime; an empty one is not sent.
/// The schedules here are a few seconds long ("2s" is the same interval form as "1h").
@Suite(.serialized) struct SinkDigestTests {
  @Test func aDigestListsEveryAlertOnceGroupedByStory() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let wires = try SinkTestSupport.TwoWires()
    let receiver = try HookReceiver()
    defer {
      wires.stop()
      receiver.server.stop()
    }
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder,
      feeds: wires.feeds,
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "webhook", "url": "\#(receiver.url)", "digest": "5s"}"#,
      ])
    // Start just after a due time, so both feeds are polled well before the next one.
    SinkTestSupport.sleep(untilPhase: 0.2, of: 5)
    let daemon = try SinkTestSupport.startRun(config)
    let arrived = SinkTestSupport.waitUntil(seconds: 15) { !receiver.digests.isEmpty }
    // One more period: nothing is left for a second digest.
    Thread.sleep(forTimeInterval: 5.5)
    #expect(SinkTestSupport.stop(daemon) == 0)
    #expect(arrived, "no digest arrived")

    let logged = SinkTestSupport.logLines(harness.alertLog)
    #expect(logged.count == 4)  // three rules on the story, one on the other
    let digests = receiver.digests
    #expect(digests.count == 1)
    let digest = try #require(digests.first).json
    #expect(digest["v"] as? Int == 1)
    #expect(digest["schedule"] as? String == "5s")
    #expect(digest["alertCount"] as? Int == 4)
    #expect(digest["severity"] as? String == "warning")
    let ids = HookReceiver.alertIDs(in: digest)
    #expect(ids.sorted() == logged.compactMap { $0["id"] as? String }.sorted())

    let stories = try #require(digest["stories"] as? [[String: Any]])
    #expect(stories.count == 2)
    let story = try #require(stories.first { ($0["rules"] as? [Any])?.count == 3 })
    let rules = (story["rules"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
    // Highest severity first.
    #expect(rules == ["faction-on-withdrawal", "watched-faction-quoted", "withdrawal"])
    let sources = (story["sources"] as? [[String: Any]] ?? []).compactMap { $0["feed"] as? String }
    #expect(Set(sources) == ["first-wire", "second-wire"])
    let quoted = (story["rules"] as? [[String: Any]] ?? []).first {
      $0["rule"] as? String == "watched-faction-quoted"
    }
    let evidence =
      ((quoted?["alerts"] as? [[String: Any]])?.first?["evidence"] as? [[String: Any]]) ?? []
    #expect(evidence.contains { $0["speaker"] as? String == "Nasr al-Shammari" })
    #expect(story["link"] as? String != nil)
  }

  @Test func killedAroundTheDueTimeItSendsExactlyOneDigestWithEveryAlert() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed(extraItems: [SinkTestSupport.otherStory]))
    // A slow receiver widens the window between a digest's POST and its delivery record.
    let receiver = try HookReceiver(delay: 0.15)
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let period = 2.0
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder, feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#],
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "webhook", "url": "\#(receiver.url)", "digest": "2s"}"#,
      ])
    // The first life polls and raises the alerts; the next ones are killed around due times.
    let notify = try NotifySocket(path: harness.folder.appendingPathComponent("n.sock").path)
    var daemon = try SinkTestSupport.startRun(config, notify: notify)
    #expect(notify.waitFor("READY=1", seconds: 20))
    #expect(
      SinkTestSupport.waitUntil(seconds: 10) {
        SinkTestSupport.logLines(harness.alertLog).count == 4
      })
    kill(daemon.processIdentifier, SIGKILL)
    daemon.waitUntilExit()

    var generator = SystemRandomNumberGenerator()
    for _ in 0..<6 {
      // Start shortly before a due time and kill at a random moment around it.
      SinkTestSupport.sleep(untilPhase: period - 0.4, of: period)
      daemon = try SinkTestSupport.startRun(config)
      Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.9, using: &generator))
      kill(daemon.processIdentifier, SIGKILL)
      daemon.waitUntilExit()
    }
    daemon = try SinkTestSupport.startRun(config)
    let arrived = SinkTestSupport.waitUntil(seconds: 10) { !receiver.digests.isEmpty }
    Thread.sleep(forTimeInterval: period + 0.5)
    #expect(SinkTestSupport.stop(daemon) == 0)
    #expect(arrived, "no digest arrived")

    let logged = SinkTestSupport.logLines(harness.alertLog).compactMap { $0["id"] as? String }
    #expect(logged.count == 4)
    let digests = receiver.digests
    #expect(digests.count == 1, "digests: \(digests.map(\.json))")
    let ids = digests.flatMap { HookReceiver.alertIDs(in: $0.json) }
    #expect(ids.sorted() == logged.sorted())
  }

  @Test func aDigestThatFellDueWhileTheDaemonWasDownIsSentAtStart() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try HookReceiver()
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let period = 8.0
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder, feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#],
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "webhook", "url": "\#(receiver.url)", "digest": "8s"}"#,
      ])
    SinkTestSupport.sleep(untilPhase: 0.2, of: period)
    var daemon = try SinkTestSupport.startRun(config)
    #expect(
      SinkTestSupport.waitUntil(seconds: 5) {
        SinkTestSupport.logLines(harness.alertLog).count == 3
      })
    kill(daemon.processIdentifier, SIGKILL)
    daemon.waitUntilExit()
    #expect(receiver.posts.isEmpty)

    // Down across the due time; started again just after it, well before the next one.
    SinkTestSupport.sleep(untilPhase: 0.5, of: period)
    let started = Date()
    let nextDue = (started.timeIntervalSince1970 / period).rounded(.up) * period
    daemon = try SinkTestSupport.startRun(config)
    let arrived = SinkTestSupport.waitUntil(seconds: 5) { !receiver.digests.isEmpty }
    #expect(SinkTestSupport.stop(daemon) == 0)
    #expect(arrived, "the digest due while down was not sent")
    let post = try #require(receiver.posts.first)
    #expect(post.time.timeIntervalSince1970 < nextDue, "sent at the next due time, not at start")
    #expect(HookReceiver.alertIDs(in: post.json).count == 3)
  }

  @Test func anEmptyDigestIsNotSent() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    // The item raises a `withdrawal` alert; the digest sink takes only quotes, so the
    // digest that falls due has nothing in it.
    let feed = try ServedFeed(
      "<rss version=\"2.0\"><channel><title>wire</title>\(SinkTestSupport.otherStory)</channel></rss>"
    )
    let receiver = try HookReceiver()
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder, feeds: [#"{"url": "\#(feed.url)", "name": "wire"}"#],
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "webhook", "url": "\#(receiver.url)", "digest": "2s", "rules": ["watched-faction-quoted"]}"#,
      ])
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)
    #expect(SinkTestSupport.logLines(harness.alertLog).count == 1)
    // A due time passes; the next run composes the digest, finds it empty and sends nothing.
    Thread.sleep(forTimeInterval: 2.2)
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)
    Thread.sleep(forTimeInterval: 2.2)
    #expect(try SinkTestSupport.feedwatch(["once", "--config", config.path]) == 0)
    #expect(receiver.posts.isEmpty, "an empty digest was sent")
  }
}
