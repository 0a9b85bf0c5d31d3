import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Alerts a rule's hourly limit held back, and the digests that list them.
extension PostgresStore {
  public func alertCount(rule: String, since: Date) throws -> Int {
    try withConnection { db in
      // ->> is NULL for a missing key and for JSON null, as SQLite's json_extract.
      try db.query(
        """
        SELECT count(*) FROM outbox
        WHERE rule = $1 AND created >= $2 AND json::json ->> 'digest' IS NULL
        """, [rule, since]
      ).int(0, 0) ?? 0
    }
  }

  public func foldedAlerts(before bucket: Int) throws -> [FoldedAlert] {
    try withConnection { db in
      let rows = try db.query(
        """
        SELECT rule, bucket, id, created, json FROM folded_alert WHERE bucket < $1
        ORDER BY bucket, rule COLLATE "C", created, id COLLATE "C"
        """, [bucket])
      return (0..<rows.count).map { row in
        FoldedAlert(
          rule: rows.string(row, 0) ?? "", bucket: rows.int(row, 1) ?? 0,
          id: rows.string(row, 2) ?? "",
          created: rows.date(row, 3) ?? Date(timeIntervalSince1970: 0),
          json: rows.string(row, 4) ?? "{}")
      }
    }
  }

  public func commitDigest(_ digest: OutboxAlert, rule: String, bucket: Int) throws {
    try withConnection { db in
      try db.transaction {
        try db.query("SELECT pg_advisory_xact_lock($1)", [Self.outboxLock])
        try Self.insertAlerts([digest], in: db)
        try db.query("DELETE FROM folded_alert WHERE rule = $1 AND bucket = $2", [rule, bucket])
      }
    }
  }
}
