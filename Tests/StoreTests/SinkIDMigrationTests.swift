import Foundation
import Testing

@testable import Store

/// Sinks were named in the store by their address (a webhook's URL with its token, an exec
/// sink's command line); version 9 names them by `SinkID`, keeping every delivery's and every
/// digest's state.
@Suite struct SinkIDMigrationTests {
  static let webhook =
    "webhook:https://user:Pa55word@hooks.example.org/services/T0KEN-PATH?token=QUERY-SECRET"
  static let log = "jsonl:/var/log/feedwatch/alerts.jsonl"

  @Test func deliveryRecordsAreRenamedWithoutASecretAndNothingIsSentAgain() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let old = try SQLiteConnection(path: path)
      for migration in Schema.migrations.prefix(7) { try old.execute(migration) }
      try old.execute(
        """
        PRAGMA user_version = 7;
        INSERT INTO feed (key, name, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched)
        VALUES ('https://example.org/feed.xml', 'Example', 'ok', 0, 1, 3, 3, 100);
        INSERT INTO outbox (id, created, rule, feed_key, json) VALUES
            ('a0', 1700000000, 'r', 'https://example.org/feed.xml', '{"id":"a0"}'),
            ('a1', 1700000001, 'r', 'https://example.org/feed.xml', '{"id":"a1"}'),
            ('a2', 1700000002, 'r', 'https://example.org/feed.xml', '{"id":"a2"}');
        INSERT INTO delivery (sink, alert_id, delivered_at, attempts, last_error, retry_at) VALUES
            ('\(Self.webhook)', 'a0', 1700000003, 0, NULL, NULL),
            ('\(Self.webhook)', 'a1', NULL, 2,
             'webhook \(Self.webhook.dropFirst(8)) answered 503', 1700000100),
            ('\(Self.log)', 'a0', 1700000003, 0, NULL, NULL),
            ('\(Self.log)', 'a1', 1700000003, 0, NULL, NULL),
            ('\(Self.log)', 'a2', 1700000003, 0, NULL, NULL);
        INSERT INTO sink_cursor (sink, delivered_through) VALUES
            ('\(Self.webhook)', 1), ('\(Self.log)', 3);
        """)
      old.close()

      let store = try Store(path: path)
      defer { store.close() }
      #expect(try store.check() == [])
      let webhook = SinkID(address: Self.webhook).rawValue
      let log = SinkID(address: Self.log).rawValue
      #expect(webhook.hasPrefix("webhook#") && webhook.count == "webhook#".count + 16)
      #expect(log.hasPrefix("jsonl#"))

      // The webhook still owes a1 (waiting for its retry) and a2; the log owes nothing.
      let before = date(1_700_000_050)
      #expect(try store.pending(sink: webhook, now: before, limit: 10).map(\.alert.id) == ["a2"])
      let later = date(1_800_000_000)
      let owed = try store.pending(sink: webhook, now: later, limit: 10)
      #expect(owed.map(\.alert.id) == ["a1", "a2"])
      #expect(owed.first?.attempts == 2)
      #expect(owed.first?.lastError?.contains("answered 503") == true)
      #expect(try store.pending(sink: log, now: later, limit: 10).isEmpty)
      #expect(try store.registerSink(log) == false)

      // Nothing of the old names is left: not the password, the path token or the query.
      let connection = try SQLiteConnection(path: path, readOnly: true)
      defer { connection.close() }
      var stored: [String] = []
      for sql in [
        "SELECT sink || ' ' || COALESCE(last_error, '') FROM delivery",
        "SELECT sink FROM sink_cursor",
      ] {
        try connection.withStatement(sql) { statement in
          while try statement.step() { stored.append(statement.string(0) ?? "") }
        }
      }
      #expect(stored.count == 7)
      for secret in ["Pa55word", "T0KEN-PATH", "QUERY-SECRET", "hooks.example.org/services"] {
        #expect(!stored.contains { $0.contains(secret) }, "\(secret) in \(stored)")
      }
    }
  }

  @Test func sinkDigestsAndTheirSchedulesAreRenamedWithoutASecret() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let old = try SQLiteConnection(path: path)
      for migration in Schema.migrations.prefix(8) { try old.execute(migration) }
      try old.execute(
        """
        PRAGMA user_version = 8;
        INSERT INTO sink_digest (sink, id, due, created, alert_count, json, delivered_at,
                                 attempts, last_error, retry_at) VALUES
            ('\(Self.webhook)', 'd0', 1700000000, 1700000000, 2, '{"id":"d0"}', NULL, 1,
             'webhook \(Self.webhook.dropFirst(8)) answered 503', 1700000100),
            ('\(Self.log)', 'd0', 1700000000, 1700000000, 2, '{"id":"d0"}', 1700000001, 0,
             NULL, NULL);
        INSERT INTO sink_digest_schedule (sink, through) VALUES
            ('\(Self.webhook)', 1700000000), ('\(Self.log)', 1700000000);
        """)
      old.close()

      let store = try Store(path: path)
      defer { store.close() }
      let webhook = SinkID(address: Self.webhook).rawValue
      let log = SinkID(address: Self.log).rawValue
      // The webhook still owes its digest, with its attempts; the log's was delivered.
      let owed = try store.pendingDigests(sink: webhook, now: date(1_800_000_000))
      #expect(owed.map(\.id) == ["d0"])
      #expect(owed.first?.attempts == 1)
      #expect(owed.first?.lastError == "webhook [address] answered 503")
      #expect(try store.pendingDigests(sink: log, now: date(1_800_000_000)).isEmpty)
      #expect(try store.digestThrough(sink: webhook) == date(1_700_000_000))
      #expect(try store.digestThrough(sink: log) == date(1_700_000_000))

      let connection = try SQLiteConnection(path: path, readOnly: true)
      defer { connection.close() }
      var stored: [String] = []
      for sql in [
        "SELECT sink || ' ' || COALESCE(last_error, '') FROM sink_digest",
        "SELECT sink FROM sink_digest_schedule",
      ] {
        try connection.withStatement(sql) { statement in
          while try statement.step() { stored.append(statement.string(0) ?? "") }
        }
      }
      #expect(stored.count == 4)
      for secret in ["Pa55word", "T0KEN-PATH", "QUERY-SECRET", "hooks.example.org/services"] {
        #expect(!stored.contains { $0.contains(secret) }, "\(secret) in \(stored)")
      }
    }
  }

  @Test func anIDIsStableAndNeverTakenForAnAddress() {
    let id = SinkID(address: Self.webhook)
    #expect(SinkID(address: Self.webhook) == id)
    #expect(SinkID(address: id.rawValue) == id)
    #expect(SinkID(address: "journal").rawValue.hasPrefix("journal#"))
    #expect(SinkID(address: Self.webhook + "x") != id)
    #expect(id.fingerprint.count == 6)
    // A URL with a fragment holds a '#' but is no id.
    #expect(
      SinkID(address: "webhook:https://h.example/#0123456789abcdef")
        != SinkID(
          address: "webhook#0123456789abcdef"))
  }
}
