import CSQLite
import Hashing

/// A sink's name in the store: its type and a digest of its address, so a webhook URL's token,
/// a password in its userinfo or an exec sink's arguments are never written to the database,
/// and the same address always gives the same id (across restarts and renames of the sink).
/// Form: `webhook#` and 16 hex digits of SHA-256 over the address. A `#` never follows the type
/// in an address (`webhook:https://…`, `journal`), so an id is never mistaken for an address.
public struct SinkID: Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  /// `address` is what makes the sink this sink, beginning with its type and a colon (or the
  /// type alone): `Config.Sink.address`, the store's sink name before sink ids existed.
  public init(address: String) {
    if Self.isID(address) {
      rawValue = address
      return
    }
    let type = address.split(separator: ":", maxSplits: 1).first.map(String.init) ?? address
    rawValue = type + "#" + String(Digest.sha256Hex(address).prefix(16))
  }

  public var description: String { rawValue }

  /// The name a sink's records have in this version of the store: a name from before sink
  /// ids (`jsonl:/path`, `webhook:https://…`, `exec:…`, `journal`) becomes its id; any other
  /// name is kept.
  static func current(name: String) -> String {
    let legacy =
      name == "journal" || ["jsonl:", "webhook:", "exec:"].contains { name.hasPrefix($0) }
    return legacy ? SinkID(address: name).rawValue : name
  }

  /// A few hex digits of the digest, for telling two sinks of one host apart where a person
  /// reads them.
  public var fingerprint: String {
    String(rawValue.split(separator: "#").last?.prefix(6) ?? "")
  }

  /// Whether `text` is an id already: letters, `#`, 16 lowercase hex digits.
  static func isID(_ text: String) -> Bool {
    let parts = text.split(separator: "#", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.count == 16 else { return false }
    return parts[0].unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
      && parts[1].unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
  }

  /// Makes `feedwatch_sink_id(address)` callable from SQL on `db`, for the migration that
  /// renames the delivery records kept under addresses.
  static func registerSQLFunction(on db: SQLiteConnection) throws {
    let rc = sqlite3_create_function_v2(
      try db.openHandle(), "feedwatch_sink_id", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
      { context, count, values in
        guard count == 1, let value = values?[0], let text = sqlite3_value_text(value) else {
          sqlite3_result_null(context)
          return
        }
        let id = SinkID.current(name: String(cString: text))
        sqlite3_result_text(context, id, -1, feedwatch_sqlite_transient())
      }, nil, nil, nil)
    guard rc == SQLITE_OK else { throw db.error(rc) }
  }
}
