#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// A sink's digest as stored: composed once, then delivered like an alert (retried, parked).
public struct StoredSinkDigest: Sendable, Equatable {
  public var sink: String
  public var id: String
  public var due: Date
  public var created: Date
  public var alertCount: Int
  /// The digest's JSON, one line.
  public var json: String
  public var attempts: Int
  public var lastError: String?

  public init(
    sink: String, id: String, due: Date, created: Date, alertCount: Int, json: String,
    attempts: Int = 0, lastError: String? = nil
  ) {
    self.sink = sink
    self.id = id
    self.due = due
    self.created = created
    self.alertCount = alertCount
    self.json = json
    self.attempts = attempts
    self.lastError = lastError
  }
}

/// What a digest's composer made of the alerts waiting for it.
public struct ComposedSinkDigest: Sendable, Equatable {
  public var id: String
  public var json: String
  public var alertCount: Int

  public init(id: String, json: String, alertCount: Int) {
    self.id = id
    self.json = json
    self.alertCount = alertCount
  }
}

/// Digests of sinks with a `digest` schedule (not the hourly digest alert of a rule's
/// `maxPerHour`, which is an alert in the outbox: see Store+Digests).
extension Store {
  /// When `sink`'s digest last fell due; nil before its first.
  public func digestThrough(sink: String) throws -> Date? {
    try withConnection { db in
      try db.withStatement("SELECT through FROM sink_digest_schedule WHERE sink = ?1") {
        statement in
        try statement.bind(1, sink)
        return try statement.step() ? statement.date(0) : nil
      }
    }
  }

  /// Starts a digest sink's schedule at `through` (its first digest lists the alerts after
  /// it); a sink that has a schedule keeps it.
  public func startDigests(sink: String, through: Date) throws {
    try withConnection { db in
      try db.withStatement(
        "INSERT INTO sink_digest_schedule (sink, through) VALUES (?1, ?2) ON CONFLICT (sink) DO NOTHING"
      ) { statement in
        try statement.bind(1, sink)
        try statement.bind(2, through)
        try statement.run()
      }
    }
  }

  /// One transaction: every alert pending for `sink` and raised at or before `due` is handed
  /// to `compose` (with a lookup of a story's sources), the digest it returns enters the
  /// store, those alerts are marked delivered to the sink, and the schedule moves to `due`.
  /// `compose` returns nil for a digest with nothing to send; the alerts and the schedule
  /// move on all the same. Returns the digest stored, nil when none was (nothing due: the
  /// schedule was at `due` already; or nothing to send).
  @discardableResult
  public func composeDigest(
    sink: String, due: Date, now: Date,
    compose: (_ since: Date, _ alerts: [OutboxAlert], _ sources: (String) throws -> [StorySource])
      throws -> ComposedSinkDigest?
  ) throws -> StoredSinkDigest? {
    try withConnection { db in
      try db.transaction { () throws -> StoredSinkDigest? in
        let through = try db.withStatement(
          "SELECT through FROM sink_digest_schedule WHERE sink = ?1"
        ) { statement in
          try statement.bind(1, sink)
          return try statement.step() ? statement.date(0) : nil
        }
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
          try Self.insertDigest(digest, in: db)
          stored = digest
        }
        for alert in alerts {
          try Self.recordDelivered(sink: sink, id: alert.id, at: now, in: db)
        }
        if !alerts.isEmpty { try Self.advanceCursor(sink: sink, in: db) }
        try db.withStatement(
          """
          INSERT INTO sink_digest_schedule (sink, through) VALUES (?1, ?2)
          ON CONFLICT (sink) DO UPDATE SET through = excluded.through
          """
        ) { statement in
          try statement.bind(1, sink)
          try statement.bind(2, due)
          try statement.run()
        }
        return stored
      }
    }
  }

  /// Alerts not yet delivered to `sink` raised at or before `through`, in outbox order.
  static func waitingAlerts(sink: String, through: Date, in db: SQLiteConnection) throws
    -> [OutboxAlert]
  {
    try db.withStatement(
      """
      SELECT \(alertColumns)
      FROM outbox o LEFT JOIN delivery d ON d.sink = ?1 AND d.alert_id = o.id
      WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = ?1), 0)
        AND d.delivered_at IS NULL AND o.created <= ?2
      ORDER BY o.seq
      """
    ) { statement in
      try statement.bind(1, sink)
      try statement.bind(2, through)
      var alerts: [OutboxAlert] = []
      while try statement.step() { alerts.append(readAlert(statement)) }
      return alerts
    }
  }

  static func insertDigest(_ digest: StoredSinkDigest, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO sink_digest (sink, id, due, created, alert_count, json, attempts)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)
      ON CONFLICT (sink, id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, digest.sink)
      try statement.bind(2, digest.id)
      try statement.bind(3, digest.due)
      try statement.bind(4, digest.created)
      try statement.bind(5, digest.alertCount)
      try statement.bind(6, digest.json)
      try statement.run()
    }
  }

  /// `sink`'s digests not yet delivered and not waiting for a retry later than `now`, oldest
  /// first.
  public func pendingDigests(sink: String, now: Date) throws -> [StoredSinkDigest] {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT sink, id, due, created, alert_count, json, attempts, last_error FROM sink_digest
        WHERE sink = ?1 AND delivered_at IS NULL AND (retry_at IS NULL OR retry_at <= ?2)
        ORDER BY due
        """
      ) { statement in
        try statement.bind(1, sink)
        try statement.bind(2, now)
        var digests: [StoredSinkDigest] = []
        while try statement.step() { digests.append(Self.readDigest(statement)) }
        return digests
      }
    }
  }

  /// Every digest composed for `sink`, oldest first (delivered or not).
  public func digests(sink: String) throws -> [StoredSinkDigest] {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT sink, id, due, created, alert_count, json, attempts, last_error FROM sink_digest
        WHERE sink = ?1 ORDER BY due
        """
      ) { statement in
        try statement.bind(1, sink)
        var digests: [StoredSinkDigest] = []
        while try statement.step() { digests.append(Self.readDigest(statement)) }
        return digests
      }
    }
  }

  public func markDigestDelivered(sink: String, id: String, at: Date) throws {
    try withConnection { db in
      try db.withStatement(
        """
        UPDATE sink_digest SET delivered_at = COALESCE(delivered_at, ?3), retry_at = NULL
        WHERE sink = ?1 AND id = ?2
        """
      ) { statement in
        try statement.bind(1, sink)
        try statement.bind(2, id)
        try statement.bind(3, at)
        try statement.run()
      }
    }
  }

  /// A failed delivery: the digest is not offered again before `retryAt`.
  public func recordDigestFailure(sink: String, id: String, error: String, retryAt: Date) throws {
    try withConnection { db in
      try db.withStatement(
        """
        UPDATE sink_digest SET attempts = attempts + 1, last_error = ?3, retry_at = ?4
        WHERE sink = ?1 AND id = ?2 AND delivered_at IS NULL
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

  static func readDigest(_ row: SQLiteStatement) -> StoredSinkDigest {
    StoredSinkDigest(
      sink: row.string(0) ?? "", id: row.string(1) ?? "",
      due: row.date(2) ?? Date(timeIntervalSince1970: 0),
      created: row.date(3) ?? Date(timeIntervalSince1970: 0), alertCount: row.int(4) ?? 0,
      json: row.string(5) ?? "{}", attempts: row.int(6) ?? 0, lastError: row.string(7))
  }
}

/// Salvage (`feedwatch store repair`): a sink's digests and schedule from a damaged database.
extension Store {
  /// `row`: sink, id, due, created, alert_count, json, attempts, last_error, delivered_at,
  /// retry_at. A damaged store may predate sink ids: its rows are named by the sink's address.
  static func copySinkDigest(_ row: SQLiteStatement, in db: SQLiteConnection) throws {
    var digest = readDigest(row)
    digest.sink = SinkID.current(name: digest.sink)
    try insertDigest(digest, in: db)
    try db.withStatement(
      "UPDATE sink_digest SET delivered_at = ?3, retry_at = ?4, attempts = ?5 WHERE sink = ?1 AND id = ?2"
    ) { statement in
      try statement.bind(1, digest.sink)
      try statement.bind(2, row.string(1) ?? "")
      try statement.bind(3, row.date(8))
      try statement.bind(4, row.date(9))
      try statement.bind(5, row.int(6) ?? 0)
      try statement.run()
    }
  }

  /// `row`: sink, through.
  static func copyDigestSchedule(_ row: SQLiteStatement, in db: SQLiteConnection) throws {
    try db.withStatement(
      "INSERT INTO sink_digest_schedule (sink, through) VALUES (?1, ?2) ON CONFLICT (sink) DO NOTHING"
    ) { statement in
      try statement.bind(1, SinkID.current(name: row.string(0) ?? ""))
      try statement.bind(2, row.date(1) ?? Date(timeIntervalSince1970: 0))
      try statement.run()
    }
  }
}
