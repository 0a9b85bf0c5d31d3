import Foundation
import PostgresClient
import TestPostgres
import Testing

@testable import Store

/// `store migrate --to`: an SQLite state copied into PostgreSQL answers every question as the
/// SQLite one did, so nothing alerts or is sent again after the switch.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct StateImportTests {
  let now = 1_800_000_000.0
  // Sinks by their ids, as the store names them.
  let log = SinkID(address: "jsonl:log").rawValue
  let webhook = SinkID(address: "webhook:https://hooks.example/").rawValue
  let late = SinkID(address: "webhook:https://late.example/").rawValue
  let digest = SinkID(address: "webhook:https://digest.example/").rawValue

  /// Two feeds with seen items (listed marks, facets), alerts delivered, failing and pending,
  /// a sink added later, a story with two sources, an alert held for a digest, a digest sink
  /// with one digest delivered and one failing.
  func fill(_ store: Store) throws {
    var wire = FeedStateTests.fullState(key: "https://wire.example/rss")
    wire.lastDocument = date(now - 10.125)
    let paper = FeedState(key: "https://paper.example/rss", name: "paper")
    var faceted = seenItem(wire.key, "id:1", at: now - 86400.5)
    faceted.facets = SeenFacets(version: 1, guid: "1", link: "//wire.example/1", titleDate: "t")
    try store.commit(
      feed: wire, seen: [faceted, seenItem(wire.key, "id:2", at: now - 3.000_001)],
      alerts: (0..<3).map { outboxAlert("w\($0)", feed: wire.key, at: now + Double($0)) },
      stories: [
        StorySource(
          storyID: "s1", fingerprint: 0xFEED_FACE_CAFE_BEEF, feedKey: wire.key, itemKey: "id:1",
          feedName: "wire", title: "Troops", link: "https://wire.example/1", seenAt: date(now))
      ],
      folded: [FoldedAlert(rule: "r", bucket: 500_000, id: "f1", created: date(now), json: "{}")])
    try store.commit(FeedCommit(feed: wire, stillListed: ["id:1"]))
    try store.commit(
      feed: paper, seen: [seenItem(paper.key, "p")],
      alerts: [outboxAlert("p0", feed: paper.key, at: now + 5)],
      stories: [
        StorySource(
          storyID: "s1", fingerprint: 0xFEED_FACE_CAFE_BEEF, feedKey: paper.key, itemKey: "p",
          feedName: "paper", title: nil, link: nil, seenAt: date(now + 5))
      ])
    try store.registerSink(log)
    try store.markDelivered(sink: log, ids: ["w0", "w1"], at: date(now + 10))
    try store.recordFailure(sink: webhook, id: "w0", error: "HTTP 502", retryAt: date(now + 60))
    try store.registerSink(late)
    try store.startDigests(sink: digest, through: date(now - 10))
    for due in [now + 1, now + 2] {
      try store.composeDigest(sink: digest, due: date(due), now: date(due)) { _, alerts, _ in
        ComposedSinkDigest(id: "d\(Int(due))", json: #"{"n":\#(alerts.count)}"#, alertCount: 1)
      }
    }
    try store.markDigestDelivered(sink: digest, id: "d\(Int(now + 1))", at: date(now + 3))
    try store.recordDigestFailure(
      sink: digest, id: "d\(Int(now + 2))", error: "HTTP 503", retryAt: date(now + 120))
  }

  /// Everything the daemon and the commands read, as one comparable text.
  func answers(_ store: any StateStore) throws -> [String] {
    var lines = try store.allFeedStates().map { "\($0)" }
    for feed in ["https://wire.example/rss", "https://paper.example/rss"] {
      let lookup = try store.lookUp(
        feedKey: feed, among: ["id:1", "id:2", "p", "new"], staleBefore: date(now - 5),
        facetVersion: 1)
      lines.append("\(lookup.unseen.sorted()) \(lookup.stale) \(lookup.lackingFacets)")
      lines.append("\(try store.itemCount(feedKey: feed, since: date(now - 100_000)))")
      lines.append(
        "\(try store.seenItems(feedKey: feed, sharingFacetsWith: [SeenFacets(version: 1, guid: "1", link: nil, titleDate: nil)]))"
      )
    }
    lines.append("\(try store.alerts(since: nil, limit: 100))")
    for sink in [log, webhook, late, digest, SinkID(address: "jsonl:never-registered").rawValue] {
      lines.append("\(try store.pending(sink: sink, now: date(now + 3600), limit: 100))")
      lines.append("\(try store.deliveryCounts(sink: sink, rules: ["withdrawal"]))")
      lines.append("\(try store.sinkHealth(sink: sink, now: date(now)))")
    }
    lines.append("\(try store.storySources(id: "s1"))")
    lines.append("\(try store.recentStories(since: date(0)))")
    lines.append("\(try store.foldedAlerts(before: 600_000))")
    lines.append("\(try store.digests(sink: digest))")
    lines.append("\(try store.pendingDigests(sink: digest, now: date(now + 60)))")
    lines.append("\(try store.pendingDigests(sink: digest, now: date(now + 120)))")
    lines.append("\(try store.digestThrough(sink: digest).map { "\($0)" } ?? "none")")
    return lines
  }

  @Test func aCopiedStateAnswersAsTheOriginalAndGoesOnFromIt() throws {
    try withTemporaryDirectory { directory in
      let sqlite = try Store(directory: directory)
      try fill(sqlite)
      let expected = try answers(sqlite)
      sqlite.close()
      try withTestDatabase { database in
        let postgres = try PostgresStore(uri: database.uri)
        defer { postgres.close() }
        let report = try postgres.importState(fromSQLite: Store.path(in: directory))
        #expect(
          report.rows.map { "\($0.table) \($0.count)" } == [
            "feed 2", "seen_item 3", "outbox 4", "delivery 6", "sink_cursor 3", "story 1",
            "story_source 2", "folded_alert 1", "sink_digest 2", "sink_digest_schedule 1",
          ])
        let copied = try answers(postgres)
        #expect(copied.count == expected.count)
        for (line, (got, want)) in zip(copied, expected).enumerated() {
          #expect(got == want, "answer \(line)")
        }
        // An alert committed after the switch comes after the copied ones, for every sink.
        try postgres.commit(
          feed: FeedState(key: "https://paper.example/rss", name: "paper"), seen: [],
          alerts: [outboxAlert("after", feed: "https://paper.example/rss", at: now - 1000)])
        #expect(
          try postgres.pending(sink: late, now: date(now + 3600), limit: 10).map(\.alert.id)
            == ["after"])
        #expect(
          try postgres.pending(sink: webhook, now: date(now + 3600), limit: 10).map(\.alert.id)
            == ["w0", "w1", "w2", "p0", "after"])
      }
    }
  }

  /// A state from before sink ids (SQLite schema 8) is brought up to date as it is opened
  /// for the copy: PostgreSQL gets the id-keyed records, with no address left in them.
  @Test func aStateNamedByAddressesArrivesNamedByIDs() throws {
    let address = "webhook:https://user:Pa55word@hooks.example.org/T0KEN?token=SECRET"
    try withTemporaryDirectory { directory in
      let path = Store.path(in: directory)
      let old = try SQLiteConnection(path: path)
      for migration in Schema.migrations.prefix(8) { try old.execute(migration) }
      try old.execute(
        """
        PRAGMA user_version = 8;
        INSERT INTO feed (key, name, status, consecutive_failures, first_fetch_done,
                          items_seen, alerts_raised, bytes_fetched)
        VALUES ('f', 'f', 'ok', 0, 1, 2, 2, 0);
        INSERT INTO outbox (id, created, rule, feed_key, json) VALUES
            ('a0', 1700000000, 'r', 'f', '{"id":"a0"}'),
            ('a1', 1700000001, 'r', 'f', '{"id":"a1"}');
        INSERT INTO delivery (sink, alert_id, delivered_at, attempts, last_error, retry_at) VALUES
            ('\(address)', 'a0', 1700000002, 0, NULL, NULL),
            ('\(address)', 'a1', NULL, 1, 'webhook \(address.dropFirst(8)) answered 503',
             1700000100);
        INSERT INTO sink_cursor (sink, delivered_through) VALUES ('\(address)', 1);
        INSERT INTO sink_digest_schedule (sink, through) VALUES ('\(address)', 1700000000);
        """)
      old.close()
      try withTestDatabase { database in
        let postgres = try PostgresStore(uri: database.uri)
        defer { postgres.close() }
        _ = try postgres.importState(fromSQLite: path)
        let id = SinkID(address: address).rawValue
        let owed = try postgres.pending(sink: id, now: date(now), limit: 10)
        #expect(owed.map(\.alert.id) == ["a1"])
        #expect(owed.first?.lastError == "webhook [address] answered 503")
        #expect(try postgres.registerSink(id) == false)
        #expect(try postgres.digestThrough(sink: id) == date(1_700_000_000))
        #expect(try postgres.sinkHealth(sink: id, now: date(now)).retrying == 1)
        let db = try PostgresConnection(uri: database.uri)
        defer { db.close() }
        let names = try db.query(
          """
          SELECT sink FROM delivery UNION SELECT sink FROM sink_cursor
          UNION SELECT sink FROM sink_digest_schedule
          """)
        #expect((0..<names.count).map { names.string($0, 0) } == [id])
      }
    }
  }

  @Test func aDatabaseThatHoldsAStateIsRefusedAndLeftAsItWas() throws {
    try withTemporaryDirectory { directory in
      let sqlite = try Store(directory: directory)
      try fill(sqlite)
      sqlite.close()
      try withTestDatabase { database in
        let postgres = try PostgresStore(uri: database.uri)
        defer { postgres.close() }
        try postgres.saveFeedState(FeedState(key: "https://other.example/", name: "other"))
        #expect {
          _ = try postgres.importState(fromSQLite: Store.path(in: directory))
        } throws: { error in
          "\(error)".contains("already holds a feedwatch state")
        }
        #expect(try postgres.allFeedStates().map(\.key) == ["https://other.example/"])
        #expect(try postgres.alertCount() == 0)
      }
    }
  }
}
