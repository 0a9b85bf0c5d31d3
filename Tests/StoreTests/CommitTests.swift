import Foundation
import PostgresClient
import Store
import Testing

@Suite struct CommitTests {
  let feedKey = "https://example.org/feed.xml"

  @Test(arguments: Backend.all) func unseenKeysReturnsOnlyNewKeysOfThatFeed(_ backend: Backend)
    throws
  {
    try withStore(backend) { store throws in
      let feed = FeedState(key: feedKey, name: "Example")
      try store.commit(
        feed: feed, seen: [seenItem(feedKey, "a"), seenItem(feedKey, "b")], alerts: [])
      #expect(
        try store.unseenKeys(feedKey: feedKey, among: ["a", "b", "c", "c", "d"]) == ["c", "d"])
      #expect(try store.unseenKeys(feedKey: feedKey, among: []) == [])
      // Item keys are per feed: another feed has seen nothing.
      #expect(try store.unseenKeys(feedKey: "https://other.example/", among: ["a"]) == ["a"])
    }
  }

  @Test(arguments: Backend.all) func itemCountCountsRecentItemsOfThatFeedByPublishedDate(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      let feed = FeedState(key: feedKey, name: "Example")
      var undated = seenItem(feedKey, "undated", at: 1_700_000_500)
      undated.published = nil
      try store.commit(
        feed: feed,
        seen: [
          seenItem(feedKey, "old", at: 1_600_000_000), seenItem(feedKey, "new", at: 1_700_000_100),
          undated,
        ], alerts: [])
      let other = FeedState(key: "https://other.example/", name: "Other")
      try store.commit(feed: other, seen: [seenItem(other.key, "new")], alerts: [])
      // seenItem's published date is a minute before its first-seen date.
      #expect(try store.itemCount(feedKey: feedKey, since: date(1_700_000_000)) == 2)
      #expect(try store.itemCount(feedKey: feedKey, since: date(1_500_000_000)) == 3)
      #expect(try store.itemCount(feedKey: feedKey, since: date(1_800_000_000)) == 0)
    }
  }

  @Test(arguments: Backend.all) func seenItemsAndAlertsLandTogether(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      var feed = FeedState(key: feedKey, name: "Example")
      feed.itemsSeen = 2
      feed.alertsRaised = 1
      try store.commit(
        feed: feed, seen: [seenItem(feedKey, "a"), seenItem(feedKey, "b")],
        alerts: [outboxAlert("alert-a", feed: feedKey)])
      #expect(try store.feedState(feedKey) == feed)
      #expect(try store.unseenKeys(feedKey: feedKey, among: ["a", "b"]).isEmpty)
      #expect(try store.alert(id: "alert-a") == outboxAlert("alert-a", feed: feedKey))
    }
  }

  @Test(arguments: Backend.all) func aRepeatedAlertIdOrSeenItemIsIgnored(_ backend: Backend) throws
  {
    try withStore(backend) { store throws in
      let feed = FeedState(key: feedKey, name: "Example")
      let first = outboxAlert("alert-1", feed: feedKey)
      try store.commit(feed: feed, seen: [seenItem(feedKey, "a")], alerts: [first])
      var again = first
      again.json = #"{"id":"alert-1","second":true}"#
      try store.commit(feed: feed, seen: [seenItem(feedKey, "a")], alerts: [again, again])
      #expect(try store.alert(id: "alert-1") == first)
      #expect(try store.alerts(since: nil, limit: 10) == [first])
      #expect(try store.pending(sink: "jsonl:a", now: date(2_000_000_000), limit: 10).count == 1)
    }
  }

  @Test(arguments: Backend.all) func aFailingAlertRollsBackTheWholeCommit(_ backend: Backend) throws
  {
    try withStore(backend) { store throws in
      let before = FeedState(key: feedKey, name: "Example")
      try store.saveFeedState(before)
      var after = before
      after.status = .ok
      after.itemsSeen = 2
      // The last alert is not a valid JSON line (raw newline), which the outbox rejects
      // after the feed, the seen items and the first alert were written.
      let bad = OutboxAlert(
        id: "bad", created: date(1_700_000_000), rule: "r", feedKey: feedKey, json: "{\n}")
      expectStoreError(store) {
        try store.commit(
          feed: after, seen: [seenItem(feedKey, "a"), seenItem(feedKey, "b")],
          alerts: [outboxAlert("good", feed: feedKey), bad])
      }
      #expect(try store.feedState(feedKey) == before)
      #expect(try store.unseenKeys(feedKey: feedKey, among: ["a", "b"]) == ["a", "b"])
      #expect(try store.alert(id: "good") == nil)
      #expect(try store.alerts(since: nil, limit: 10).isEmpty)
      // The store is still usable after the rollback.
      try store.commit(
        feed: after, seen: [seenItem(feedKey, "a")], alerts: [outboxAlert("good", feed: feedKey)])
      #expect(try store.alert(id: "good") != nil)
    }
  }

  @Test(arguments: Backend.all)
  func aConstraintErrorNamesTheDatabaseAndItsMessage(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let bad = OutboxAlert(
        id: "x", created: date(0), rule: "r", feedKey: feedKey, json: "not json")
      do {
        try store.commit(feed: FeedState(key: feedKey, name: "Example"), seen: [], alerts: [bad])
        Issue.record("an invalid JSON line was accepted")
      } catch let error as StoreError {
        #expect(error.primaryCode == 19)  // SQLITE_CONSTRAINT
        #expect(error.path == store.location)
        #expect(error.description.contains(store.location))
        #expect(error.message.contains("CHECK constraint failed"))
      } catch let error as PostgresError {
        #expect(error.kind == .server)
        #expect(error.description.contains(store.location))
        #expect(error.message.contains("invalid input syntax for type json"))
        #expect(error.sqlState == "22P02")
      }
    }
  }

  @Test(arguments: Backend.all) func anItemOfAnUnknownFeedIsRejected(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      expectStoreError(store) {
        try store.commit(
          feed: FeedState(key: feedKey, name: "Example"),
          seen: [seenItem("https://never-saved.example/", "a")], alerts: [])
      }
      #expect(try store.feedState(feedKey) == nil)
    }
  }

  @Test(arguments: Backend.all) func aClosedStoreThrowsAndChangesNothing(_ backend: Backend) throws
  {
    try withStoreLocation(backend) { location throws in
      let store = try location.open()
      store.close()
      store.close()
      expectStoreError(store) {
        try store.commit(
          feed: FeedState(key: feedKey, name: "Example"), seen: [seenItem(feedKey, "a")],
          alerts: [outboxAlert("a", feed: feedKey)])
      }
      let reopened = try location.open()
      defer { reopened.close() }
      #expect(try reopened.feedState(feedKey) == nil)
      #expect(try reopened.alerts(since: nil, limit: 10).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func reopeningKeepsEverything(_ backend: Backend) throws {
    try withStoreLocation(backend) { location throws in
      var feed = FeedStateTests.fullState(key: feedKey)
      let alerts = (0..<3).map {
        outboxAlert("alert-\($0)", feed: feedKey, at: 1_700_000_000 + Double($0))
      }
      do {
        let store = try location.open()
        try store.commit(
          feed: feed, seen: [seenItem(feedKey, "a"), seenItem(feedKey, "b")], alerts: alerts)
        try store.markDelivered(sink: "jsonl:log", ids: ["alert-0"], at: date(1_700_000_100))
        try store.recordFailure(
          sink: "webhook:x", id: "alert-1", error: "HTTP 500", retryAt: date(1_700_000_200))
        feed.status = .ok
        try store.saveFeedState(feed)
        store.close()
      }
      let store = try location.open()
      defer { store.close() }
      #expect(try store.feedState(feedKey) == feed)
      #expect(try store.unseenKeys(feedKey: feedKey, among: ["a", "b", "c"]) == ["c"])
      #expect(try store.alerts(since: nil, limit: 10) == alerts)
      #expect(
        try store.pending(sink: "jsonl:log", now: date(1_800_000_000), limit: 10).map(\.alert.id)
          == ["alert-1", "alert-2"])
      let webhook = try store.pending(sink: "webhook:x", now: date(1_700_000_150), limit: 10)
      #expect(webhook.map(\.alert.id) == ["alert-0", "alert-2"])
      #expect(try store.check() == [])
    }
  }

  @Test func initWithDirectoryCreatesAPrivateDirectory() throws {
    try withTemporaryDirectory { parent throws in
      let directory = parent + "/state/feedwatch"
      let store = try Store(directory: directory)
      defer { store.close() }
      #expect(store.path == directory + "/" + Store.fileName)
      #expect(FileManager.default.fileExists(atPath: store.path))
      let attributes = try FileManager.default.attributesOfItem(atPath: directory)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
      #expect(try store.check() == [])
    }
  }
}
