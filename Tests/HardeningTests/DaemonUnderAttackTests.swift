import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The real `feedwatch run`, polling every hostile feed of `DaemonAttackTests` each second next
/// to a feed that gains an item on every request: the daemon keeps polling all of them, keeps
/// alerting on the good one, and stops cleanly.
@Suite struct DaemonUnderAttackTests {
  final class GrowingFeed: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func respond() -> TestResponse {
      let n = lock.withLock {
        count += 1
        return count
      }
      let items = (1...n).map {
        HostileFeeds.item(title: "Growing item \($0)", description: "Fresh.", guid: "grow-\($0)")
      }
      return .text(HostileFeeds.rss(items: items), contentType: "application/rss+xml")
    }
  }

  @Test func theDaemonKeepsPollingThroughEveryAttack() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: FeedwatchBinary.path),
      "build the feedwatch product first")
    let harness = try HardeningHarness()
    let secretFile = try harness.file("secret.txt", Array(HostileFeeds.secret.utf8))
    let listener = try TestHTTPServer { _ in .text(HostileFeeds.secret) }
    let cases = DaemonAttackTests.cases
    let listenerURL = listener.baseURL
    let attacks = try TestHTTPServer { request in
      let index = Int(request.path.dropFirst()) ?? 0
      return cases[min(index, cases.count - 1)].response(listenerURL, secretFile)
    }
    let growing = GrowingFeed()
    let control = try TestHTTPServer { _ in growing.respond() }
    defer {
      attacks.stop()
      control.stop()
      listener.stop()
    }
    var feeds = cases.indices.map {
      #"{"url": "\#(attacks.baseURL)/\#($0)", "name": "attack-\#($0)"}"#
    }
    feeds.append(#"{"url": "\#(control.baseURL)/feed.xml", "name": "control"}"#)
    try harness.config(
      feeds: feeds,
      defaults: #""interval": "1s", "minInterval": "1s", "timeout": "20s", "connectTimeout": "2s""#,
      when: "feed:control")

    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: FeedwatchBinary.path)
    daemon.arguments = ["run", "--config", harness.configFile.path]
    daemon.standardError = FileHandle.nullDevice
    try daemon.run()
    defer {
      if daemon.isRunning {
        daemon.terminate()
        daemon.waitUntilExit()
      }
    }

    // Every attack feed polled at least twice, and the growing feed alerted on three polls.
    let deadline = Date().addingTimeInterval(60)
    func pollsPerAttack() -> [Int] {
      let paths = attacks.requests.map(\.path)
      return cases.indices.map { index in paths.filter { $0 == "/\(index)" }.count }
    }
    while Date() < deadline, daemon.isRunning {
      let alerted = harness.alertText().components(separatedBy: "Growing item").count - 1
      if alerted >= 3 && pollsPerAttack().allSatisfy({ $0 >= 2 }) { break }
      Thread.sleep(forTimeInterval: 0.2)
    }
    #expect(daemon.isRunning)
    #expect(pollsPerAttack().allSatisfy { $0 >= 2 }, "polls per attack feed: \(pollsPerAttack())")
    #expect(harness.alertText().components(separatedBy: "Growing item").count - 1 >= 3)
    #expect(!harness.alertText().contains(HostileFeeds.secret))
    #expect(listener.requests.isEmpty)

    daemon.terminate()
    daemon.waitUntilExit()
    #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
  }
}
