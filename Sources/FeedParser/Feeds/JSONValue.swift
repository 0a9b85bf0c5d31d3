#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Any JSON value, for documents read key by key: a JSON Feed (where a field of an unexpected
/// type is skipped) and the daemon's config (where it is named in the error).
public enum JSONValue: Decodable, Equatable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    // A decoder cannot say which kind it holds, so each kind is tried in turn, and every miss
    // throws an error that costs far more than a hit: the common kinds go first.
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([String: JSONValue].self) {
      self = .object(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else {
      self = .bool(try container.decode(Bool.self))
    }
  }

  public subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  /// A string, or a number written as one (an id given as 42 reads as "42").
  public var string: String? {
    switch self {
    case .string(let value): return value
    case .number(let value):
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    default: return nil
    }
  }

  /// The elements of an array; empty for anything else.
  public var array: [JSONValue] {
    if case .array(let values) = self { return values }
    return []
  }

  /// How the value is described in an error: "a string", "a number", …
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "true/false"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "an object"
    }
  }
}
