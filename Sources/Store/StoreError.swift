import CSQLite

/// An error from the state database. It names the file, carries SQLite's own message and
/// result code, and its `description` tells the user how to fix it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// The database file.
  public var path: String
  /// SQLite's message (or the store's own, for errors that are not SQLite's).
  public var message: String
  /// SQLite's extended result code (`SQLITE_CORRUPT`, `SQLITE_NOTADB`, `SQLITE_BUSY`, …).
  public var code: Int32
  /// A specific fix, when the store knows better than the generic advice for `code`.
  public var fix: String?

  public init(path: String, message: String, code: Int32, fix: String? = nil) {
    self.path = path
    self.message = message
    self.code = code
    self.fix = fix
  }

  /// The primary result code (extended codes carry it in their low byte).
  public var primaryCode: Int32 { code & 0xff }

  /// True when the file is damaged or is not a database at all: the fix is to move it aside.
  public var isCorruption: Bool {
    primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB
  }

  public var description: String {
    "feedwatch state database \(path): \(message) (SQLite code \(code)). \(fix ?? Self.advice(code: primaryCode, path: path))"
  }

  /// The user-facing fix for a class of SQLite errors.
  static func advice(code: Int32, path: String) -> String {
    switch code {
    case SQLITE_CORRUPT, SQLITE_NOTADB:
      return
        "The file is damaged or is not a feedwatch database. Stop feedwatch, move it aside "
        + "(mv '\(path)' '\(path).corrupt', and its -wal and -shm files) and start again: "
        + "a fresh database is created and every feed starts as new. "
        + "`feedwatch store repair` does this for you."
    case SQLITE_BUSY, SQLITE_LOCKED:
      return
        "Another process holds the database: check that only one feedwatch daemon uses this state directory."
    case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH:
      return
        "Check that the directory exists and that the file and its directory are writable by the user feedwatch runs as."
    case SQLITE_FULL:
      return "The disk is full: free space on the file system that holds the state directory."
    case SQLITE_IOERR:
      return "The disk reported an I/O error: check the file system that holds the state directory."
    case SQLITE_CONSTRAINT:
      return "A record broke a database constraint; nothing from this operation was saved."
    case SQLITE_MISUSE:
      return "The store was used after it was closed or in a way it does not allow."
    default:
      return "Nothing from the failed operation was saved."
    }
  }
}
