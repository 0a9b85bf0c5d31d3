#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// A sink's undelivered alerts, for `feedwatch sinks`: how many wait, how many are parked,
/// and the error of the latest failure.
public struct SinkHealth: Sendable, Equatable {
  /// Alerts retried with backoff.
  public var retrying: Int
  /// Alerts refused for good (parked), until the config or the receiver is fixed.
  public var parked: Int
  public var lastError: String?
  /// The earliest retry due.
  public var nextRetry: Date?

  public static let none = SinkHealth(retrying: 0, parked: 0, lastError: nil, nextRetry: nil)
}

extension Store {
  /// Retries are at most an hour apart; a retry time further off than this marks a parked alert.
  static let parkedAfter: Double = 100 * 365 * 86400

  public func sinkHealth(sink: String, now: Date) throws -> SinkHealth {
    let parkedFrom = now.addingTimeInterval(Self.parkedAfter)
    return try withConnection { db in
      try db.readTransaction {
        let failing = """
          FROM delivery WHERE sink = ?1 AND delivered_at IS NULL AND attempts > 0
          """
        func count(_ condition: String) throws -> Int {
          try db.withStatement("SELECT count(*) \(failing) \(condition)") { statement in
            try statement.bind(1, sink)
            try statement.bind(2, parkedFrom)
            return try statement.step() ? statement.int(0) ?? 0 : 0
          }
        }
        let parked = try count("AND retry_at >= ?2")
        let retrying = try count("AND (retry_at IS NULL OR retry_at < ?2)")
        let nextRetry = try db.withStatement(
          "SELECT min(retry_at) \(failing) AND retry_at < ?2"
        ) { statement -> Date? in
          try statement.bind(1, sink)
          try statement.bind(2, parkedFrom)
          return try statement.step() ? statement.date(0) : nil
        }
        // The most recent failure: the one whose retry comes last, parked ones first.
        let lastError = try db.withStatement(
          "SELECT last_error \(failing) AND last_error IS NOT NULL ORDER BY retry_at DESC LIMIT 1"
        ) { statement -> String? in
          try statement.bind(1, sink)
          return try statement.step() ? statement.string(0) : nil
        }
        return SinkHealth(
          retrying: retrying, parked: parked, lastError: lastError, nextRetry: nextRetry)
      }
    }
  }
}
