import FeedParser

/// Where the daemon keeps its state (config "store").
public enum StoreSetting: Sendable, Equatable {
  /// One SQLite file in the state directory: the default.
  case sqlite
  /// A PostgreSQL database (its schema is made for several nodes). `uri` is a libpq connection URI
  /// without a password (the Unix-socket form and `sslmode` included); the password is read
  /// from `passwordFile` when given, else libpq looks in `PGPASSFILE` (default ~/.pgpass).
  case postgres(uri: String, passwordFile: String?)
}

extension ConfigReader {
  /// `"store": {"postgres": "postgresql://user@host/db", "passwordFile": "/etc/feedwatch/pgpass"}`.
  func readStore(_ value: JSONValue?) throws(ConfigError) -> StoreSetting {
    guard let value, value != .null else { return .sqlite }
    let store = try object(value, "store", allowed: ["postgres", "passwordFile"])
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
    return .postgres(uri: uri, passwordFile: passwordFile)
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
