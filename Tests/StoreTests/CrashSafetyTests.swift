import Foundation
import Store
import TestPostgres
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// kill -9 while commits are being written, then reopen: the database must be intact,
/// every commit acknowledged before the kill must be there, and no commit may be half
/// there (an item seen without its alert, or an alert without its item).
///
/// The writer is this same test binary, run as a child process with only
/// `crashChildWritesUntilKilled` enabled, so the real store code is what gets killed: the
/// SQLite store's file, or the PostgreSQL store's session with the server.
@Suite struct CrashSafetyTests {
  static let databaseVariable = "FEEDWATCH_STORE_CRASH_CHILD_DB"
  /// Set instead of the file's path for the PostgreSQL store: the database's URI.
  static let postgresVariable = "FEEDWATCH_STORE_CRASH_CHILD_POSTGRES"
  static let progressVariable = "FEEDWATCH_STORE_CRASH_CHILD_PROGRESS"
  static let feedKey = "https://example.org/crash.xml"
  static let sink = "jsonl:crash"

  // The child is this binary, found through /proc (Linux, the platform feedwatch runs on).
  @Test(
    .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")),
    arguments: Backend.all)
  func killedWriterLeavesAConsistentDatabase(_ backend: Backend) throws {
    try withStoreLocation(backend) { location throws in
      let directory = location.directory
      let databasePath = directory + "/" + Store.fileName
      let database =
        backend == .sqlite
        ? [Self.databaseVariable: databasePath] : [Self.postgresVariable: location.database!.uri]
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
        child.environment = ProcessInfo.processInfo.environment.merging(
          database.merging([Self.progressVariable: progressPath]) { _, new in new }
        ) { _, new in new }
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

        let store = try location.open()
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
  @Test(
    .enabled(
      if: ProcessInfo.processInfo.environment[databaseVariable] != nil
        || ProcessInfo.processInfo.environment[postgresVariable] != nil))
  func crashChildWritesUntilKilled() throws {
    let environment = ProcessInfo.processInfo.environment
    let store: any StateStore =
      if let uri = environment[Self.postgresVariable] {
        try PostgresStore(uri: uri)
      } else {
        try Store(path: try #require(environment[Self.databaseVariable]))
      }
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
