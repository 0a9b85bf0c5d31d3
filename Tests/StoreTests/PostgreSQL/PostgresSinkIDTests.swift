import Foundation
import PostgresClient
import TestPostgres
import Testing

@testable import Store

/// The PostgreSQL schema renames sinks' records to the ids the SQLite store uses: the same
/// address gives the same id in both, and no secret of the address is left.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct PostgresSinkIDTests {
  @Test func recordsNamedByAddressGetTheSQLiteStoresIDs() throws {
    let webhook = "webhook:https://user:Pa55word@hooks.example.org/T0KEN-PATH?token=QUERY-SECRET"
    let exec = "exec:/usr/bin/apprise -b tgram://BOT-TOKEN/CHAT"
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try db.execute("CREATE TABLE feedwatch_schema (version integer NOT NULL)")
      for migration in PostgresSchema.migrations.prefix(4) { try db.execute(migration) }
      try db.execute(
        """
        INSERT INTO feedwatch_schema VALUES (4);
        INSERT INTO feed (key, name, host, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched)
        VALUES ('f', 'f', 'example.org', 'ok', 0, true, 0, 1, 0);
        INSERT INTO outbox (id, created, rule, feed_key, json)
        VALUES ('a0', 1700000000, 'r', 'f', '{}');
        INSERT INTO delivery (sink, alert_id, delivered_at, attempts, last_error) VALUES
            ('\(webhook)', 'a0', NULL, 1, 'webhook \(webhook.dropFirst(8)) answered 503'),
            ('journal', 'a0', 1700000001, 0, NULL);
        INSERT INTO sink_cursor (sink, delivered_through) VALUES ('\(exec)', 1);
        INSERT INTO sink_digest (sink, id, due, created, alert_count, json, attempts, last_error)
        VALUES ('\(webhook)', 'd0', 1700000000, 1700000000, 1, '{}', 1,
                'webhook \(webhook.dropFirst(8)) answered 503');
        INSERT INTO sink_digest_schedule (sink, through) VALUES ('\(exec)', 1700000000);
        """)
      try PostgresSchema.migrate(db)
      let rows = try db.query("SELECT sink, COALESCE(last_error, '') FROM delivery ORDER BY sink")
      let sinks = (0..<rows.count).map { rows.string($0, 0) ?? "" }
      #expect(
        Set(sinks) == [SinkID(address: webhook).rawValue, SinkID(address: "journal").rawValue])
      let errors = (0..<rows.count).map { rows.string($0, 1) ?? "" }
      #expect(errors.contains("webhook [address] answered 503"))
      let cursor = try db.query("SELECT sink FROM sink_cursor")
      #expect(cursor.string(0, 0) == SinkID(address: exec).rawValue)
      let digest = try db.query("SELECT sink, last_error FROM sink_digest")
      #expect(digest.string(0, 0) == SinkID(address: webhook).rawValue)
      #expect(digest.string(0, 1) == "webhook [address] answered 503")
      let schedule = try db.query("SELECT sink FROM sink_digest_schedule")
      #expect(schedule.string(0, 0) == SinkID(address: exec).rawValue)
    }
  }
}
