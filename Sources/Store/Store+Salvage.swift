import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `salvage(from:)` copied, and where reading stopped.
public struct SalvageReport: Sendable, Equatable {
  public var feeds = 0
  public var seenItems = 0
  public var alerts = 0
  public var deliveries = 0
  /// Alerts held for an hourly digest.
  public var heldAlerts = 0
  /// Items' memberships in stories.
  public var storySources = 0
  /// Sinks' digests (see Store+SinkDigests).
  public var sinkDigests = 0
  /// Rows read but rejected by this store's constraints (damaged values).
  public var skippedRows = 0
  /// One line per table that could not be read to its end (the rows after the damage are lost).
  public var problems: [String] = []

  public init() {}
}

/// Recovery of what a damaged database still holds (the second half of
/// `feedwatch store repair`, after `moveAside`).
extension Store {
  /// Copies every row that can still be read from the database at `damagedPath` (opened
  /// read-only) into this store, in one transaction. Seen items matter most: without them
  /// every item still in a feed would count as new again. Alerts come with their delivery
  /// records, so delivered ones are not sent again and pending ones are not lost. Rows
  /// already present here are left alone; a feed whose own row is lost but whose items
  /// or alerts survive gets a placeholder state (status "new").
  public func salvage(from damagedPath: String) throws -> SalvageReport {
    guard damagedPath != path else {
      throw StoreError(
        path: path, message: "cannot salvage a database into itself", code: SQLITE_MISUSE,
        fix: "Move the damaged file aside first (Store.moveAside) and salvage from there.")
    }
    let damaged = try SQLiteConnection(path: damagedPath, readOnly: true)
    defer { damaged.close() }
    // A truncated file is refused whole (its header counts more pages than it has) unless
    // the schema is "writable"; the connection is read-only, so nothing can be written.
    try? damaged.execute("PRAGMA writable_schema = ON")
    var report = SalvageReport()
    var problems: [String] = []
    var skipped = 0
    try withConnection { db in
      try db.transaction {
        // Column lists are read from the damaged file's own schema, so a database written by
        // an older version (fewer columns) is salvaged too.
        func select(_ columns: String, from table: String) -> String? {
          Self.selectList(columns, table: table, in: damaged).map { "SELECT \($0) FROM \(table)" }
        }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          select(Self.feedColumns, from: "feed"), table: "feed", from: damaged
        ) { row in
          try Self.insertFeedIfMissing(Self.readFeedState(row), in: db)
          report.feeds += 1
        }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          select(
            "feed_key, item_key, key_version, title, link, published, first_seen, alerted, last_seen, "
              + "facet_version, guid, match_link, title_date",
            from: "seen_item"), table: "seen_item", from: damaged
        ) { row in
          let item = Self.readSeenItem(row)
          try Self.insertFeedIfMissing(FeedState(key: item.feedKey, name: item.feedKey), in: db)
          try Self.insertSeen([item], in: db)
          if let lastSeen = row.date(8) {
            try Self.markListed(
              feedKey: item.feedKey, itemKeys: [item.itemKey], at: lastSeen, in: db)
          }
          report.seenItems += 1
        }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          select("id, created, rule, feed_key, json", from: "outbox")
            .map { $0 + " ORDER BY seq" }, table: "outbox", from: damaged
        ) { row in
          let alert = Self.readAlert(row)
          try Self.insertFeedIfMissing(FeedState(key: alert.feedKey, name: alert.feedKey), in: db)
          try Self.insertAlert(alert, in: db)
          report.alerts += 1
        }
        var sinks = Set<String>()
        try Self.readRows(
          into: &problems, skipped: &skipped,
          "SELECT sink, alert_id, delivered_at, attempts, last_error, retry_at FROM delivery",
          table: "delivery", from: damaged
        ) { row in
          // A damaged store may predate sink ids: its records are named by the sink's address.
          let sink = SinkID.current(name: row.string(0) ?? "")
          if try Self.copyDelivery(row, sink: sink, in: db) {
            sinks.insert(sink)
            report.deliveries += 1
          }
        }
        for sink in sinks { try Self.advanceCursor(sink: sink, in: db) }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          select("rule, bucket, id, created, json", from: "folded_alert"), table: "folded_alert",
          from: damaged
        ) { row in
          try Self.insertFolded(
            FoldedAlert(
              rule: row.string(0) ?? "", bucket: row.int(1) ?? 0, id: row.string(2) ?? "",
              created: row.date(3) ?? Date(timeIntervalSince1970: 0), json: row.string(4) ?? ""),
            in: db)
          report.heldAlerts += 1
        }
        // The founding source first, so the story keeps its first title and time.
        try Self.readRows(
          into: &problems, skipped: &skipped,
          """
          SELECT ss.story_id, s.fingerprint, ss.feed_key, ss.item_key, ss.feed_name, ss.title,
              ss.link, ss.seen_at
          FROM story_source ss JOIN story s ON s.id = ss.story_id ORDER BY ss.seen_at
          """, table: "story_source", from: damaged
        ) { row in
          try Self.insertStorySource(
            StorySource(
              storyID: row.string(0) ?? "", fingerprint: UInt64(bitPattern: Int64(row.int(1) ?? 0)),
              feedKey: row.string(2) ?? "", itemKey: row.string(3) ?? "",
              feedName: row.string(4) ?? "", title: row.string(5), link: row.string(6),
              seenAt: row.date(7) ?? Date(timeIntervalSince1970: 0)),
            in: db)
          report.storySources += 1
        }
        // Sinks' digests, so one composed is neither lost nor composed again.
        try Self.readRows(
          into: &problems, skipped: &skipped,
          select(
            "sink, id, due, created, alert_count, json, attempts, last_error, delivered_at, retry_at",
            from: "sink_digest"), table: "sink_digest", from: damaged
        ) { row in
          try Self.copySinkDigest(row, in: db)
          report.sinkDigests += 1
        }
        try Self.readRows(
          into: &problems, skipped: &skipped, select("sink, through", from: "sink_digest_schedule"),
          table: "sink_digest_schedule", from: damaged
        ) { row in
          try Self.copyDigestSchedule(row, in: db)
        }
      }
    }
    report.problems = problems
    report.skippedRows = skipped
    return report
  }

  /// Steps through `sql` on the damaged database, handing each row to `copy`. A read error
  /// ends that table (recorded in the report); a row this store rejects is skipped; any other
  /// error writing this store ends the salvage, which then changes nothing.
  private static func readRows(
    into problems: inout [String], skipped: inout Int, _ sql: String?, table: String,
    from damaged: SQLiteConnection, copy: (SQLiteStatement) throws -> Void
  ) throws {
    // No such table (an older version's file): nothing to copy.
    guard let sql else { return }
    do {
      try damaged.withStatement(sql) { row in
        while try row.step() {
          do {
            try copy(row)
          } catch let error as StoreError where error.primaryCode == SQLITE_CONSTRAINT {
            // Only that row's statement was undone; the transaction goes on.
            skipped += 1
          }
        }
      }
    } catch let error as StoreError where error.path == damaged.path {
      problems.append("\(table): \(error.message) (SQLite code \(error.code))")
    }
  }

  /// `columns` (comma-separated) as a select list for `table` in `damaged`: a column its schema
  /// lacks reads as NULL. Nil when the file has no such table; the list unchanged when the
  /// schema cannot be read (the select then fails and is reported).
  private static func selectList(_ columns: String, table: String, in damaged: SQLiteConnection)
    -> String?
  {
    var present = Set<String>()
    do {
      try damaged.withStatement("SELECT name FROM pragma_table_info(?1)") { row in
        try row.bind(1, table)
        while try row.step() { present.insert(row.string(0) ?? "") }
      }
    } catch {
      return columns
    }
    guard !present.isEmpty else {
      let known = try? damaged.withStatement("SELECT 1 FROM sqlite_master LIMIT 1") {
        try $0.step()
      }
      // An unreadable schema lists no columns either: let the select fail and be reported.
      return known == true ? nil : columns
    }
    return columns.split(separator: ",").map { column in
      let name = String(column.filter { !$0.isWhitespace })
      return present.contains(name) ? name : "NULL"
    }.joined(separator: ", ")
  }

  private static func insertFeedIfMissing(_ state: FeedState, in db: SQLiteConnection) throws {
    let exists = try db.withStatement("SELECT 1 FROM feed WHERE key = ?1") { statement in
      try statement.bind(1, state.key)
      return try statement.step()
    }
    if !exists { try upsertFeed(state, in: db) }
  }

  /// Copies one delivery row whose alert survived; false when the alert was lost.
  private static func copyDelivery(_ row: SQLiteStatement, sink: String, in db: SQLiteConnection)
    throws -> Bool
  {
    try db.withStatement(
      """
      INSERT INTO delivery (sink, alert_id, delivered_at, attempts, last_error, retry_at)
      SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?2)
      ON CONFLICT (sink, alert_id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, sink)
      try statement.bind(2, row.string(1))
      try statement.bind(3, row.double(2))
      try statement.bind(4, row.int(3) ?? 0)
      try statement.bind(5, row.string(4))
      try statement.bind(6, row.double(5))
      try statement.run()
      return try db.changes() > 0
    }
  }
}
