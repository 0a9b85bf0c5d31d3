import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The alert outbox and its delivery, tracked per sink, as in the SQLite store.
extension PostgresStore {
  static let alertColumns = Store.alertColumns

  public func pending(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
    try withConnection { db in
      let rows = try db.query(
        // The SQLite store's LEFT JOIN, as NOT EXISTS: PostgreSQL then walks the outbox in
        // seq order and stops at the limit, where the join hashed every alert after the
        // cursor (16 ms instead of 1 for 5,000 undelivered).
        """
        SELECT \(Self.alertColumns),
            COALESCE((SELECT attempts FROM delivery d WHERE d.sink = $1 AND d.alert_id = o.id), 0),
            (SELECT last_error FROM delivery d WHERE d.sink = $1 AND d.alert_id = o.id)
        FROM outbox o
        WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = $1), 0)
          AND NOT EXISTS (
              SELECT 1 FROM delivery d WHERE d.sink = $1 AND d.alert_id = o.id
                AND (d.delivered_at IS NOT NULL OR d.retry_at > $2))
        ORDER BY o.seq LIMIT $3
        """, [sink, now, max(0, limit)])
      return (0..<rows.count).map { row in
        PendingDelivery(
          alert: Self.readAlert(rows, row), attempts: rows.int(row, 5) ?? 0,
          lastError: rows.string(row, 6))
      }
    }
  }

  public func markDelivered(sink: String, ids: [String], at: Date) throws {
    guard !ids.isEmpty else { return }
    try withConnection { db in
      try db.transaction {
        try Self.recordDelivered(sink: sink, ids: ids, at: at, in: db)
        try Self.advanceCursor(sink: sink, in: db)
      }
    }
  }

  /// The alerts `ids` delivered to `sink`, in one statement; a second time keeps the first.
  /// The caller advances the sink's cursor.
  static func recordDelivered(sink: String, ids: [String], at: Date, in db: PostgresConnection)
    throws
  {
    try db.query(
      """
      INSERT INTO delivery (sink, alert_id, delivered_at, attempts)
      SELECT DISTINCT $1::text, id, $3::float8, 0 FROM unnest($2::text[]) AS u(id)
      ON CONFLICT (sink, alert_id) DO UPDATE SET
          delivered_at = COALESCE(delivery.delivered_at, excluded.delivered_at),
          retry_at = NULL
      """, [sink, ids, at])
  }

  /// Moves the sink's cursor up to just before its oldest undelivered alert.
  static func advanceCursor(sink: String, in db: PostgresConnection) throws {
    try db.query(
      """
      INSERT INTO sink_cursor (sink, delivered_through)
      VALUES ($1, COALESCE(
          (SELECT o.seq - 1 FROM outbox o
           WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = $1), 0)
             AND NOT EXISTS (
                 SELECT 1 FROM delivery d
                 WHERE d.sink = $1 AND d.alert_id = o.id AND d.delivered_at IS NOT NULL)
           ORDER BY o.seq LIMIT 1),
          (SELECT COALESCE(max(seq), 0) FROM outbox)))
      ON CONFLICT (sink) DO UPDATE SET
          delivered_through = greatest(sink_cursor.delivered_through, excluded.delivered_through)
      """, [sink])
  }

  @discardableResult
  public func registerSink(_ sink: String) throws -> Bool {
    try withConnection { db in
      // Inserted only when the sink has neither a cursor nor a delivery: one statement, so
      // two nodes registering it at once agree (the primary key keeps the first).
      try db.query(
        """
        INSERT INTO sink_cursor (sink, delivered_through)
        SELECT $1::text, COALESCE((SELECT max(seq) FROM outbox), 0)
        WHERE NOT EXISTS (SELECT 1 FROM delivery WHERE sink = $1)
        ON CONFLICT (sink) DO NOTHING
        """, [sink]
      ).affected == 1
    }
  }

  public func recordFailure(sink: String, id: String, error: String, retryAt: Date) throws {
    try withConnection { db in
      try db.query(
        """
        INSERT INTO delivery (sink, alert_id, attempts, last_error, retry_at)
        VALUES ($1, $2, 1, $3, $4)
        ON CONFLICT (sink, alert_id) DO UPDATE SET
            attempts = delivery.attempts + 1, last_error = excluded.last_error,
            retry_at = excluded.retry_at
        WHERE delivery.delivered_at IS NULL
        """, [sink, id, error, retryAt])
    }
  }

  public func alert(id: String) throws -> OutboxAlert? {
    try withConnection { db in
      let rows = try db.query("SELECT \(Self.alertColumns) FROM outbox o WHERE o.id = $1", [id])
      return rows.isEmpty ? nil : Self.readAlert(rows, 0)
    }
  }

  public func alerts(since: Date?, limit: Int) throws -> [OutboxAlert] {
    try withConnection { db in
      let rows = try db.query(
        """
        SELECT * FROM (
            SELECT \(Self.alertColumns), o.seq FROM outbox o
            WHERE $1::float8 IS NULL OR o.created >= $1::float8
            ORDER BY o.created DESC, o.seq DESC LIMIT $2
        ) newest ORDER BY created, seq
        """, [since, max(0, limit)])
      return (0..<rows.count).map { Self.readAlert(rows, $0) }
    }
  }

  public func alertCount() throws -> Int {
    try withConnection { db in try db.query("SELECT count(*) FROM outbox").int(0, 0) ?? 0 }
  }

  public func deliveryCounts(sink: String, rules: [String]?) throws -> DeliveryCounts {
    try withConnection { db in
      // One statement, so one snapshot: the counts add up.
      let rows = try db.query(
        """
        SELECT
            (SELECT count(*) FROM outbox),
            (SELECT count(*) FROM delivery d WHERE d.sink = $1 AND d.delivered_at IS NOT NULL),
            (SELECT count(*) FROM delivery d JOIN outbox o ON o.id = d.alert_id
             WHERE d.sink = $1 AND d.delivered_at IS NOT NULL AND o.rule = ANY($2::text[])),
            (SELECT count(*) FROM outbox o
             WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = $1), 0)
               AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.sink = $1 AND d.alert_id = o.id)),
            (SELECT count(*) FROM delivery
             WHERE sink = $1 AND delivered_at IS NULL AND attempts > 0)
        """, [sink, rules ?? []])
      let delivered = rows.int(0, 1) ?? 0
      let notItsRules = rules == nil ? 0 : delivered - (rows.int(0, 2) ?? 0)
      return DeliveryCounts(
        total: rows.int(0, 0) ?? 0, delivered: delivered - notItsRules, notItsRules: notItsRules,
        pending: rows.int(0, 3) ?? 0, failing: rows.int(0, 4) ?? 0)
    }
  }

  /// Reads row `row` of a result selected with `alertColumns`, in that order.
  static func readAlert(_ rows: PostgresRows, _ row: Int) -> OutboxAlert {
    OutboxAlert(
      id: rows.string(row, 0) ?? "", created: rows.date(row, 1) ?? Date(timeIntervalSince1970: 0),
      rule: rows.string(row, 2) ?? "", feedKey: rows.string(row, 3) ?? "",
      json: rows.string(row, 4) ?? "")
  }
}
