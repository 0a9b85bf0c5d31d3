#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// A value bound to a statement parameter, sent in PostgreSQL's text format (the server
/// converts it to the parameter's type). nil is SQL NULL.
public protocol PostgresBindable: Sendable {
  var postgresText: String { get }
}

extension String: PostgresBindable {
  public var postgresText: String { self }
}

extension Int: PostgresBindable {
  public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
  public var postgresText: String { String(self) }
}

extension Double: PostgresBindable {
  /// Swift prints the shortest text that reads back as the same double, so a float8 column
  /// keeps the value bit for bit.
  public var postgresText: String {
    if isNaN { return "NaN" }
    if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
    return "\(self)"
  }
}

extension Bool: PostgresBindable {
  public var postgresText: String { self ? "true" : "false" }
}

extension Date: PostgresBindable {
  /// Dates are float8 seconds since 1970, as in the SQLite store.
  public var postgresText: String { timeIntervalSince1970.postgresText }
}

extension Array: PostgresBindable where Element == String {
  /// A text[] literal, as `PostgresArray` writes one.
  public var postgresText: String { PostgresArray(self).postgresText }
}

/// A one-dimensional array bound as a single parameter, elements NULL or in their text form:
/// cast it in the SQL (`$1::float8[]`, `unnest($2::text[])`) so one statement takes a whole
/// batch of rows, whatever its size, in one round trip.
public struct PostgresArray: PostgresBindable {
  public var elements: [(any PostgresBindable)?]

  public init(_ elements: [(any PostgresBindable)?]) {
    self.elements = elements
  }

  public init<Element: PostgresBindable>(_ elements: [Element]) {
    self.elements = elements.map { $0 }
  }

  public init<Element: PostgresBindable>(_ elements: [Element?]) {
    self.elements = elements.map { $0 }
  }

  /// Each non-NULL element quoted (so a text "NULL" stays text), `"` and `\` escaped. Built
  /// as bytes: a poll's commit binds arrays of thousands of values, and escaping them by
  /// Character cost more than the statement itself.
  public var postgresText: String {
    var bytes: [UInt8] = [UInt8(ascii: "{")]
    bytes.reserveCapacity(elements.count * 24)
    for (index, element) in elements.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      guard let element else {
        bytes.append(contentsOf: "NULL".utf8)
        continue
      }
      bytes.append(UInt8(ascii: "\""))
      var text = element.postgresText
      text.withUTF8 { utf8 in
        for byte in utf8 {
          if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            bytes.append(UInt8(ascii: "\\"))
          }
          bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }
}
