import FeedParser

#if canImport(Glibc)
  import Glibc
#endif

/// Where the daemon keeps its state (config "store").
public enum StoreSetting: Sendable, Equatable {
  /// One SQLite file in the state directory: the default.
  case sqlite
  /// A PostgreSQL database (its schema is made for several nodes). `uri` is a libpq connection URI
  /// without a password (the Unix-socket form and `sslmode` included); the password is read
  /// from `passwordFile` when given, else libpq looks in `PGPASSFILE` (default ~/.pgpass).
  case postgres(uri: String, passwordFile: String?, node: NodeSettings)

  /// This process as a node of the cluster that shares the PostgreSQL store; nil for SQLite.
  public var node: NodeSettings? {
    guard case .postgres(_, _, let node) = self else { return nil }
    return node
  }
}

/// A node of the cluster that shares one PostgreSQL store (config "store.node",
/// "store.leasePeriod").
public struct NodeSettings: Sendable, Equatable {
  /// Unique among the nodes: the owner of its leases and the name `status` shows.
  public var name: String
  /// How long a lease lasts without renewal: a dead node's feeds and sinks are taken over
  /// this long after its last renewal.
  public var leasePeriod: Double

  public static let defaultLeasePeriod: Double = 15

  public init(name: String, leasePeriod: Double = defaultLeasePeriod) {
    self.name = name
    self.leasePeriod = leasePeriod
  }

  /// The machine's host name: the default node name.
  public static var hostName: String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "feedwatch" }
    let name = String(cString: buffer)
    return name.isEmpty ? "feedwatch" : name
  }
}

extension ConfigReader {
  /// `"store": {"postgres": "postgresql://user@host/db", "passwordFile": "/etc/feedwatch/pgpass"}`.
  func readStore(_ value: JSONValue?) throws(ConfigError) -> StoreSetting {
    guard let value, value != .null else { return .sqlite }
    let store = try object(
      value, "store", allowed: ["postgres", "passwordFile", "node", "leasePeriod"])
    guard let uri = try nonEmptyString(store["postgres"], "store.postgres") else {
      throw fail(
        "store.postgres",
        "missing: name the PostgreSQL database, e.g. \"postgresql://feedwatch@db.example/feedwatch\" "
          + "(or remove \"store\" to keep the state in SQLite in stateDirectory)")
    }
    guard uri.hasPrefix("postgresql://") || uri.hasPrefix("postgres://") else {
      throw fail(
        "store.postgres",
        "expected a connection URI starting with postgresql://, such as "
          + "\"postgresql://feedwatch@db.example/feedwatch?sslmode=verify-full\" or, over a Unix "
          + "socket, \"postgresql://feedwatch@/feedwatch?host=/run/postgresql\"")
    }
    if StoreSetting.uriCarriesPassword(uri) {
      throw fail(
        "store.postgres",
        "the URI carries a password; remove it and put it in a file named by "
          + "store.passwordFile, or in libpq's password file (PGPASSFILE, default ~/.pgpass), "
          + "so that it is neither in the config nor in any message")
    }
    let passwordFile = try nonEmptyString(store["passwordFile"], "store.passwordFile").map {
      FilePaths.resolve($0, against: folder)
    }
    let name = try nonEmptyString(store["node"], "store.node") ?? NodeSettings.hostName
    let leasePeriod =
      try duration(store["leasePeriod"], "store.leasePeriod", min: 2)
      ?? NodeSettings.defaultLeasePeriod
    return .postgres(
      uri: uri, passwordFile: passwordFile,
      node: NodeSettings(name: name, leasePeriod: leasePeriod))
  }
}

extension StoreSetting {
  /// A password in the user part (`user:secret@`) or as a `password=` parameter.
  public static func uriCarriesPassword(_ uri: String) -> Bool {
    let afterScheme = uri.split(separator: "://", maxSplits: 1).last ?? ""
    let authority = afterScheme.prefix { $0 != "/" && $0 != "?" }
    if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
    guard let query = uri.firstIndex(of: "?") else { return false }
    return uri[uri.index(after: query)...].split(separator: "&").contains {
      $0.lowercased().hasPrefix("password=")
    }
  }
}
