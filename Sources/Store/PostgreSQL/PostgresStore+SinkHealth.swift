import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// A sink's undelivered alerts for `feedwatch sinks`, as the SQLite store counts them.
extension PostgresStore {
  public func sinkHealth(sink: String, now: Date) throws -> SinkHealth {
    let parkedFrom = now.addingTimeInterval(Store.parkedAfter)
    return try withConnection { db in
      // One statement, so one snapshot. The latest failure is the one whose retry comes last
      // (parked ones first); NULLS LAST as SQLite orders them descending.
      let rows = try db.query(
        """
        WITH failing AS (
            SELECT retry_at, last_error FROM delivery
            WHERE sink = $1 AND delivered_at IS NULL AND attempts > 0)
        SELECT
            (SELECT count(*) FROM failing WHERE retry_at IS NULL OR retry_at < $2),
            (SELECT count(*) FROM failing WHERE retry_at >= $2),
            (SELECT min(retry_at) FROM failing WHERE retry_at < $2),
            (SELECT last_error FROM failing WHERE last_error IS NOT NULL
             ORDER BY retry_at DESC NULLS LAST LIMIT 1)
        """, [sink, parkedFrom])
      return SinkHealth(
        retrying: rows.int(0, 0) ?? 0, parked: rows.int(0, 1) ?? 0,
        lastError: rows.string(0, 3), nextRetry: rows.date(0, 2))
    }
  }
}
