import Dispatch
import Foundation
import PostgresClient
import Store
import Synchronization
import TestPostgres
import Testing

/// What the store guarantees the nodes of a cluster: a node commits a poll only while it
/// holds the feed's host, one node at a time delivers a push sink, and two nodes founding one
/// story at once raise one alert.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct ClusterStoreTests {
  static let feed = "http://h1.test/feed.xml"

  func poll(_ feed: String, item: String, alert: String? = nil, founding: UInt64? = nil)
    -> FeedCommit
  {
    let now = Date()
    var commit = FeedCommit(
      feed: FeedState(key: feed, name: feed),
      seen: [
        SeenItem(
          feedKey: feed, itemKey: item, keyVersion: 1, title: nil, link: nil, published: now,
          firstSeen: now, alerted: alert != nil)
      ],
      alerts: alert.map {
        [OutboxAlert(id: $0, created: now, rule: "r", feedKey: feed, json: #"{"id":"\#($0)"}"#)]
      } ?? [])
    if let founding, let alert {
      let story = "story-\(alert)"
      commit.stories = [
        StorySource(
          storyID: story, fingerprint: founding, feedKey: feed, itemKey: item, feedName: feed,
          title: "t", link: nil, seenAt: now)
      ]
      commit.founded = [
        FoundedStory(
          storyID: story, fingerprint: founding, since: now.addingTimeInterval(-3600),
          maxDistance: 10, alertIDs: [alert])
      ]
    }
    return commit
  }

  @Test func aNodeThatLostItsHostsLeaseCommitsNothing() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try PostgresSchema.migrate(db)
      let first = FeedLeases(node: "first", period: 0.5)
      let second = FeedLeases(node: "second", period: 0.5)
      try first.register(feeds: [(Self.feed, "feed", "h1.test")], in: db)
      let storeOfFirst = try PostgresStore(uri: database.uri, leases: first)
      let storeOfSecond = try PostgresStore(uri: database.uri, leases: second)
      defer {
        storeOfFirst.close()
        storeOfSecond.close()
      }
      // Without the lease: refused.
      #expect(throws: LeaseLost.self) { try storeOfFirst.commit(poll(Self.feed, item: "a")) }
      #expect(try first.claimDue(limit: 1, in: db).map(\.host) == ["h1.test"])
      try storeOfFirst.commit(poll(Self.feed, item: "a", alert: "alert-a"))

      // The lease runs out and the second node takes the host: the first node's poll of the
      // same moment is not written, the second node's is.
      Thread.sleep(forTimeInterval: 0.7)
      #expect(try second.claimDue(limit: 1, in: db).map(\.host) == ["h1.test"])
      #expect(throws: LeaseLost.self) {
        try storeOfFirst.commit(poll(Self.feed, item: "b", alert: "alert-b"))
      }
      try storeOfSecond.commit(poll(Self.feed, item: "b", alert: "alert-b2"))
      #expect(try storeOfSecond.alerts(since: nil, limit: 10).map(\.id) == ["alert-a", "alert-b2"])
      #expect(try storeOfSecond.unseenKeys(feedKey: Self.feed, among: ["a", "b", "c"]) == ["c"])
    }
  }

  @Test func onePushSinkIsDeliveredByOneNodeAtATime() throws {
    try withTestDatabase { database in
      let first = try PostgresStore(
        uri: database.uri, leases: FeedLeases(node: "first", period: 0.5))
      let second = try PostgresStore(
        uri: database.uri, leases: FeedLeases(node: "second", period: 0.5))
      defer {
        first.close()
        second.close()
      }
      #expect(try first.holdsDelivery(sink: "webhook#1"))
      #expect(try !second.holdsDelivery(sink: "webhook#1"))
      #expect(try second.holdsDelivery(sink: "exec#2"), "each sink has its own lease")
      #expect(try first.holdsDelivery(sink: "webhook#1"), "renewed")
      // Given back when nothing is pending: the other node takes it at once.
      try first.releaseDelivery(sink: "webhook#1")
      #expect(try second.holdsDelivery(sink: "webhook#1"))
      // A holder that stops renewing loses it once the lease runs out.
      Thread.sleep(forTimeInterval: 0.7)
      #expect(try first.holdsDelivery(sink: "webhook#1"))
      #expect(try !second.holdsDelivery(sink: "webhook#1"))
      // A store outside the cluster's sharing (a command) always delivers.
      let alone = try PostgresStore(uri: database.uri)
      defer { alone.close() }
      #expect(try alone.holdsDelivery(sink: "webhook#1"))
    }
  }

  /// Two nodes, each with its own in-memory story index, found the same story from two
  /// feeds at the same moment: the commits are serialised, and the second joins the first's
  /// story without its alert.
  @Test func twoNodesFoundingOneStoryAtOnceRaiseOneAlert() throws {
    try withTestDatabase { database in
      let stores = try (0..<2).map { _ in try PostgresStore(uri: database.uri) }
      defer { for store in stores { store.close() } }
      let fingerprint: UInt64 = 0xF0F0_1234_5678_9ABC
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 2) { index in
        do {
          // Three bits apart: the same story to `StoryFingerprint.isSameStory`.
          try stores[index].commit(
            poll(
              "http://h\(index).test/feed.xml", item: "i", alert: "alert-\(index)",
              founding: fingerprint ^ UInt64(index * 0b111)))
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
      #expect(try stores[0].alertCount() == 1)
      let stories = try stores[0].recentStories(since: Date().addingTimeInterval(-60))
      #expect(stories.count == 1)
      #expect(stories.first?.sources.count == 2)

      // A different story (far apart) founds its own.
      try stores[1].commit(
        poll("http://h1.test/feed.xml", item: "j", alert: "alert-other", founding: ~fingerprint))
      #expect(try stores[0].alertCount() == 2)
    }
  }
}
