import CLibPQ

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The rows a statement returned, in text format. Rows and columns are 0-based. Owns the
/// libpq result and frees it when released.
public final class PostgresRows {
  private let result: OpaquePointer
  public let count: Int
  /// Rows inserted, updated or deleted, for a statement that changes rows.
  public let affected: Int

  init(_ result: OpaquePointer) {
    self.result = result
    count = Int(PQntuples(result))
    affected = Int(String(cString: PQcmdTuples(result))) ?? 0
  }

  deinit { PQclear(result) }

  public var isEmpty: Bool { count == 0 }

  public func isNull(_ row: Int, _ column: Int) -> Bool {
    PQgetisnull(result, Int32(row), Int32(column)) == 1
  }

  public func string(_ row: Int, _ column: Int) -> String? {
    if isNull(row, column) { return nil }
    guard let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
    let length = Int(PQgetlength(result, Int32(row), Int32(column)))
    return value.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
  }

  public func int(_ row: Int, _ column: Int) -> Int? {
    string(row, column).flatMap { Int($0) }
  }

  public func double(_ row: Int, _ column: Int) -> Double? {
    string(row, column).flatMap { Double($0) }
  }

  /// A boolean column (`t`/`f` in text format).
  public func bool(_ row: Int, _ column: Int) -> Bool {
    string(row, column) == "t"
  }

  /// A float8 column of seconds since 1970.
  public func date(_ row: Int, _ column: Int) -> Date? {
    double(row, column).map { Date(timeIntervalSince1970: $0) }
  }
}
