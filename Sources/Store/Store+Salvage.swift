import CSQLite

/// What `salvage(from:)` copied, and where reading stopped.
public struct SalvageReport: Sendable, Equatable {
  public var feeds = 0
  public var seenItems = 0
  public var alerts = 0
  public var deliveries = 0
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
        try Self.readRows(
          into: &problems, skipped: &skipped,
          "SELECT \(Self.feedColumns) FROM feed", table: "feed", from: damaged
        ) { row in
          try Self.insertFeedIfMissing(Self.readFeedState(row), in: db)
          report.feeds += 1
        }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          """
          SELECT feed_key, item_key, key_version, title, link, published, first_seen, alerted
          FROM seen_item
          """, table: "seen_item", from: damaged
        ) { row in
          let item = Self.readSeenItem(row)
          try Self.insertFeedIfMissing(FeedState(key: item.feedKey, name: item.feedKey), in: db)
          try Self.insertSeen(item, in: db)
          report.seenItems += 1
        }
        try Self.readRows(
          into: &problems, skipped: &skipped,
          "SELECT \(Self.alertColumns) FROM outbox o ORDER BY o.seq", table: "outbox",
          from: damaged
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
          if try Self.copyDelivery(row, in: db) {
            sinks.insert(row.string(0) ?? "")
            report.deliveries += 1
          }
        }
        for sink in sinks { try Self.advanceCursor(sink: sink, in: db) }
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
    into problems: inout [String], skipped: inout Int, _ sql: String, table: String,
    from damaged: SQLiteConnection, copy: (SQLiteStatement) throws -> Void
  ) throws {
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

  private static func insertFeedIfMissing(_ state: FeedState, in db: SQLiteConnection) throws {
    let exists = try db.withStatement("SELECT 1 FROM feed WHERE key = ?1") { statement in
      try statement.bind(1, state.key)
      return try statement.step()
    }
    if !exists { try upsertFeed(state, in: db) }
  }

  /// Copies one delivery row whose alert survived; false when the alert was lost.
  private static func copyDelivery(_ row: SQLiteStatement, in db: SQLiteConnection) throws -> Bool {
    try db.withStatement(
      """
      INSERT INTO delivery (sink, alert_id, delivered_at, attempts, last_error, retry_at)
      SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?2)
      ON CONFLICT (sink, alert_id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, row.string(0))
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
