import CSQLite

/// A connection of its own for health checks and scrape-time figures, confined to its
/// caller's queue (the metrics endpoint's), so a check never waits behind a poll's commit on
/// the store's queues nor holds one up.
public final class StoreProbe: StateProbe, @unchecked Sendable {
  public let path: String
  /// How long a check waits for a lock another connection holds.
  public let busyTimeout: Int
  /// Opened on first use and again after an error.
  private var connection: SQLiteConnection?

  public init(path: String, busyTimeoutMilliseconds: Int = 1000) {
    self.path = path
    busyTimeout = busyTimeoutMilliseconds
  }

  /// Nil when the store answers a query and can take its write lock (which every poll's
  /// commit needs); else why not, in one sentence.
  public func problem() -> String? {
    do {
      try withConnection { db in
        try db.withStatement("SELECT count(*) FROM feed") { _ = try $0.step() }
        // Taken and given back at once: fails (after busyTimeout) while another process holds
        // the write lock, when the daemon's commits cannot be written either.
        try db.execute("BEGIN IMMEDIATE")
        try db.execute("ROLLBACK")
      }
      return nil
    } catch let error as StoreError where error.primaryCode == SQLITE_BUSY {
      return "the state store \(path) is locked by another process: commits cannot be written"
    } catch {
      return "the state store \(path) does not answer: \(error)"
    }
  }

  /// For each sink (by its id in the store), the alerts of the outbox it has not delivered:
  /// waiting, being retried or parked.
  public func backlog(sinks: [String]) throws -> [String: Int] {
    try withConnection { db in
      try db.readTransaction {
        var counts: [String: Int] = [:]
        for sink in sinks {
          counts[sink] = try db.withStatement(
            """
            SELECT count(*) FROM outbox o LEFT JOIN delivery d ON d.sink = ?1 AND d.alert_id = o.id
            WHERE o.seq > COALESCE((SELECT delivered_through FROM sink_cursor WHERE sink = ?1), 0)
              AND d.delivered_at IS NULL
            """
          ) { statement in
            try statement.bind(1, sink)
            return try statement.step() ? statement.int(0) ?? 0 : 0
          }
        }
        return counts
      }
    }
  }

  private func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    do {
      let db = try connection ?? open()
      connection = db
      return try body(db)
    } catch {
      connection?.close()
      connection = nil
      throw error
    }
  }

  private func open() throws -> SQLiteConnection {
    let db = try SQLiteConnection(path: path)
    try db.execute("PRAGMA busy_timeout = \(busyTimeout)")
    return db
  }
}
