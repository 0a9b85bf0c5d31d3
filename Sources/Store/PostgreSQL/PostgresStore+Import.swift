import PostgresClient

/// What `importState(fromSQLite:)` copied.
public struct StateImportReport: Sendable, Equatable {
  /// Rows copied, by table, in the order copied.
  public var rows: [(table: String, count: Int)] = []

  public static func == (a: Self, b: Self) -> Bool {
    a.rows.map(\.table) == b.rows.map(\.table) && a.rows.map(\.count) == b.rows.map(\.count)
  }
}

/// `feedwatch store migrate --to`: an SQLite state copied whole into an empty PostgreSQL
/// store, so that an installation switches without alerting again or sending again.
extension PostgresStore {
  /// A column as SQLite stores it, read so that the value reaches PostgreSQL unchanged (a
  /// REAL through a Double, whose text reads back bit for bit; SQLite's own text would not).
  private enum Column {
    case text(String)
    case integer(String)
    case real(String)
    case boolean(String)

    var name: String {
      switch self {
      case .text(let name), .integer(let name), .real(let name), .boolean(let name): name
      }
    }

    var arrayType: String {
      switch self {
      case .text: "text[]"
      case .integer: "bigint[]"
      case .real: "float8[]"
      case .boolean: "boolean[]"
      }
    }

    func value(_ row: SQLiteStatement, _ index: Int32) -> (any PostgresBindable)? {
      switch self {
      case .text: row.string(index)
      case .integer: row.int(index)
      case .real: row.double(index)
      case .boolean: row.isNull(index) ? nil : row.bool(index)
      }
    }
  }

  /// The tables after `feed`, parents first, each in an order that keeps its meaning (the
  /// outbox by `seq`, which is copied as it is, so sink cursors stay true).
  private static let tables: [(name: String, order: String, columns: [Column])] = [
    (
      "seen_item", "feed_key, item_key",
      [
        .text("feed_key"), .text("item_key"), .integer("key_version"), .text("title"),
        .text("link"), .real("published"), .real("first_seen"), .boolean("alerted"),
        .real("last_seen"), .integer("facet_version"), .text("guid"), .text("match_link"),
        .text("title_date"),
      ]
    ),
    (
      "outbox", "seq",
      [
        .integer("seq"), .text("id"), .real("created"), .text("rule"), .text("feed_key"),
        .text("json"),
      ]
    ),
    (
      "delivery", "sink, alert_id",
      [
        .text("sink"), .text("alert_id"), .real("delivered_at"), .integer("attempts"),
        .text("last_error"), .real("retry_at"),
      ]
    ),
    ("sink_cursor", "sink", [.text("sink"), .integer("delivered_through")]),
    ("story", "id", [.text("id"), .integer("fingerprint"), .real("first_seen"), .text("title")]),
    (
      "story_source", "story_id, feed_key, item_key",
      [
        .text("story_id"), .text("feed_key"), .text("item_key"), .text("feed_name"),
        .text("title"), .text("link"), .real("seen_at"),
      ]
    ),
    (
      "folded_alert", "rule, bucket, id",
      [.text("rule"), .integer("bucket"), .text("id"), .real("created"), .text("json")]
    ),
    (
      "sink_digest", "sink, id",
      [
        .text("sink"), .text("id"), .real("due"), .real("created"), .integer("alert_count"),
        .text("json"), .real("delivered_at"), .integer("attempts"), .text("last_error"),
        .real("retry_at"),
      ]
    ),
    ("sink_digest_schedule", "sink", [.text("sink"), .real("through")]),
  ]

  /// Rows sent per statement: a few round trips for a large state, statements of bounded size.
  private static let batchSize = 2000

  /// Copies every row of the SQLite state at `path` (brought to the current schema first;
  /// stop the daemon before) into this store, in one transaction. Refused unless this store is
  /// empty: merging two histories could alert twice or lose deliveries.
  public func importState(fromSQLite path: String) throws -> StateImportReport {
    // Opening it brings its schema up to date; from then on it is only read.
    try Store(path: path).close()
    let source = try SQLiteConnection(path: path, readOnly: true)
    defer { source.close() }
    return try withConnection { db in
      try db.transaction {
        try db.query("SELECT pg_advisory_xact_lock($1)", [Self.outboxLock])
        let used = try db.query(
          "SELECT EXISTS (SELECT 1 FROM feed) OR EXISTS (SELECT 1 FROM outbox)")
        if used.bool(0, 0) {
          throw PostgresError(
            kind: .client, server: server,
            message:
              "the database already holds a feedwatch state; migrate into an empty database "
              + "(create a new one, or drop this one's tables if you mean to start over)")
        }
        var report = StateImportReport()
        var feeds = 0
        try source.withStatement("SELECT \(Store.feedColumns) FROM feed ORDER BY key") { row in
          while try row.step() {
            try Self.upsertFeed(Store.readFeedState(row), in: db)
            feeds += 1
          }
        }
        report.rows.append(("feed", feeds))
        for table in Self.tables {
          report.rows.append(
            (
              table.name,
              try Self.copy(table.name, table.columns, table.order, from: source, to: db)
            ))
        }
        // The next alert comes after the copied ones.
        try db.query(
          """
          SELECT setval(pg_get_serial_sequence('outbox', 'seq'), coalesce(max(seq), 0) + 1, false)
          FROM outbox
          """)
        return report
      }
    }
  }

  private static func copy(
    _ table: String, _ columns: [Column], _ order: String, from source: SQLiteConnection,
    to db: PostgresConnection
  ) throws -> Int {
    let names = columns.map(\.name).joined(separator: ", ")
    let arrays = columns.indices.map { "$\($0 + 1)::\(columns[$0].arrayType)" }
      .joined(separator: ", ")
    let insert = "INSERT INTO \(table) (\(names)) SELECT * FROM unnest(\(arrays))"
    var batch = Array(repeating: [(any PostgresBindable)?](), count: columns.count)
    var copied = 0
    func flush() throws {
      guard !batch[0].isEmpty else { return }
      try db.query(insert, batch.map { PostgresArray($0) })
      copied += batch[0].count
      for index in batch.indices { batch[index].removeAll(keepingCapacity: true) }
    }
    try source.withStatement("SELECT \(names) FROM \(table) ORDER BY \(order)") { row in
      while try row.step() {
        for (index, column) in columns.enumerated() {
          batch[index].append(column.value(row, Int32(index)))
        }
        if batch[0].count == batchSize { try flush() }
      }
    }
    try flush()
    return copied
  }
}
