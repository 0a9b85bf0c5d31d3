import Foundation
import Testing

@testable import Store

@Suite struct MigrationTests {
  /// A database written by the first schema version, with a feed, two alerts and one
  /// delivery, opens with the current one and keeps all of it.
  @Test func aVersionOneDatabaseIsUpgradedInPlace() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let old = try SQLiteConnection(path: path)
      try old.execute(Schema.migrations[0])
      try old.execute(
        """
        PRAGMA user_version = 1;
        INSERT INTO feed (key, name, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched)
        VALUES ('https://example.org/feed.xml', 'Example', 'ok', 0, 1, 2, 2, 100);
        INSERT INTO outbox (id, created, rule, feed_key, json) VALUES
            ('a0', 1700000000, 'r', 'https://example.org/feed.xml', '{"id":"a0"}'),
            ('a1', 1700000001, 'r', 'https://example.org/feed.xml', '{"id":"a1"}');
        INSERT INTO delivery (sink, alert_id, delivered_at, attempts) VALUES ('log', 'a0', 1700000002, 0);
        """)
      old.close()

      let store = try Store(path: path)
      defer { store.close() }
      #expect(try store.check() == [])
      #expect(try store.feedState("https://example.org/feed.xml")?.itemsSeen == 2)
      let now = date(1_800_000_000)
      #expect(try store.pending(sink: "log", now: now, limit: 10).map(\.alert.id) == ["a1"])
      try store.markDelivered(sink: "log", ids: ["a1"], at: now)
      #expect(try store.pending(sink: "log", now: now, limit: 10).isEmpty)
      #expect(try store.pending(sink: "other", now: now, limit: 10).count == 2)
    }
  }

  /// A database of the version before seen items had facets keeps its seen items: still
  /// seen, named as lacking facets until a poll gives them theirs.
  @Test func seenItemsStoredBeforeFacetsStaySeen() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let old = try SQLiteConnection(path: path)
      for migration in Schema.migrations.prefix(5) { try old.execute(migration) }
      try old.execute(
        """
        PRAGMA user_version = 5;
        INSERT INTO feed (key, name, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched)
        VALUES ('https://example.org/feed.xml', 'Example', 'ok', 0, 1, 1, 0, 100);
        INSERT INTO seen_item (feed_key, item_key, key_version, published, first_seen, alerted,
                               last_seen)
        VALUES ('https://example.org/feed.xml', 'link:http://x.org/a', 1, 1700000000,
                1700000000, 1, 1700000000);
        """)
      old.close()

      let store = try Store(path: path)
      defer { store.close() }
      #expect(try store.check() == [])
      let lookup = try store.lookUp(
        feedKey: "https://example.org/feed.xml", among: ["link:http://x.org/a"],
        staleBefore: .distantPast, facetVersion: 1)
      #expect(lookup.unseen.isEmpty)
      #expect(lookup.lackingFacets == ["link:http://x.org/a"])
      #expect(try store.feedState("https://example.org/feed.xml")?.status == .ok)
    }
  }

  @Test func aNewDatabaseIsAtTheCurrentVersion() throws {
    try withStore { store, _ throws in
      #expect(try store.check() == [])
      let connection = try SQLiteConnection(path: store.path)
      defer { connection.close() }
      #expect(try Schema.userVersion(connection) == Schema.currentVersion)
    }
  }
}
