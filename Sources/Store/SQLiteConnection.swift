import CSQLite

/// One SQLite connection. Not thread-safe by design: `Store` confines it to its serial
/// queue, so the connection is opened with SQLITE_OPEN_NOMUTEX.
final class SQLiteConnection {
  let path: String
  private var handle: OpaquePointer?
  /// Prepared statements by SQL text: preparing is the costly part of a small query.
  private var statements: [String: SQLiteStatement] = [:]

  /// Opens `path`, creating it unless `readOnly` (then it must exist and is never written).
  init(path: String, readOnly: Bool = false) throws {
    self.path = path
    var db: OpaquePointer?
    let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    let flags = access | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open the file"
      sqlite3_close_v2(db)
      throw StoreError(path: path, message: message, code: rc)
    }
    sqlite3_extended_result_codes(db, 1)
    handle = db
  }

  deinit { close() }

  func close() {
    for statement in statements.values { statement.finalize() }
    statements.removeAll()
    if let handle {
      sqlite3_close_v2(handle)
    }
    handle = nil
  }

  /// The open handle, or an error once the connection is closed.
  func openHandle() throws -> OpaquePointer {
    guard let handle else {
      throw StoreError(path: path, message: "the store is closed", code: SQLITE_MISUSE)
    }
    return handle
  }

  /// Rows inserted, updated or deleted by the last statement.
  func changes() throws -> Int {
    Int(sqlite3_changes(try openHandle()))
  }

  /// Runs one or more statements that take no parameters (pragmas, DDL, BEGIN/COMMIT).
  func execute(_ sql: String) throws {
    let db = try openHandle()
    var errorMessage: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(db, sql, nil, nil, &errorMessage)
    if rc != SQLITE_OK {
      let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
      sqlite3_free(errorMessage)
      throw StoreError(path: path, message: message, code: sqlite3_extended_errcode(db))
    }
  }

  /// Runs `body` with the cached prepared statement for `sql`, and resets it afterwards:
  /// a statement left mid-rows would hold a read snapshot open (and block checkpoints).
  func withStatement<T>(_ sql: String, _ body: (SQLiteStatement) throws -> T) throws -> T {
    let statement = try statement(sql)
    defer { statement.reset() }
    return try body(statement)
  }

  private func statement(_ sql: String) throws -> SQLiteStatement {
    if let cached = statements[sql] {
      return cached
    }
    let db = try openHandle()
    var stmt: OpaquePointer?
    let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
    guard rc == SQLITE_OK, let stmt else {
      throw error(rc)
    }
    let statement = SQLiteStatement(stmt, connection: self)
    statements[sql] = statement
    return statement
  }

  /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none.
  /// IMMEDIATE takes the write lock up front, so a busy database fails at BEGIN (after
  /// busy_timeout), never half-way through a batch.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try transaction(beginning: "BEGIN IMMEDIATE", body)
  }

  /// A read snapshot: every query in `body` sees the same committed state.
  func readTransaction<T>(_ body: () throws -> T) throws -> T {
    try transaction(beginning: "BEGIN DEFERRED", body)
  }

  private func transaction<T>(beginning begin: String, _ body: () throws -> T) throws -> T {
    // Prepared once: every poll opens a read snapshot, and sqlite3_exec parses its SQL anew.
    try withStatement(begin) { try $0.run() }
    do {
      let result = try body()
      try withStatement("COMMIT") { try $0.run() }
      return result
    } catch {
      rollbackIfNeeded()
      throw error
    }
  }

  private func rollbackIfNeeded() {
    // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL); a second
    // ROLLBACK would fail, so only issue it while a transaction is still open.
    if let handle, sqlite3_get_autocommit(handle) == 0 {
      sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
    }
  }

  /// A `StoreError` for result code `rc`, with SQLite's message for this connection.
  func error(_ rc: Int32) -> StoreError {
    guard let handle else {
      return StoreError(path: path, message: "the store is closed", code: SQLITE_MISUSE)
    }
    let extended = sqlite3_extended_errcode(handle)
    let code = (extended & 0xff) == (rc & 0xff) ? extended : rc
    return StoreError(path: path, message: String(cString: sqlite3_errmsg(handle)), code: code)
  }
}
