import Foundation
import Store
import Testing

@Suite struct SalvageTests {
  let feedKey = "https://example.org/feed.xml"

  /// Writes a database with 2 feeds, `items` seen items and `alerts` alerts (the first
  /// half delivered to "log", the first one failing on "webhook"), then closes it.
  func writeDatabase(at path: String, items: Int, alerts: Int) throws -> FeedState {
    let store = try Store(path: path)
    defer { store.close() }
    var feed = FeedStateTests.fullState(key: feedKey)
    feed.itemsSeen = items
    let seen = (0..<items).map {
      seenItem(feedKey, "item-\($0)-" + String(repeating: "x", count: 80))
    }
    let outbox = (0..<alerts).map {
      outboxAlert("alert-\($0)", feed: feedKey, at: 1_700_000_000 + Double($0))
    }
    try store.commit(feed: feed, seen: seen, alerts: outbox)
    try store.saveFeedState(FeedState(key: "https://other.example/", name: "Other"))
    try store.markDelivered(
      sink: "log", ids: outbox.prefix(alerts / 2).map(\.id), at: date(1_800_000_000))
    try store.recordFailure(
      sink: "webhook", id: "alert-0", error: "HTTP 500", retryAt: date(1_800_000_100))
    return feed
  }

  @Test func anIntactDatabaseIsCopiedWhole() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let feed = try writeDatabase(at: path, items: 50, alerts: 10)
      let moved = try Store.moveAside(path: path)

      let store = try Store(path: path)
      defer { store.close() }
      let report = try store.salvage(from: moved)
      #expect(report.problems == [])
      #expect(report.feeds == 2 && report.seenItems == 50 && report.alerts == 10)
      #expect(report.deliveries == 6 && report.skippedRows == 0)
      #expect(try store.feedState(feedKey) == feed)
      #expect(try store.allFeedStates().count == 2)
      let keys = (0..<50).map { "item-\($0)-" + String(repeating: "x", count: 80) }
      #expect(try store.unseenKeys(feedKey: feedKey, among: keys).isEmpty)
      let now = date(1_800_000_050)
      #expect(
        try store.pending(sink: "log", now: now, limit: 100).map(\.alert.id)
          == (5..<10).map { "alert-\($0)" })
      let webhook = try store.pending(sink: "webhook", now: now, limit: 100)
      #expect(webhook.map(\.alert.id) == (1..<10).map { "alert-\($0)" })
      #expect(try store.deliveryStats(sink: "webhook") == (delivered: 0, pending: 9, failing: 1))
      #expect(try store.check() == [])
    }
  }

  @Test func aTruncatedDatabaseGivesUpWhatItStillHolds() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      _ = try writeDatabase(at: path, items: 3000, alerts: 500)
      let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber
      let handle = try #require(FileHandle(forWritingAtPath: path))
      try handle.truncate(atOffset: UInt64(size.intValue * 6 / 10))
      try handle.close()
      let moved = try Store.moveAside(path: path)

      let store = try Store(path: path)
      defer { store.close() }
      let report = try store.salvage(from: moved)
      #expect(!report.problems.isEmpty)
      // The rows before the cut survive (seen items are written first, alerts last).
      #expect(report.feeds == 2)
      #expect(report.seenItems > 0 && report.seenItems < 3000)
      #expect(try store.check() == [])
      // What was salvaged is usable: every alert is either delivered to "log" or pending.
      let stats = try store.deliveryStats(sink: "log")
      #expect(stats.delivered + stats.pending + stats.failing == report.alerts)
    }
  }

  @Test func aFileThatIsNotADatabaseYieldsNothingButProblems() throws {
    try withTemporaryDirectory { directory throws in
      let garbage = directory + "/garbage.db"
      try String(repeating: "garbage ", count: 1000).write(
        toFile: garbage, atomically: false, encoding: .utf8)
      let store = try Store(directory: directory)
      defer { store.close() }
      let report = try store.salvage(from: garbage)
      #expect(report.problems.count == 4)
      #expect(report.feeds == 0 && report.seenItems == 0 && report.alerts == 0)
      #expect(try store.check() == [])
    }
  }

  @Test func salvagingIntoItselfIsRefused() throws {
    try withStore { store, _ throws in
      #expect(throws: StoreError.self) { try store.salvage(from: store.path) }
    }
  }
}
