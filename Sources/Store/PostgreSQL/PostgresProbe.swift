import PostgresClient

/// The metrics endpoint's connection to a PostgreSQL store: a session of its own, opened on
/// first use and again after an error, confined to its caller's queue. Each connection
/// attempt and statement is bounded (`timeout`), so a server that does not answer makes
/// `/readyz` say so instead of holding the endpoint.
public final class PostgresProbe: StateProbe, @unchecked Sendable {
  private let uri: String
  private let password: String?
  /// The server, without the password.
  public let server: String
  /// Seconds a connection attempt or a statement may take (unless the URI sets
  /// `connect_timeout` or `options` itself).
  public let timeout: Int
  private var connection: PostgresConnection?

  public init(uri: String, password: String? = nil, timeoutSeconds: Int = 2) {
    self.uri = uri
    self.password = password
    server = PostgresURI.redacted(uri)
    timeout = timeoutSeconds
  }

  /// Nil when the server answers a query on the store's tables, at the schema this feedwatch
  /// writes, in a session that may write (not a standby, not read-only by default).
  public func problem() -> String? {
    do {
      let rows = try withConnection { db in
        try db.query(
          """
          SELECT (SELECT count(*) FROM feed), current_setting('transaction_read_only'),
              (SELECT max(version) FROM feedwatch_schema)
          """)
      }
      if rows.string(0, 1) == "on" {
        return "the PostgreSQL store \(server) is read-only (a standby, or "
          + "default_transaction_read_only): commits cannot be written"
      }
      let version = rows.int(0, 2) ?? 0
      if version != PostgresSchema.currentVersion {
        return "the PostgreSQL store \(server) is at schema version \(version), this feedwatch "
          + "writes \(PostgresSchema.currentVersion)"
      }
      return nil
    } catch {
      return "the PostgreSQL store \(server) does not answer: \(error)"
    }
  }

  public func backlog(sinks: [String]) throws -> [String: Int] {
    let rows = try withConnection { db in
      // One statement, so one snapshot for every sink.
      try db.query(
        """
        SELECT s.sink, (
            SELECT count(*) FROM outbox o
            WHERE o.seq > COALESCE(
                (SELECT delivered_through FROM sink_cursor WHERE sink = s.sink), 0)
              AND NOT EXISTS (
                  SELECT 1 FROM delivery d
                  WHERE d.sink = s.sink AND d.alert_id = o.id AND d.delivered_at IS NOT NULL))
        FROM unnest($1::text[]) AS s(sink)
        """, [sinks])
    }
    var counts: [String: Int] = [:]
    for row in 0..<rows.count {
      counts[rows.string(row, 0) ?? ""] = rows.int(row, 1) ?? 0
    }
    return counts
  }

  private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
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

  private func open() throws -> PostgresConnection {
    try PostgresConnection(
      uri: uri, password: password,
      defaults: [
        ("connect_timeout", "\(timeout)"), ("options", "-c statement_timeout=\(timeout * 1000)"),
      ])
  }
}
