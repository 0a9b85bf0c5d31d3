#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The alert outbox and its delivery, tracked per sink. A sink is named by its `SinkID`
/// ("webhook#3fa9c0d1e2b4a5f6"); each sink delivers every alert on its own.
extension Store {
  static let alertColumns = "o.id, o.created, o.rule, o.feed_key, o.json"

  /// Up to `limit` alerts not yet delivered to `sink` and not waiting for a retry time
  /// later than `now`, oldest first (in the order they were committed).
  public func pending(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT \(Self.alertColumns), COALESCE(d.attempts, 0), d.last_error
        FROM outbox o LEFT JOIN delivery d ON d.sink = ?1 AND d.alert_id = o.id
        WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = ?1), 0)
          AND d.delivered_at IS NULL AND (d.retry_at IS NULL OR d.retry_at <= ?2)
        ORDER BY o.seq LIMIT ?3
        """
      ) { statement in
        try statement.bind(1, sink)
        try statement.bind(2, now)
        try statement.bind(3, max(0, limit))  // SQLite reads a negative LIMIT as none
        var result: [PendingDelivery] = []
        while try statement.step() {
          result.append(
            PendingDelivery(
              alert: Self.readAlert(statement), attempts: statement.int(5) ?? 0,
              lastError: statement.string(6)))
        }
        return result
      }
    }
  }

  /// Records that `sink` delivered the alerts `ids` (one transaction). Marking an alert
  /// delivered twice keeps the first time.
  public func markDelivered(sink: String, ids: [String], at: Date) throws {
    try withConnection { db in
      try db.transaction {
        for id in ids { try Self.recordDelivered(sink: sink, id: id, at: at, in: db) }
        try Self.advanceCursor(sink: sink, in: db)
      }
    }
  }

  /// One alert delivered to `sink`; a second time keeps the first. The caller advances the
  /// sink's cursor.
  static func recordDelivered(sink: String, id: String, at: Date, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO delivery (sink, alert_id, delivered_at, attempts) VALUES (?1, ?2, ?3, 0)
      ON CONFLICT (sink, alert_id) DO UPDATE SET
          delivered_at = COALESCE(delivered_at, excluded.delivered_at), retry_at = NULL
      """
    ) { statement in
      try statement.bind(1, sink)
      try statement.bind(2, id)
      try statement.bind(3, at)
      try statement.run()
    }
  }

  /// Moves the sink's cursor up to just before its oldest undelivered alert. Usually a
  /// step of a few rows; an alert that keeps failing holds the cursor back until delivered.
  static func advanceCursor(sink: String, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO sink_cursor (sink, delivered_through)
      VALUES (?1, COALESCE(
          (SELECT o.seq - 1 FROM outbox o
           WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = ?1), 0)
             AND NOT EXISTS (
                 SELECT 1 FROM delivery d
                 WHERE d.sink = ?1 AND d.alert_id = o.id AND d.delivered_at IS NOT NULL)
           ORDER BY o.seq LIMIT 1),
          (SELECT COALESCE(max(seq), 0) FROM outbox)))
      ON CONFLICT (sink) DO UPDATE SET delivered_through = excluded.delivered_through
      """
    ) { statement in
      try statement.bind(1, sink)
      try statement.run()
    }
  }

  /// Registers a sink on first use so that it starts with the alerts committed from now on: a
  /// sink added to an existing installation (a webhook, a new log path) is not flooded with the
  /// whole history. A sink seen before keeps its place. Returns whether the sink was new.
  @discardableResult
  public func registerSink(_ sink: String) throws -> Bool {
    try withConnection { db in
      try db.transaction {
        let known = try db.withStatement(
          """
          SELECT EXISTS (SELECT 1 FROM sink_cursor WHERE sink = ?1)
              OR EXISTS (SELECT 1 FROM delivery WHERE sink = ?1)
          """
        ) { statement -> Bool in
          try statement.bind(1, sink)
          _ = try statement.step()
          return statement.int(0) == 1
        }
        if known { return false }
        try db.withStatement(
          "INSERT INTO sink_cursor (sink, delivered_through) SELECT ?1, COALESCE(max(seq), 0) FROM outbox"
        ) { statement in
          try statement.bind(1, sink)
          try statement.run()
        }
        return true
      }
    }
  }

  /// Records a failed delivery: the alert is not offered to `sink` again before `retryAt`.
  /// An alert already delivered stays delivered.
  public func recordFailure(sink: String, id: String, error: String, retryAt: Date) throws {
    try withConnection { db in
      try db.withStatement(
        """
        INSERT INTO delivery (sink, alert_id, attempts, last_error, retry_at)
        VALUES (?1, ?2, 1, ?3, ?4)
        ON CONFLICT (sink, alert_id) DO UPDATE SET
            attempts = attempts + 1, last_error = excluded.last_error,
            retry_at = excluded.retry_at
        WHERE delivered_at IS NULL
        """
      ) { statement in
        try statement.bind(1, sink)
        try statement.bind(2, id)
        try statement.bind(3, error)
        try statement.bind(4, retryAt)
        try statement.run()
      }
    }
  }

  public func alert(id: String) throws -> OutboxAlert? {
    try withConnection { db in
      try db.withStatement("SELECT \(Self.alertColumns) FROM outbox o WHERE o.id = ?1") {
        statement in
        try statement.bind(1, id)
        return try statement.step() ? Self.readAlert(statement) : nil
      }
    }
  }

  /// The newest `limit` alerts created at or after `since` (all when nil), returned oldest
  /// first, like the tail of the alert log.
  public func alerts(since: Date?, limit: Int) throws -> [OutboxAlert] {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT * FROM (
            SELECT \(Self.alertColumns), o.seq FROM outbox o WHERE o.created >= ?1
            ORDER BY o.created DESC, o.seq DESC LIMIT ?2
        ) ORDER BY created, seq
        """
      ) { statement in
        try statement.bind(1, since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)
        try statement.bind(2, max(0, limit))  // SQLite reads a negative LIMIT as none
        var result: [OutboxAlert] = []
        while try statement.step() { result.append(Self.readAlert(statement)) }
        return result
      }
    }
  }

  /// Reads a row selected with `alertColumns`, in that order.
  static func readAlert(_ row: SQLiteStatement) -> OutboxAlert {
    OutboxAlert(
      id: row.string(0) ?? "", created: row.date(1) ?? Date(timeIntervalSince1970: 0),
      rule: row.string(2) ?? "", feedKey: row.string(3) ?? "", json: row.string(4) ?? "")
  }
}
