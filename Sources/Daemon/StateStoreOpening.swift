public import Config
import Logging
import PostgresClient
public import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Opens the state store a config names: SQLite in the state directory, or PostgreSQL.
public enum StateStoreOpening {
  /// Opens (creating if missing) the config's store. A PostgreSQL server that cannot be
  /// reached throws `StoreUnavailable`; a schema of a newer feedwatch, or a password file that
  /// cannot be read, a `DaemonError`. `largestGroup`: the SQLite store's group commit bound.
  /// `asNode`: the store of `feedwatch run`, which shares the work with the other nodes of a
  /// PostgreSQL store through leases (see `FeedLeases`).
  public static func open(
    _ config: Config, largestGroup: Int = Store.groupLimit, asNode: Bool = false
  ) throws -> any StateStore {
    switch config.store {
    case .sqlite:
      return try Store(directory: config.stateDirectory, largestGroup: largestGroup)
    case .postgres(let uri, let passwordFile, let node):
      let password = try passwordFile.map(readPassword)
      let leases = asNode ? FeedLeases(node: node.name, period: node.leasePeriod) : nil
      return try reportingPostgresErrors {
        try PostgresStore(uri: uri, password: password, leases: leases)
      }
    }
  }

  /// `feedwatch run` as a node of the cluster on the config's PostgreSQL store, with a
  /// session of its own; nil for SQLite.
  static func clusterNode(_ config: Config, logger: Logger) throws -> ClusterNode? {
    guard case .postgres(let uri, let passwordFile, let node) = config.store else { return nil }
    let password = try passwordFile.map(readPassword)
    return try reportingPostgresErrors {
      ClusterNode(
        connection: try PostgresConnection(uri: uri, password: password), settings: node,
        logger: logger)
    }
  }

  /// `body`'s PostgreSQL errors as the daemon reports them: a server that cannot be reached
  /// is `StoreUnavailable` (exit 75), any other a `DaemonError` naming the config key.
  private static func reportingPostgresErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as PostgresError where error.isConnectionFailure {
      throw StoreUnavailable(server: error.server, reason: error.message)
    } catch let error as PostgresError {
      throw DaemonError("the PostgreSQL store (config store.postgres) cannot be used: \(error)")
    }
  }

  /// A connection of its own to the config's store, for the metrics endpoint's readiness
  /// check and delivery backlog.
  static func probe(_ config: Config) throws(DaemonError) -> any StateProbe {
    switch config.store {
    case .sqlite:
      return StoreProbe(path: Store.path(in: config.stateDirectory))
    case .postgres(let uri, let passwordFile, _):
      return PostgresProbe(uri: uri, password: try passwordFile.map(readPassword))
    }
  }

  /// Whether there is state to read: always for PostgreSQL (a node may have written it),
  /// for SQLite once the database file exists. Read-only commands check this first, so they
  /// never create a state directory the daemon's user would then not own.
  public static func hasState(_ config: Config) -> Bool {
    switch config.store {
    case .sqlite: FileManager.default.fileExists(atPath: Store.path(in: config.stateDirectory))
    case .postgres: true
    }
  }

  /// The store when there is state to read (`hasState`), nil before anything was polled.
  public static func openExisting(_ config: Config) throws -> (any StateStore)? {
    hasState(config) ? try open(config) : nil
  }

  /// The first line of the file, without its line ending: what `store.passwordFile` holds.
  public static func readPassword(from file: String) throws(DaemonError) -> String {
    guard let password = PasswordFile.firstLine(of: file) else {
      throw DaemonError(
        "cannot read the PostgreSQL password file \(file) (config store.passwordFile): check "
          + "that it exists and that the user feedwatch runs as may read it")
    }
    return password
  }
}

/// The PostgreSQL server named by the config cannot be reached now: the daemon exits 75
/// (EX_TEMPFAIL), so systemd starts it again later.
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
  public static let exitCode: Int32 = 75
  /// The server's URI without its password.
  public var server: String
  /// libpq's own message.
  public var reason: String

  public var description: String {
    "cannot connect to the PostgreSQL store \(server) (config store.postgres): \(reason). "
      + "Start PostgreSQL or correct the URI; feedwatch exits 75 so that systemd tries again."
  }
}
