import Foundation
import Testing

@testable import Store

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

  @Test func heldAlertsStoriesAndListedMarksAreSalvaged() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      do {
        let store = try Store(path: path)
        defer { store.close() }
        var feed = FeedState(key: feedKey, name: "Example")
        feed.lastDocument = date(1_800_000_000)
        let source = StorySource(
          storyID: "story-1", fingerprint: 0xDEAD_BEEF_0000_0001, feedKey: feedKey, itemKey: "a",
          feedName: "Example", title: "Troops leave", link: nil, seenAt: date(1_700_000_000))
        let held = FoldedAlert(
          rule: "withdrawal", bucket: 472_222, id: "held-1", created: date(1_700_000_000),
          json: #"{"id":"held-1"}"#)
        try store.commit(
          FeedCommit(
            feed: feed, seen: [seenItem(feedKey, "a")], stories: [source], folded: [held]))
        try store.commit(FeedCommit(feed: feed, stillListed: ["a"]))
      }
      let moved = try Store.moveAside(path: path)
      let store = try Store(path: path)
      defer { store.close() }
      let report = try store.salvage(from: moved)
      #expect(report.problems == [])
      #expect(report.heldAlerts == 1 && report.storySources == 1)
      #expect(try store.recentStories(since: date(0)).map(\.id) == ["story-1"])
      // The item keeps its listed mark: it is not stale, so it is not forgotten early.
      let lookup = try store.lookUp(
        feedKey: feedKey, among: ["a"], staleBefore: date(1_799_999_000))
      #expect(lookup.unseen.isEmpty && lookup.stale.isEmpty)
    }
  }

  /// A damaged file from an older version (schema 4: no listed marks or publisher columns).
  @Test func anOlderSchemaIsSalvagedToo() throws {
    try withTemporaryDirectory { directory throws in
      let old = directory + "/old.db"
      let connection = try SQLiteConnection(path: old)
      for migration in Schema.migrations.prefix(4) { try connection.execute(migration) }
      try connection.execute(
        """
        PRAGMA user_version = 4;
        INSERT INTO feed (key, name, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched, etag)
        VALUES ('\(feedKey)', 'Example', 'ok', 0, 1, 1, 0, 100, '"v7"');
        INSERT INTO seen_item (feed_key, item_key, key_version, first_seen, alerted)
        VALUES ('\(feedKey)', 'a', 1, 1700000000, 0);
        """)
      connection.close()
      try withStore { store, _ throws in
        let report = try store.salvage(from: old)
        #expect(report.problems == [])
        #expect(report.feeds == 1 && report.seenItems == 1)
        #expect(try store.feedState(feedKey)?.etag == #""v7""#)
        #expect(try store.unseenKeys(feedKey: feedKey, among: ["a"]).isEmpty)
      }
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
      #expect(report.problems.count == 8)  // one per table
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
