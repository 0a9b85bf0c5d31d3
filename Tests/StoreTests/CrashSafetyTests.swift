import Foundation
import Store
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// kill -9 while commits are being written, then reopen: the database must be intact,
/// every commit acknowledged before the kill must be there, and no commit may be half
/// there (an item seen without its alert, or an alert without its item).
///
/// The writer is this same test binary, run as a child process with only
/// `crashChildWritesUntilKilled` enabled, so the real Store code is what gets killed.
@Suite struct CrashSafetyTests {
  static let databaseVariable = "FEEDWATCH_STORE_CRASH_CHILD_DB"
  static let progressVariable = "FEEDWATCH_STORE_CRASH_CHILD_PROGRESS"
  static let feedKey = "https://example.org/crash.xml"
  static let sink = "jsonl:crash"

  // The child is this binary, found through /proc (Linux, the platform feedwatch runs on).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")))
  func killedWriterLeavesAConsistentDatabase() throws {
    try withTemporaryDirectory { directory throws in
      let databasePath = directory + "/" + Store.fileName
      let progressPath = directory + "/progress"
      var acknowledged = 0
      for round in 0..<8 {
        try "".write(toFile: progressPath, atomically: false, encoding: .utf8)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = [
          "--testing-library", "swift-testing", "--filter",
          "CrashSafetyTests/crashChildWritesUntilKilled",
        ]
        child.environment = ProcessInfo.processInfo.environment.merging([
          Self.databaseVariable: databasePath, Self.progressVariable: progressPath,
        ]) { _, new in new }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Let it commit a while past what earlier rounds wrote, then kill it mid-stream.
        let target = acknowledged + 100
        let deadline = Date().addingTimeInterval(120)
        while Self.readProgress(progressPath) < target && child.isRunning && Date() < deadline {
          usleep(2_000)
        }
        usleep(UInt32.random(in: 0..<20_000))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(
          child.terminationReason == .uncaughtSignal, "round \(round): the writer stopped by itself"
        )

        acknowledged = Self.readProgress(progressPath)
        #expect(acknowledged >= target, "round \(round): the writer made too little progress")

        let store = try Store(path: databasePath)
        defer { store.close() }
        #expect(try store.check() == [])
        let feed = try #require(try store.feedState(Self.feedKey))
        // Every acknowledged commit is there; at most one more landed unacknowledged.
        #expect(feed.itemsSeen >= acknowledged && feed.itemsSeen <= acknowledged + 1)
        let alerts = try store.alerts(since: nil, limit: feed.itemsSeen + 10)
        #expect(alerts.count == feed.itemsSeen)
        let itemKeys = (0..<feed.itemsSeen + 5).map { "item-\($0)" }
        let unseen = try store.unseenKeys(feedKey: Self.feedKey, among: itemKeys)
        #expect(unseen == Set(itemKeys.suffix(5)))
        let stats = try store.deliveryStats(sink: Self.sink)
        #expect(stats.delivered + stats.pending + stats.failing == feed.itemsSeen)
        acknowledged = feed.itemsSeen
      }
    }
  }

  /// The writer: commits one item and its alert at a time, delivers now and then, and
  /// records after each commit returns how many items are committed. Runs only as the
  /// child of the test above.
  @Test(.enabled(if: ProcessInfo.processInfo.environment[databaseVariable] != nil))
  func crashChildWritesUntilKilled() throws {
    let environment = ProcessInfo.processInfo.environment
    let store = try Store(path: try #require(environment[Self.databaseVariable]))
    let progress = open(try #require(environment[Self.progressVariable]), O_WRONLY)
    #expect(progress >= 0)
    var feed = try store.feedState(Self.feedKey) ?? FeedState(key: Self.feedKey, name: "Crash")
    while true {
      let index = feed.itemsSeen
      feed.itemsSeen += 1
      feed.alertsRaised += 1
      feed.lastAttempt = Date()
      try store.commit(
        feed: feed, seen: [seenItem(Self.feedKey, "item-\(index)")],
        alerts: [outboxAlert("alert-\(index)", feed: Self.feedKey)])
      // One fixed-width write: a kill cannot leave half a number behind.
      let line = String(String(feed.itemsSeen).reversed()).padding(
        toLength: 12, withPad: " ", startingAt: 0)
      let written = pwrite(progress, String(line.reversed()), 12, 0)
      #expect(written == 12)
      if index % 10 == 9 {
        let batch = try store.pending(sink: Self.sink, now: Date(), limit: 7)
        try store.markDelivered(sink: Self.sink, ids: batch.map(\.alert.id), at: Date())
      }
    }
  }

  static func readProgress(_ path: String) -> Int {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return Int(text.trimmingCharacters(in: .whitespaces)) ?? 0
  }
}
