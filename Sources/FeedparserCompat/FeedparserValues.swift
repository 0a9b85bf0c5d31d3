import FeedParser

/// Dynamic values shaped like feedparser's result (dicts, lists, strings, parsed dates),
/// with reference semantics where feedparser shares one dict between two keys
/// (`author_detail` and `authors[-1]`).
enum PyValue {
  case string(String)
  case int(Int)
  case bool(Bool)
  case none
  case list(PyList)
  case dict(PyDict)
  /// A `*_parsed` date; nil when the text could not be read.
  case date(ParsedDate?)

  var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var dict: PyDict? {
    if case .dict(let value) = self { return value }
    return nil
  }

  var list: PyList? {
    if case .list(let value) = self { return value }
    return nil
  }

  /// Python truthiness.
  var isTruthy: Bool {
    switch self {
    case .string(let value): return !value.isEmpty
    case .int(let value): return value != 0
    case .bool(let value): return value
    case .none: return false
    case .list(let value): return !value.items.isEmpty
    case .dict(let value): return !value.isEmpty
    case .date(let value): return value != nil
    }
  }
}

final class PyList {
  var items: [PyValue]
  init(_ items: [PyValue] = []) { self.items = items }
}

/// An insertion-ordered dictionary with reference semantics.
final class PyDict {
  private(set) var keys: [String] = []
  private var values: [String: PyValue] = [:]

  init() {}

  init(_ pairs: [(String, PyValue)]) {
    for (key, value) in pairs { self[key] = value }
  }

  var isEmpty: Bool { keys.isEmpty }

  subscript(key: String) -> PyValue? {
    get { values[key] }
    set {
      if let newValue {
        if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if values.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  func contains(_ key: String) -> Bool { values[key] != nil }

  /// `setdefault`: the existing value, or `value` stored and returned.
  @discardableResult
  func setDefault(_ key: String, _ value: PyValue) -> PyValue {
    if let existing = values[key] { return existing }
    self[key] = value
    return value
  }

  func copy() -> PyDict {
    let result = PyDict()
    for key in keys { result[key] = values[key].map(deepCopy) }
    return result
  }

  func removeAll() {
    keys.removeAll()
    values.removeAll()
  }

  /// Same keys and equal string/none values (feedparser compares tag dicts with `in`).
  func equals(_ other: PyDict) -> Bool {
    guard Set(keys) == Set(other.keys) else { return false }
    for key in keys {
      switch (values[key]!, other.values[key]!) {
      case (.string(let a), .string(let b)): if a != b { return false }
      case (.none, .none): continue
      default: return false
      }
    }
    return true
  }
}

private func deepCopy(_ value: PyValue) -> PyValue {
  switch value {
  case .dict(let dict): return .dict(dict.copy())
  case .list(let list): return .list(PyList(list.items.map(deepCopy)))
  default: return value
  }
}

/// JSON text of a value tree (UTF-8, standard escapes).
struct JSONWriter {
  private(set) var output = ""

  mutating func write(_ value: PyValue) {
    switch value {
    case .string(let text): writeString(text)
    case .int(let number): output += String(number)
    case .bool(let flag): output += flag ? "true" : "false"
    case .none: output += "null"
    case .list(let list):
      output += "["
      for (index, item) in list.items.enumerated() {
        if index > 0 { output += ", " }
        write(item)
      }
      output += "]"
    case .dict(let dict):
      output += "{"
      for (index, key) in dict.keys.enumerated() {
        if index > 0 { output += ", " }
        writeString(key)
        output += ": "
        write(dict[key]!)
      }
      output += "}"
    case .date(let date):
      guard let date else {
        output += "null"
        return
      }
      writeDate(date)
    }
  }

  private mutating func writeDate(_ date: ParsedDate) {
    let timestamp = date.timestamp(defaultOffset: 0)
    let days = Int((Double(timestamp) / 86_400).rounded(.down))
    let seconds = timestamp - days * 86_400
    let civil = civilFromDays(days)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    if civil.year < 1 || civil.year > 9999 {
      // Outside what an ISO string holds: the 9-integer time tuple.
      let yearDay = days - daysFromCivil(year: civil.year, month: 1, day: 1) + 1
      let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday (3 when Monday is 0)
      output +=
        "[\(civil.year), \(civil.month), \(civil.day), \(seconds / 3600), \(seconds / 60 % 60), \(seconds % 60), \(weekday), \(yearDay), 0]"
      return
    }
    var year = String(civil.year)
    while year.count < 4 { year = "0" + year }
    output +=
      "\"\(year)-\(two(civil.month))-\(two(civil.day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z\""
  }

  private mutating func writeString(_ text: String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
