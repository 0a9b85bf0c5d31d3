import Dispatch
import Foundation
import PostgresClient
import Synchronization
import TestPostgres
import Testing

@testable import Store

/// What only the PostgreSQL store meets: a server that goes away and comes back, one that is
/// not there, a schema from a newer feedwatch.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct PostgresStoreTests {
  let feedKey = "https://example.org/feed.xml"

  /// Ends every session of the store's database but the caller's: as if the server restarted.
  func dropSessions(of database: TestDatabase, using admin: PostgresConnection) throws {
    try admin.query(
      """
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid()
      """, [database.name])
  }

  @Test func aLostConnectionFailsThatCallChangesNothingAndTheNextReconnects() throws {
    try withTestDatabase { database in
      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      let admin = try PostgresConnection(uri: database.uri)
      let feed = FeedState(key: feedKey, name: "Example")
      try store.commit(feed: feed, seen: [seenItem(feedKey, "a")], alerts: [])
      try dropSessions(of: database, using: admin)

      // The commit that meets the broken session fails as a connection failure, and its item
      // is not seen: the next poll reads it again.
      do {
        try store.commit(
          feed: feed, seen: [seenItem(feedKey, "b")], alerts: [outboxAlert("b", feed: feedKey)])
        Issue.record("a commit on a terminated session succeeded")
      } catch let error as PostgresError {
        #expect(error.isConnectionFailure, "\(error)")
      }
      try dropSessions(of: database, using: admin)
      #expect(throws: PostgresError.self) {
        _ = try store.unseenKeys(feedKey: feedKey, among: ["a"])
      }

      // The next calls connect again and find everything as it was.
      #expect(try store.unseenKeys(feedKey: feedKey, among: ["a", "b"]) == ["b"])
      #expect(try store.alerts(since: nil, limit: 10).isEmpty)
      try store.commit(
        feed: feed, seen: [seenItem(feedKey, "b")], alerts: [outboxAlert("b", feed: feedKey)])
      #expect(try store.alerts(since: nil, limit: 10).map(\.id) == ["b"])
      #expect(try store.check() == [])
    }
  }

  @Test func aServerThatIsNotThereIsACannotConnectErrorWithoutThePassword() throws {
    let secret = "pw-\(UUID().uuidString)"
    let uri = "postgresql://feedwatch:\(secret)@127.0.0.1:1/feedwatch?connect_timeout=5"
    do {
      _ = try PostgresStore(uri: uri)
      Issue.record("connected to a port with no server")
    } catch let error as PostgresError {
      #expect(error.kind == .cannotConnect)
      #expect(error.server == "postgresql://feedwatch@127.0.0.1:1/feedwatch?connect_timeout=5")
      #expect(!"\(error)".contains(secret))
    }
  }

  @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try PostgresSchema.migrate(db)
      let newer = PostgresSchema.currentVersion + 1
      try db.query("UPDATE feedwatch_schema SET version = $1", [newer])
      #expect {
        _ = try PostgresStore(uri: database.uri)
      } throws: { error in
        "\(error)".contains("schema version \(newer) is newer than this feedwatch knows")
      }
      #expect(try PostgresSchema.version(db) == newer)
    }
  }

  /// A database of an earlier schema (before the outbox checked its JSON) is brought up to
  /// date in place, its rows kept, and from then on an invalid alert is refused.
  @Test func anEarlierSchemaIsUpgradedInPlace() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try db.execute(PostgresSchema.migrations[0])
      try db.execute(PostgresSchema.migrations[1])
      try db.execute(
        """
        CREATE TABLE feedwatch_schema (version integer NOT NULL);
        INSERT INTO feedwatch_schema VALUES (2);
        INSERT INTO feed (key, host, name, status, consecutive_failures, first_fetch_done,
            items_seen, alerts_raised, bytes_fetched)
        VALUES ('https://example.org/feed.xml', 'example.org', 'Example', 'ok', 0, true, 1, 1, 10);
        INSERT INTO outbox (id, created, rule, feed_key, json)
        VALUES ('a0', 1700000000, 'r', 'https://example.org/feed.xml', '{"id":"a0"}');
        """)
      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      #expect(try PostgresSchema.version(db) == PostgresSchema.currentVersion)
      #expect(try store.check() == [])
      #expect(try store.feedState(feedKey)?.itemsSeen == 1)
      #expect(
        try store.pending(sink: "log", now: date(1_800_000_000), limit: 10).map(\.alert.id) == [
          "a0"
        ])
      expectStoreError(store) {
        try store.commit(
          feed: FeedState(key: feedKey, name: "Example"), seen: [],
          alerts: [OutboxAlert(id: "x", created: date(0), rule: "r", feedKey: feedKey, json: "{")])
      }
    }
  }

  /// A database of schema 3 (sinks' digests, before the JSON checks) keeps its digests and
  /// schedules through the upgrade, and from then on a digest that is not JSON is refused.
  @Test func aSchemaWithDigestsIsUpgradedInPlace() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      for migration in PostgresSchema.migrations.prefix(3) { try db.execute(migration) }
      try db.execute(
        """
        CREATE TABLE feedwatch_schema (version integer NOT NULL);
        INSERT INTO feedwatch_schema VALUES (3);
        INSERT INTO sink_digest (sink, id, due, created, alert_count, json)
        VALUES ('log', 'd1', 1700000000, 1700000001, 2, '{"id":"d1"}');
        INSERT INTO sink_digest_schedule (sink, through) VALUES ('log', 1700000000);
        """)
      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      #expect(try PostgresSchema.version(db) == PostgresSchema.currentVersion)
      #expect(try store.pendingDigests(sink: "log", now: date(1_800_000_000)).map(\.id) == ["d1"])
      #expect(try store.digestThrough(sink: "log") == date(1_700_000_000))
      expectStoreError(store) {
        try db.query(
          """
          INSERT INTO sink_digest (sink, id, due, created, alert_count, json)
          VALUES ('log', 'd2', 1700000100, 1700000101, 1, '{')
          """)
      }
    }
  }

  /// The feed's host gets its lease row with the feed, so a node can claim it.
  @Test func savingAFeedRegistersItsHostForLeases() throws {
    try withTestDatabase { database in
      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      try store.saveFeedState(FeedState(key: "https://User@Example.ORG:8443/a.xml", name: "a"))
      try store.saveFeedState(FeedState(key: "http://[::1]:8080/b.xml", name: "b"))
      let db = try PostgresConnection(uri: database.uri)
      let claimed = try FeedLeases(node: "n").claimDue(limit: 10, in: db)
      #expect(claimed.map(\.host) == ["[::1]", "example.org"])
      #expect(
        claimed.map(\.dueFeeds) == [
          ["http://[::1]:8080/b.xml"], ["https://User@Example.ORG:8443/a.xml"],
        ])
    }
  }
}
