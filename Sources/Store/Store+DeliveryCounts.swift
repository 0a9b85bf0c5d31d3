#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One sink's share of the outbox, for `feedwatch status`: every alert in the outbox is in
/// exactly one of these, so they add up to `total`.
public struct DeliveryCounts: Sendable, Equatable {
  public var total: Int
  /// Delivered to the sink (of its rules, when it has rules).
  public var delivered: Int
  /// Not of the sink's rules: passed over, counted as done.
  public var notItsRules: Int
  /// Not tried yet.
  public var pending: Int
  /// At least one failed attempt, not delivered yet (retried, or parked).
  public var failing: Int
  /// Raised before the sink was added: never offered to it.
  public var before: Int { max(0, total - delivered - notItsRules - pending - failing) }

  /// No alerts at all (no state store yet).
  public static let none = DeliveryCounts(
    total: 0, delivered: 0, notItsRules: 0, pending: 0, failing: 0)
}

extension Store {
  /// Every alert raised (the outbox keeps them all), whichever feed, digest or health
  /// event raised it.
  public func alertCount() throws -> Int {
    try withConnection { db in
      try db.withStatement("SELECT count(*) FROM outbox") { statement in
        try statement.step() ? statement.int(0) ?? 0 : 0
      }
    }
  }

  /// `sink`'s counts; `rules` (the sink's own, nil for all) splits what it delivered from
  /// what it passed over.
  public func deliveryCounts(sink: String, rules: [String]?) throws -> DeliveryCounts {
    let ruleList = String(decoding: try JSONEncoder().encode(rules ?? []), as: UTF8.self)
    return try withConnection { db in
      try db.readTransaction {
        func count(_ sql: String, _ values: [String]) throws -> Int {
          try db.withStatement(sql) { statement in
            for (index, value) in values.enumerated() {
              try statement.bind(Int32(index + 1), value)
            }
            return try statement.step() ? statement.int(0) ?? 0 : 0
          }
        }
        let done = """
          SELECT count(*) FROM delivery d JOIN outbox o ON o.id = d.alert_id
          WHERE d.sink = ?1 AND d.delivered_at IS NOT NULL
          """
        let ofItsRules = " AND o.rule IN (SELECT value FROM json_each(?2))"
        let delivered = try count(done, [sink])
        let notItsRules =
          rules == nil ? 0 : delivered - (try count(done + ofItsRules, [sink, ruleList]))
        return DeliveryCounts(
          total: try count("SELECT count(*) FROM outbox", []),
          delivered: delivered - notItsRules, notItsRules: notItsRules,
          // Never tried: after the sink's cursor (everything before it is delivered, or was
          // raised before the sink was added), and without a delivery record.
          pending: try count(
            """
            SELECT count(*) FROM outbox o
            WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = ?1), 0)
              AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.sink = ?1 AND d.alert_id = o.id)
            """, [sink]),
          failing: try count(
            "SELECT count(*) FROM delivery WHERE sink = ?1 AND delivered_at IS NULL AND attempts > 0",
            [sink]))
      }
    }
  }
}
