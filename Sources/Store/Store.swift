import CSQLite
import Dispatch
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The daemon's state in one SQLite file: feeds (HTTP validators, health), the items
/// already seen, and the alert outbox with per-sink delivery.
///
/// Thread-safe: each connection is touched only on its own serial queue — the writer (every
/// write, and reads outside a poll) on `queue`, the reader (the reads a poll makes) on
/// `readQueue` — and public methods run synchronously on them (`queue.sync`), except
/// `commit(_:completion:)`, which returns at once. That confinement is why the class can be
/// `@unchecked Sendable`. Methods never call back into user code on those queues, so they
/// cannot re-enter them.
public final class Store: @unchecked Sendable {
  public static let fileName = "feedwatch.db"

  /// The database file.
  public let path: String
  let queue = DispatchQueue(label: "feedwatch.store")
  /// Only used on `queue`. Once closed, every statement on it throws "the store is closed".
  private let connection: SQLiteConnection
  /// A second connection, so a poll's reads never wait for a transaction being written
  /// (WAL readers do not block the writer, nor it them). Only used on `readQueue`.
  private let reader: SQLiteConnection
  private let readQueue = DispatchQueue(label: "feedwatch.store.read")
  /// Commits waiting for the next group transaction (see `commit(_:)`).
  let waiting = Mutex(CommitQueue())
  /// A group this large is written at once, without waiting for more. Smaller than the
  /// number of polls that can be in progress, or those would all wait out the linger; at most
  /// `groupLimit`.
  let largestGroup: Int
  /// Past this many commits a transaction saves little more.
  public static let groupLimit = 64
  /// Whether the connection's `synchronous` is FULL (else NORMAL). Only touched on `queue`.
  var syncsEveryCommit = true

  /// Opens (creating if missing) `directory/feedwatch.db`; the directory is created
  /// with mode 0700 when missing, since alerts and feed lists can be sensitive.
  /// `largestGroup`: see `commit(_:completion:)`.
  public convenience init(directory: String, largestGroup: Int = groupLimit) throws {
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw StoreError(
        path: directory, message: "cannot create the state directory: \(error)",
        code: SQLITE_CANTOPEN)
    }
    try self.init(path: Self.path(in: directory), largestGroup: largestGroup)
  }

  /// Where the database of a state directory is.
  public static func path(in directory: String) -> String {
    directory + (directory.hasSuffix("/") ? "" : "/") + fileName
  }

  /// Opens (creating if missing) the database at `path` and brings its schema up to date.
  public init(path: String, largestGroup: Int = groupLimit) throws {
    self.path = path
    self.largestGroup = min(max(1, largestGroup), Self.groupLimit)
    let connection = try SQLiteConnection(path: path)
    do {
      try Self.configure(connection)
      try Schema.migrate(connection)
      reader = try SQLiteConnection(path: path)
      try reader.execute("PRAGMA busy_timeout = 5000")
      try reader.execute("PRAGMA query_only = ON")
    } catch {
      connection.close()
      throw error
    }
    self.connection = connection
  }

  private static func configure(_ db: SQLiteConnection) throws {
    // Wait for a lock instead of failing at once (e.g. `feedwatch status` reading
    // while the daemon commits).
    try db.execute("PRAGMA busy_timeout = 5000")
    // The first statement that reads the file: a file that is not a database fails here.
    try db.execute("PRAGMA journal_mode = WAL")
    // FULL syncs the WAL on every commit. NORMAL is faster but can lose the last commits on
    // power loss; for a commit with alerts that means alerts sent twice or a seen mark without
    // its delivered alert, so `commit` switches to NORMAL only for groups without alerts.
    try db.execute("PRAGMA synchronous = FULL")
    try db.execute("PRAGMA foreign_keys = ON")
    // 16 MB of page cache for the writer (SQLite's default is 2 MB): a poll cycle inserts into
    // pages all over the seen-item tree, and with the default most inserts first read their
    // page back from the file. It only fills as the database grows.
    try db.execute("PRAGMA cache_size = -16384")
    // Truncate the WAL back to 64 MB after a checkpoint rather than keep its peak size.
    try db.execute("PRAGMA journal_size_limit = 67108864")
  }

  /// Runs `body` on the store's queue with the open connection.
  func withConnection<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
    try queue.sync { try withConnectionOnQueue(body) }
  }

  /// The same, for code already running on the store's queue.
  func withConnectionOnQueue<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
    dispatchPrecondition(condition: .onQueue(queue))
    return try body(connection)
  }

  /// Runs `body` on the reader's queue: for reads that must not wait for a transaction being
  /// written. Each call sees the commits completed before it.
  func withReader<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
    try readQueue.sync { try body(reader) }
  }

  /// Writes the commits still waiting, then closes the database; every later call throws.
  /// Safe to call twice.
  public func close() {
    readQueue.sync { reader.close() }
    queue.sync {
      writeWaitingCommits(in: connection)
      // Refreshes the query planner's statistics where they matter; cheap, and recommended
      // by SQLite before closing a long-lived connection.
      try? connection.execute("PRAGMA optimize")
      connection.close()
    }
  }

  /// Integrity check (PRAGMA integrity_check, foreign keys, schema version, journal
  /// mode); returns the problems found, empty when healthy.
  public func check() throws -> [String] {
    try withConnection { db in
      var problems: [String] = []
      do {
        try db.withStatement("PRAGMA integrity_check") { statement in
          while try statement.step() {
            if let line = statement.string(0), line != "ok" { problems.append(line) }
          }
        }
        try db.withStatement("PRAGMA foreign_key_check") { statement in
          while try statement.step() {
            let table = statement.string(0) ?? "?"
            let parent = statement.string(2) ?? "?"
            problems.append("a row of \(table) refers to a missing \(parent) row")
          }
        }
        let version = try Schema.userVersion(db)
        if version != Schema.currentVersion {
          problems.append("schema version \(version), expected \(Schema.currentVersion)")
        }
        let mode = try db.withStatement("PRAGMA journal_mode") { statement in
          try statement.step() ? statement.string(0) : nil
        }
        if mode != "wal" {
          problems.append("journal mode is \(mode ?? "unknown"), expected wal")
        }
      } catch let error as StoreError where error.isCorruption {
        problems.append(error.description)
      }
      return problems
    }
  }
}
