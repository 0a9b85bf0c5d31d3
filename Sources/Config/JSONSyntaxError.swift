/// Where a document stops being JSON, and what was expected there: the config reader's error
/// for a file the JSON decoder refused (whose own error names no position). A small
/// recursive-descent reader over the bytes; it accepts what the decoder accepts (trailing commas
/// included), so the first fault it meets is the one that made the decoder fail.
package struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  package var line: Int
  package var column: Int
  package var message: String

  package var description: String { "line \(line), column \(column): \(message)" }

  /// The first syntax error in `bytes`, or nil when they are well-formed JSON.
  package static func find(in bytes: [UInt8]) -> JSONSyntaxError? {
    var reader = Reader(bytes: bytes)
    do throws(JSONSyntaxError) {
      reader.skipSpace()
      try reader.value(context: "the document")
      reader.skipSpace()
      if reader.position < bytes.count {
        throw reader.error("unexpected text after the end of the JSON document")
      }
      return nil
    } catch {
      return error
    }
  }

  private struct Reader {
    let bytes: [UInt8]
    var position = 0
    /// Nesting limit, so a hostile file cannot exhaust the stack.
    static let maxDepth = 512
    var depth = 0

    init(bytes: [UInt8]) {
      self.bytes = bytes
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ message: String) -> JSONSyntaxError {
      let (line, column) = location(of: position)
      return JSONSyntaxError(line: line, column: column, message: message)
    }

    /// The line and column (in characters, from 1) of a byte offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
      var line = 1
      var column = 1
      for byte in bytes[..<min(offset, bytes.count)] {
        if byte == UInt8(ascii: "\n") {
          line += 1
          column = 1
        } else if byte & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
          column += 1
        }
      }
      return (line, column)
    }

    mutating func skipSpace() {
      while let byte = current,
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
      {
        position += 1
      }
    }

    /// What stands at the position, for a message: `'x'` or "the end of the file".
    var found: String {
      guard let byte = current else { return "the end of the file" }
      if byte == UInt8(ascii: "/") { return "'/' (JSON has no comments)" }
      if byte < 0x80, byte >= 0x20 { return "'\(Character(Unicode.Scalar(byte)))'" }
      return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func value(context: String) throws(JSONSyntaxError) {
      switch current {
      case UInt8(ascii: "{"): try object()
      case UInt8(ascii: "["): try array()
      case UInt8(ascii: "\""): _ = try string()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
        try number()
      default:
        throw error("expected a value for \(context), found \(found)")
      }
    }

    mutating func object() throws(JSONSyntaxError) {
      try container(closer: "}", what: "object") { reader, _ throws(JSONSyntaxError) in
        guard reader.current == UInt8(ascii: "\"") else {
          throw reader.error("expected a key in double quotes, found \(reader.found)")
        }
        let key = try reader.string()
        reader.skipSpace()
        guard reader.current == UInt8(ascii: ":") else {
          throw reader.error("expected ':' after the key \"\(key)\", found \(reader.found)")
        }
        reader.position += 1
        reader.skipSpace()
        try reader.value(context: "\"\(key)\"")
        return "the value of \"\(key)\""
      }
    }

    mutating func array() throws(JSONSyntaxError) {
      try container(closer: "]", what: "list") { reader, index throws(JSONSyntaxError) in
        try reader.value(context: "element \(index) of the list")
        return "element \(index) of the list"
      }
    }

    /// An object's members or a list's elements up to `closer`, a trailing comma allowed;
    /// `member` reads one and says what it read, for the message when no ',' or closer follows.
    mutating func container(
      closer: Character, what: String,
      member: (inout Reader, Int) throws(JSONSyntaxError) -> String
    ) throws(JSONSyntaxError) {
      let opened = position
      let close = UInt8(ascii: closer.unicodeScalars.first!)
      depth += 1
      if depth > Self.maxDepth { throw error("nested deeper than \(Self.maxDepth) levels") }
      position += 1
      skipSpace()
      var index = 0
      while current != close {
        if current == nil { throw unclosed(what, closer, opened: opened) }
        let read = try member(&self, index)
        skipSpace()
        switch current {
        case UInt8(ascii: ","):
          position += 1
          skipSpace()
        case close: break
        case nil: throw unclosed(what, closer, opened: opened)
        default: throw error("expected ',' or '\(closer)' after \(read), found \(found)")
        }
        index += 1
      }
      position += 1
      depth -= 1
    }

    func unclosed(_ what: String, _ closer: Character, opened: Int) -> JSONSyntaxError {
      let start = location(of: opened)
      return error(
        "the file ends inside the \(what) opened at line \(start.line), column \(start.column): "
          + "a '\(closer)' (or a ',' before it) is missing")
    }

    /// Reads a string and returns it (escapes left as written: it only names a key).
    mutating func string() throws(JSONSyntaxError) -> String {
      let start = position
      position += 1
      while let byte = current {
        switch byte {
        case UInt8(ascii: "\""):
          position += 1
          return String(decoding: bytes[(start + 1)..<(position - 1)], as: UTF8.self)
        case UInt8(ascii: "\\"):
          position += 1
          guard let escaped = current, Array("\"\\/bfnrtu".utf8).contains(escaped) else {
            throw error("'\\\(found)' is not a JSON escape; write \\\\ for a backslash")
          }
          position += 1
          if escaped == UInt8(ascii: "u") {
            for _ in 0..<4 {
              guard let hex = current, hex.isHexDigit else {
                throw error("\\u must be followed by four hex digits")
              }
              position += 1
            }
          }
        case 0..<0x20:
          throw error(
            byte == 0x0A
              ? "a line break inside a string: the string's closing '\"' is missing"
              : "a control character inside a string; write it as an escape")
        default:
          position += 1
        }
      }
      let (line, column) = location(of: start)
      throw error("the file ends inside the string that starts at line \(line), column \(column)")
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
      let utf8 = Array(word.utf8)
      guard bytes[position...].starts(with: utf8) else {
        throw error("expected a value, found \(found) (strings need double quotes)")
      }
      position += utf8.count
    }

    mutating func number() throws(JSONSyntaxError) {
      if current == UInt8(ascii: "-") { position += 1 }
      if current == UInt8(ascii: "0"), position + 1 < bytes.count,
        (0x30...0x39).contains(bytes[position + 1])
      {
        throw error("a number may not start with 0")
      }
      guard digits() > 0 else { throw error("expected digits after '-'") }
      if current == UInt8(ascii: ".") {
        position += 1
        guard digits() > 0 else { throw error("expected digits after the decimal point") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        position += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw error("expected digits in the exponent") }
      }
    }

    /// Skips a run of decimal digits; returns how many.
    mutating func digits() -> Int {
      let from = position
      while let byte = current, (0x30...0x39).contains(byte) { position += 1 }
      return position - from
    }
  }

}

extension UInt8 {
  fileprivate var isHexDigit: Bool {
    (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
  }
}
