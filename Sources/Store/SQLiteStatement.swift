import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A prepared statement: bind parameters (1-based, as in SQL's `?1`), step through rows,
/// read columns (0-based). Dates are stored as REAL seconds since 1970 so that the
/// database stays readable with the sqlite3 shell (`datetime(col, 'unixepoch')`).
final class SQLiteStatement {
  private var stmt: OpaquePointer?
  private unowned let connection: SQLiteConnection

  init(_ stmt: OpaquePointer, connection: SQLiteConnection) {
    self.stmt = stmt
    self.connection = connection
  }

  func finalize() {
    sqlite3_finalize(stmt)
    stmt = nil
  }

  func reset() {
    sqlite3_reset(stmt)
    sqlite3_clear_bindings(stmt)
  }

  // MARK: binding

  func bind(_ index: Int32, _ value: String?) throws {
    guard var value else { return try check(sqlite3_bind_null(stmt, index)) }
    // The text's own UTF-8 bytes, copied once by SQLite (passing the String would first
    // copy it into a NUL-terminated array). The explicit byte count keeps text with an
    // embedded NUL whole; an empty text needs an address, or SQLite would bind NULL.
    let rc = value.withUTF8 { bytes in
      guard let start = bytes.baseAddress, !bytes.isEmpty else {
        return sqlite3_bind_text(stmt, index, "", 0, feedwatch_sqlite_transient())
      }
      return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        sqlite3_bind_text(stmt, index, $0, Int32(bytes.count), feedwatch_sqlite_transient())
      }
    }
    try check(rc)
  }

  func bind(_ index: Int32, _ value: Int?) throws {
    guard let value else { return try check(sqlite3_bind_null(stmt, index)) }
    try check(sqlite3_bind_int64(stmt, index, Int64(value)))
  }

  func bind(_ index: Int32, _ value: Double?) throws {
    guard let value else { return try check(sqlite3_bind_null(stmt, index)) }
    try check(sqlite3_bind_double(stmt, index, value))
  }

  func bind(_ index: Int32, _ value: Date?) throws {
    try bind(index, value?.timeIntervalSince1970)
  }

  func bind(_ index: Int32, _ value: Bool) throws {
    try check(sqlite3_bind_int64(stmt, index, value ? 1 : 0))
  }

  // MARK: stepping

  /// Advances to the next row; false when there are no more.
  func step() throws -> Bool {
    let rc = sqlite3_step(stmt)
    switch rc {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw connection.error(rc)
    }
  }

  /// Runs a statement that returns no rows (INSERT/UPDATE/DELETE).
  func run() throws {
    while try step() {}
  }

  // MARK: columns

  func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(stmt, column) == SQLITE_NULL
  }

  func string(_ column: Int32) -> String? {
    guard let text = sqlite3_column_text(stmt, column) else { return nil }
    let count = Int(sqlite3_column_bytes(stmt, column))
    return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
  }

  func int(_ column: Int32) -> Int? {
    isNull(column) ? nil : Int(sqlite3_column_int64(stmt, column))
  }

  func double(_ column: Int32) -> Double? {
    isNull(column) ? nil : sqlite3_column_double(stmt, column)
  }

  func date(_ column: Int32) -> Date? {
    double(column).map { Date(timeIntervalSince1970: $0) }
  }

  func bool(_ column: Int32) -> Bool {
    sqlite3_column_int64(stmt, column) != 0
  }

  private func check(_ rc: Int32) throws {
    if rc != SQLITE_OK { throw connection.error(rc) }
  }
}
