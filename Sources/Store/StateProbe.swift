/// What the metrics endpoint asks the state store, on a connection of its own confined to the
/// caller's queue: `StoreProbe` for SQLite, `PostgresProbe` for PostgreSQL.
public protocol StateProbe: AnyObject, Sendable {
  /// Nil when the store answers and can take the daemon's commits; else why not, in one
  /// sentence.
  func problem() -> String?
  /// For each sink (by its store name), the alerts of the outbox it has not delivered:
  /// waiting, being retried or parked.
  func backlog(sinks: [String]) throws -> [String: Int]
}
