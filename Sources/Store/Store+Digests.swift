#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// An alert a rule's rate limit held back; the hour's digest alert will list it.
public struct FoldedAlert: Sendable, Equatable {
  public var rule: String
  /// The hour it belongs to: seconds since 1970 divided by 3600.
  public var bucket: Int
  public var id: String
  public var created: Date
  /// The alert as it would have been written.
  public var json: String

  public init(rule: String, bucket: Int, id: String, created: Date, json: String) {
    self.rule = rule
    self.bucket = bucket
    self.id = id
    self.created = created
    self.json = json
  }
}

extension Store {
  /// How many alerts of `rule` entered the outbox at or after `since` (digests not counted).
  public func alertCount(rule: String, since: Date) throws -> Int {
    try withConnection { db in
      try db.withStatement(
        "SELECT count(*) FROM outbox WHERE rule = ?1 AND created >= ?2 AND json_extract(json, '$.digest') IS NULL"
      ) { statement in
        try statement.bind(1, rule)
        try statement.bind(2, since)
        _ = try statement.step()
        return statement.int(0) ?? 0
      }
    }
  }

  /// Folded alerts of hours before `bucket`, grouped by (rule, hour), oldest first.
  public func foldedAlerts(before bucket: Int) throws -> [FoldedAlert] {
    try withConnection { db in
      try db.withStatement(
        "SELECT rule, bucket, id, created, json FROM folded_alert WHERE bucket < ?1 ORDER BY bucket, rule, created, id"
      ) { statement in
        try statement.bind(1, bucket)
        var folded: [FoldedAlert] = []
        while try statement.step() {
          folded.append(
            FoldedAlert(
              rule: statement.string(0) ?? "", bucket: statement.int(1) ?? 0,
              id: statement.string(2) ?? "",
              created: statement.date(3) ?? Date(timeIntervalSince1970: 0),
              json: statement.string(4) ?? "{}"))
        }
        return folded
      }
    }
  }

  /// One transaction: the digest enters the outbox (ignored if it is there already) and the
  /// folded alerts it lists leave the holding table.
  public func commitDigest(_ digest: OutboxAlert, rule: String, bucket: Int) throws {
    try withConnection { db in
      try db.transaction {
        try Self.insertAlert(digest, in: db)
        try db.withStatement("DELETE FROM folded_alert WHERE rule = ?1 AND bucket = ?2") {
          statement in
          try statement.bind(1, rule)
          try statement.bind(2, bucket)
          try statement.run()
        }
      }
    }
  }

  static func insertFolded(_ folded: FoldedAlert, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO folded_alert (rule, bucket, id, created, json) VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (rule, bucket, id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, folded.rule)
      try statement.bind(2, folded.bucket)
      try statement.bind(3, folded.id)
      try statement.bind(4, folded.created)
      try statement.bind(5, folded.json)
      try statement.run()
    }
  }
}
