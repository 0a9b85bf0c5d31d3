import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Digests of sinks with a `digest` schedule, as in the SQLite store (Store+SinkDigests).
extension PostgresStore {
  static let digestColumns = "sink, id, due, created, alert_count, json, attempts, last_error"

  public func digestThrough(sink: String) throws -> Date? {
    try withConnection { db in
      try db.query("SELECT through FROM sink_digest_schedule WHERE sink = $1", [sink]).date(0, 0)
    }
  }

  public func startDigests(sink: String, through: Date) throws {
    try withConnection { db in
      try db.query(
        """
        INSERT INTO sink_digest_schedule (sink, through) VALUES ($1, $2)
        ON CONFLICT (sink) DO NOTHING
        """, [sink, through])
    }
  }

  @discardableResult
  public func composeDigest(
    sink: String, due: Date, now: Date,
    compose: (_ since: Date, _ alerts: [OutboxAlert], _ sources: (String) throws -> [StorySource])
      throws -> ComposedSinkDigest?
  ) throws -> StoredSinkDigest? {
    try withConnection { db in
      try db.transaction { () throws -> StoredSinkDigest? in
        // The schedule's row is locked until the commit, so a second composer of this sink's
        // digest (another node) waits and then finds the schedule moved on.
        let through = try db.query(
          "SELECT through FROM sink_digest_schedule WHERE sink = $1 FOR UPDATE", [sink]
        ).date(0, 0)
        if let through, through >= due { return nil }
        let alerts = try Self.waitingAlerts(sink: sink, through: due, in: db)
        let composed = try compose(through ?? due, alerts) { id in
          try Self.storySources(id: id, in: db)
        }
        var stored: StoredSinkDigest?
        if let composed {
          let digest = StoredSinkDigest(
            sink: sink, id: composed.id, due: due, created: now,
            alertCount: composed.alertCount, json: composed.json)
          try db.query(
            """
            INSERT INTO sink_digest (sink, id, due, created, alert_count, json, attempts)
            VALUES ($1, $2, $3, $4, $5, $6, 0)
            ON CONFLICT (sink, id) DO NOTHING
            """,
            [digest.sink, digest.id, digest.due, digest.created, digest.alertCount, digest.json])
          stored = digest
        }
        if !alerts.isEmpty {
          try Self.recordDelivered(sink: sink, ids: alerts.map(\.id), at: now, in: db)
          try Self.advanceCursor(sink: sink, in: db)
        }
        try db.query(
          """
          INSERT INTO sink_digest_schedule (sink, through) VALUES ($1, $2)
          ON CONFLICT (sink) DO UPDATE SET through = excluded.through
          """, [sink, due])
        return stored
      }
    }
  }

  /// Alerts not yet delivered to `sink` raised at or before `through`, in outbox order.
  static func waitingAlerts(sink: String, through: Date, in db: PostgresConnection) throws
    -> [OutboxAlert]
  {
    let rows = try db.query(
      """
      SELECT \(alertColumns) FROM outbox o
      WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = $1), 0)
        AND o.created <= $2
        AND NOT EXISTS (
            SELECT 1 FROM delivery d
            WHERE d.sink = $1 AND d.alert_id = o.id AND d.delivered_at IS NOT NULL)
      ORDER BY o.seq
      """, [sink, through])
    return (0..<rows.count).map { readAlert(rows, $0) }
  }

  public func pendingDigests(sink: String, now: Date) throws -> [StoredSinkDigest] {
    try withConnection { db in
      let rows = try db.query(
        """
        SELECT \(Self.digestColumns) FROM sink_digest
        WHERE sink = $1 AND delivered_at IS NULL AND (retry_at IS NULL OR retry_at <= $2)
        ORDER BY due
        """, [sink, now])
      return (0..<rows.count).map { Self.readDigest(rows, $0) }
    }
  }

  public func digests(sink: String) throws -> [StoredSinkDigest] {
    try withConnection { db in
      let rows = try db.query(
        "SELECT \(Self.digestColumns) FROM sink_digest WHERE sink = $1 ORDER BY due", [sink])
      return (0..<rows.count).map { Self.readDigest(rows, $0) }
    }
  }

  public func markDigestDelivered(sink: String, id: String, at: Date) throws {
    try withConnection { db in
      try db.query(
        """
        UPDATE sink_digest SET delivered_at = COALESCE(delivered_at, $3), retry_at = NULL
        WHERE sink = $1 AND id = $2
        """, [sink, id, at])
    }
  }

  public func recordDigestFailure(sink: String, id: String, error: String, retryAt: Date) throws {
    try withConnection { db in
      try db.query(
        """
        UPDATE sink_digest SET attempts = attempts + 1, last_error = $3, retry_at = $4
        WHERE sink = $1 AND id = $2 AND delivered_at IS NULL
        """, [sink, id, error, retryAt])
    }
  }

  /// Reads row `row` of a result selected with `digestColumns`, in that order.
  static func readDigest(_ rows: PostgresRows, _ row: Int) -> StoredSinkDigest {
    StoredSinkDigest(
      sink: rows.string(row, 0) ?? "", id: rows.string(row, 1) ?? "",
      due: rows.date(row, 2) ?? Date(timeIntervalSince1970: 0),
      created: rows.date(row, 3) ?? Date(timeIntervalSince1970: 0),
      alertCount: rows.int(row, 4) ?? 0, json: rows.string(row, 5) ?? "{}",
      attempts: rows.int(row, 6) ?? 0, lastError: rows.string(row, 7))
  }
}
