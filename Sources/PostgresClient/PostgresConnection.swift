import CLibPQ
import Glibc

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One connection to PostgreSQL over libpq, used synchronously. Not thread-safe by design:
/// its owner confines it to one serial queue, as the store does with its SQLite connections.
///
/// Every statement with values goes through a prepared statement (prepared once per SQL text
/// on this connection) with each value a bound parameter: no value is ever spliced into SQL.
public final class PostgresConnection {
  /// The server, without the password: what errors and logs name.
  public let server: String
  private var handle: OpaquePointer?
  /// Statement names by SQL text. A reconnect empties it: prepared statements live in the
  /// server's session.
  private var prepared: [String: String] = [:]

  /// Connects with a libpq URI or key=value string (`sslmode` and every other libpq parameter
  /// pass through). `password`, when given, overrides any in the URI; without one libpq uses
  /// the URI's, then `PGPASSWORD`, then the password file (`PGPASSFILE`, default
  /// `~/.pgpass`).
  /// `defaults`: libpq keywords (such as `connect_timeout`) that apply unless the URI sets them.
  public init(uri: String, password: String? = nil, defaults: [(String, String)] = []) throws {
    server = PostgresURI.redacted(uri)
    handle = try Self.connect(uri: uri, password: password, defaults: defaults, server: server)
  }

  deinit { close() }

  private static func connect(
    uri: String, password: String?, defaults: [(String, String)], server: String
  ) throws -> OpaquePointer {
    // expand_dbname = 1: the "dbname" value is a whole connection string; it overrides the
    // keywords before it (the defaults), later keywords (the password) override what it says.
    var keywords = defaults.map(\.0) + ["dbname", "fallback_application_name"]
    var values = defaults.map(\.1) + [uri, "feedwatch"]
    if let password {
      keywords.append("password")
      values.append(password)
    }
    let connection = withCStrings(keywords) { keywordPointers in
      withCStrings(values) { valuePointers in
        PQconnectdbParams(keywordPointers, valuePointers, 1)
      }
    }
    guard let connection else {
      throw PostgresError(kind: .cannotConnect, server: server, message: "out of memory")
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = Self.message(PQerrorMessage(connection))
      PQfinish(connection)
      throw PostgresError(kind: .cannotConnect, server: server, message: message)
    }
    feedwatch_pq_silence_notices(connection)
    return connection
  }

  public func close() {
    if let handle { PQfinish(handle) }
    handle = nil
    prepared.removeAll()
  }

  /// Whether the connection is open and not known to be broken.
  public var isConnected: Bool {
    guard let handle else { return false }
    return PQstatus(handle) == CONNECTION_OK
  }

  /// Connects again (after the connection was lost), with the same parameters.
  public func reconnect() throws {
    let connection = try openHandle()
    prepared.removeAll()
    PQreset(connection)
    guard PQstatus(connection) == CONNECTION_OK else {
      throw PostgresError(
        kind: .cannotConnect, server: server, message: Self.message(PQerrorMessage(connection)))
    }
    feedwatch_pq_silence_notices(connection)
  }

  /// The server's version as libpq reports it (150018 for 15.18).
  public var serverVersion: Int {
    handle.map { Int(PQserverVersion($0)) } ?? 0
  }

  private func openHandle() throws -> OpaquePointer {
    guard let handle else {
      throw PostgresError(kind: .client, server: server, message: "the connection is closed")
    }
    return handle
  }

  /// Runs SQL without parameters (DDL, BEGIN/COMMIT, several statements separated by `;`).
  public func execute(_ sql: String) throws {
    let connection = try openHandle()
    _ = try check(PQexec(connection, sql), on: connection)
  }

  /// Runs one statement with `parameters` bound to `$1`, `$2`, …, and returns its rows.
  @discardableResult
  public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws
    -> PostgresRows
  {
    let connection = try openHandle()
    let name = try statementName(for: sql, parameterCount: parameters.count, on: connection)
    let texts = parameters.map { $0?.postgresText }
    let result = withOptionalCStrings(texts) { values in
      PQexecPrepared(connection, name, Int32(texts.count), values, nil, nil, 0)
    }
    return try check(result, on: connection)
  }

  /// Runs `body` in one transaction: all of it is committed, or none. `isolation` is the
  /// SQL text after BEGIN ISOLATION LEVEL (READ COMMITTED by default). Without
  /// `synchronousCommit` the commit returns before the server has flushed it to disk: a crash
  /// of the server may lose it, never half of it.
  public func transaction<T>(
    isolation: String = "READ COMMITTED", synchronousCommit: Bool = true, _ body: () throws -> T
  ) throws -> T {
    // One round trip either way.
    try execute(
      "BEGIN ISOLATION LEVEL \(isolation)"
        + (synchronousCommit ? "" : "; SET LOCAL synchronous_commit TO OFF"))
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      rollbackIfNeeded()
      throw error
    }
  }

  private func rollbackIfNeeded() {
    guard let handle, PQstatus(handle) == CONNECTION_OK,
      PQtransactionStatus(handle) != PQTRANS_IDLE
    else { return }
    PQclear(PQexec(handle, "ROLLBACK"))
  }

  private func statementName(for sql: String, parameterCount: Int, on connection: OpaquePointer)
    throws -> String
  {
    if let name = prepared[sql] { return name }
    let name = "s\(prepared.count)"
    // Parameter types are left to the server to infer from the statement.
    _ = try check(PQprepare(connection, name, sql, Int32(parameterCount), nil), on: connection)
    prepared[sql] = name
    return name
  }

  /// The rows of a result that succeeded, or the error it carries.
  private func check(_ result: OpaquePointer?, on connection: OpaquePointer) throws
    -> PostgresRows
  {
    guard let result else {
      throw lostOrFailed(connection, message: Self.message(PQerrorMessage(connection)))
    }
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
      return PostgresRows(result)
    default:
      let sqlState = PQresultErrorField(result, feedwatch_pq_diag_sqlstate()).map {
        String(cString: $0)
      }
      let message =
        PQresultErrorField(result, feedwatch_pq_diag_message_primary()).map {
          String(cString: $0)
        } ?? Self.message(PQresultErrorMessage(result))
      PQclear(result)
      if let sqlState, PQstatus(connection) == CONNECTION_OK {
        throw PostgresError(kind: .server, server: server, message: message, sqlState: sqlState)
      }
      throw lostOrFailed(connection, message: message)
    }
  }

  private func lostOrFailed(_ connection: OpaquePointer, message: String) -> PostgresError {
    if PQstatus(connection) != CONNECTION_OK {
      prepared.removeAll()
      return PostgresError(kind: .connectionLost, server: server, message: message)
    }
    return PostgresError(kind: .server, server: server, message: message)
  }

  private static func message(_ text: UnsafePointer<CChar>?) -> String {
    guard let text else { return "unknown error" }
    let message = String(cString: text)
    return message.split(whereSeparator: \.isNewline).joined(separator: "; ")
  }
}

/// Calls `body` with a C array of C strings that live for the call.
private func withCStrings<T>(
  _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
) -> T {
  withOptionalCStrings(strings.map { Optional($0) }, body)
}

private func withOptionalCStrings<T>(
  _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
) -> T {
  let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
  defer { for copy in copies { free(copy) } }
  var pointers = copies.map { UnsafePointer($0) }
  pointers.append(nil)  // PQconnectdbParams reads its arrays up to a NULL keyword
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
