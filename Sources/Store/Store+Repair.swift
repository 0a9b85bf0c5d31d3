import CSQLite

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Recovery from a damaged database file (what `feedwatch store repair` does).
extension Store {
  /// Moves the database at `path` aside, with its -wal and -shm files, to
  /// `path.corrupt-<seconds since 1970>` (and `…-wal`, `…-shm`), so that the next `Store`
  /// starts a fresh database. The -wal file must go with it: a leftover WAL next to a new
  /// database file would be replayed into it. Stop the daemon first.
  /// Returns the new path of the main file.
  @discardableResult
  public static func moveAside(path: String, at date: Date = Date()) throws -> String {
    let target = "\(path).corrupt-\(Int(date.timeIntervalSince1970))"
    let fileManager = FileManager.default
    guard fileManager.fileExists(atPath: path) else {
      throw StoreError(
        path: path, message: "no database file to move aside", code: SQLITE_CANTOPEN,
        fix: "Check the state directory: there is nothing to repair at this path.")
    }
    // The main file goes last: until it moves, the WAL still belongs to it.
    for suffix in ["-shm", "-wal", ""] where fileManager.fileExists(atPath: path + suffix) {
      do {
        try fileManager.moveItem(atPath: path + suffix, toPath: target + suffix)
      } catch {
        throw StoreError(
          path: path + suffix, message: "cannot move it to \(target + suffix): \(error)",
          code: SQLITE_CANTOPEN,
          fix:
            "Check that the state directory is writable, and that \(target + suffix) does not exist."
        )
      }
    }
    return target
  }
}
