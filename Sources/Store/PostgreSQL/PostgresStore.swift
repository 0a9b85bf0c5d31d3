import Dispatch
import PostgresClient
import Synchronization

/// The daemon's state in a PostgreSQL database (`PostgresSchema`), which several nodes can
/// share. It answers every `StateStore` call as the SQLite `Store` does.
///
/// Thread-safe in the same way as `Store`: each connection is touched only on its own serial
/// queue — the writer (every write, and reads outside a poll) on `queue`, the reader (the
/// reads a poll makes) on `readQueue` — hence `@unchecked Sendable`. Every value is a bound
/// parameter of a prepared statement, and a batch of rows is one array parameter, so a poll's
/// commit costs the same few round trips whatever the feed's size.
public final class PostgresStore: @unchecked Sendable {
  /// The server and database, without the password.
  public let server: String
  let queue = DispatchQueue(label: "feedwatch.store.postgres")
  /// Only used on `queue`.
  private let connection: PostgresConnection
  /// A second session, so a poll's reads never wait behind a commit. Only used on `readQueue`.
  private let reader: PostgresConnection
  private let readQueue = DispatchQueue(label: "feedwatch.store.postgres.read")
  /// Commits waiting for the next transaction (see `commit(_:)`).
  let waiting = Mutex(CommitQueue())
  /// Whether the last group was committed with synchronous_commit on. Only touched on `queue`.
  var lastGroupSynced = true
  /// This node's leases, when it is a node of a cluster (`feedwatch run`): a commit is
  /// written only while the node holds its feed's host, and a push sink delivers only while
  /// the node holds the sink. Nil for a store that takes no part in the sharing (the
  /// commands, `feedwatch once`).
  public let leases: FeedLeases?

  /// Connects (`uri`: any libpq connection URI or key=value string; `password`, when given,
  /// overrides the URI's and the password file) and brings the schema up to date. A server
  /// that cannot be reached, or a schema of a newer feedwatch, throws `PostgresError`.
  public init(uri: String, password: String? = nil, leases: FeedLeases? = nil) throws {
    self.leases = leases
    let connection = try PostgresConnection(uri: uri, password: password)
    try PostgresSchema.migrate(connection)
    reader = try PostgresConnection(uri: uri, password: password)
    self.connection = connection
    server = connection.server
  }

  /// Runs `body` on the writer's queue with its connection, connecting again first if the
  /// connection was lost (the failed call threw; this one may find the server back).
  @discardableResult
  func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    try queue.sync { try withConnectionOnQueue(body) }
  }

  @discardableResult
  func withConnectionOnQueue<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    dispatchPrecondition(condition: .onQueue(queue))
    if !connection.isConnected { try connection.reconnect() }
    return try body(connection)
  }

  /// Runs `body` on the reader's queue: for the reads a poll makes.
  func withReader<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    try readQueue.sync {
      if !reader.isConnected { try reader.reconnect() }
      return try body(reader)
    }
  }

  /// Writes the commits still waiting, then disconnects; every later call throws. Safe twice.
  public func close() {
    readQueue.sync { reader.close() }
    queue.sync {
      writeWaitingCommits()
      connection.close()
    }
  }

  /// The schema's version, and whether the session answers.
  public func check() throws -> [String] {
    try withConnection { db in
      let version = try PostgresSchema.version(db)
      return version == PostgresSchema.currentVersion
        ? [] : ["schema version \(version), expected \(PostgresSchema.currentVersion)"]
    }
  }
}

extension PostgresStore: StateStore {
  public var location: String { server }

  public func holdsDelivery(sink: String) throws -> Bool {
    guard let leases else { return true }
    return try withConnection { try leases.holdsDelivery(sink: sink, in: $0) }
  }

  public func releaseDelivery(sink: String) throws {
    guard let leases else { return }
    try withConnection { try leases.releaseDelivery(sink: sink, in: $0) }
  }
}
