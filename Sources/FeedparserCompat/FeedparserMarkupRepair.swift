import FeedParser

/// What feedparser's loose parsing recovers from that an XML parser does not: a DOCTYPE
/// whose declarations cannot be loaded, bare `&` in text (query strings), `&#X41;`.
enum FeedparserMarkupRepair {
  /// The document without its DOCTYPE, and the "safe" entities declared in it
  /// (`<!ENTITY name "text">` or a single character reference), as feedparser keeps them.
  static func replaceDoctype(_ bytes: [UInt8]) -> ([UInt8], [String: String]) {
    // The head ends at the first element ("<" followed by a word character).
    var headEnd = 0
    while headEnd + 1 < bytes.count {
      if bytes[headEnd] == UInt8(ascii: "<"), isWordByte(bytes[headEnd + 1]) { break }
      headEnd += 1
    }
    let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
    // Like feedparser's pattern, only a DOCTYPE that starts a line counts (not one quoted in a comment).
    var found: Range<String.Index>?
    var searchFrom = head.startIndex
    while let candidate = head[searchFrom...].firstRange(of: "<!DOCTYPE") {
      let lineStart =
        head[..<candidate.lowerBound].lastIndex(of: "\n").map { head.index(after: $0) }
        ?? head.startIndex
      if head[lineStart..<candidate.lowerBound].allSatisfy(\.isWhitespace) {
        found = candidate
        break
      }
      searchFrom = candidate.upperBound
    }
    guard let doctypeStart = found else { return (bytes, [:]) }
    // The DOCTYPE runs to the "]>" of its internal subset, or to its first ">".
    let rest = head[doctypeStart.lowerBound...]
    let end: String.Index
    if let bracket = rest.firstIndex(of: "["), let close = rest.firstRange(of: "]>"),
      bracket < (rest.firstIndex(of: ">") ?? rest.endIndex)
    {
      end = close.upperBound
    } else if let close = rest.firstIndex(of: ">") {
      end = rest.index(after: close)
    } else {
      return (bytes, [:])
    }
    let doctype = String(head[doctypeStart.lowerBound..<end])
    var entities: [String: String] = [:]
    var search = Substring(doctype)
    while let declaration = search.firstRange(of: "<!ENTITY") {
      let body = search[declaration.upperBound...].prefix { $0 != ">" }
      search = search[declaration.upperBound...]
      let parts = body.split(whereSeparator: \.isWhitespace)
      guard parts.count >= 2, parts[0] != "%",
        parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else { continue }
      let valueText = body.drop { $0.isWhitespace }.dropFirst(parts[0].count).drop {
        $0.isWhitespace
      }
      guard valueText.first == "\"", let close = valueText.dropFirst().firstIndex(of: "\"") else {
        continue
      }
      let value = String(valueText[valueText.index(after: valueText.startIndex)..<close])
      if value.hasPrefix("&#") && value.hasSuffix(";") {
        entities[String(parts[0])] = decodeCharacterReference(value) ?? value
      } else if !value.contains("&") {
        entities[String(parts[0])] = value
      }
    }
    let headWithout = head[..<doctypeStart.lowerBound] + head[end...]
    return (Array(headWithout.utf8) + bytes[headEnd...], entities)
  }

  /// Escapes `&` that starts no reference, and lowercases `&#X`, outside CDATA sections and comments.
  static func escapeBareAmpersands(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + 64)
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "<") {
        if let end = skip(bytes, index, open: "<![CDATA[", close: "]]>")
          ?? skip(bytes, index, open: "<!--", close: "-->")
        {
          output.append(contentsOf: bytes[index..<end])
          index = end
          continue
        }
      } else if byte == UInt8(ascii: "&") {
        var k = index + 1
        var valid = false
        if k < count && bytes[k] == UInt8(ascii: "#") {
          k += 1
          if k < count && bytes[k] == UInt8(ascii: "X") {
            output.append(contentsOf: Array("&#x".utf8))
            index = k + 1
            continue
          }
          let hex = k < count && bytes[k] == UInt8(ascii: "x")
          if hex { k += 1 }
          let start = k
          while k < count && (hex ? isHexByte(bytes[k]) : isDigitByte(bytes[k])) { k += 1 }
          valid = k > start && k < count && bytes[k] == UInt8(ascii: ";")
        } else {
          let start = k
          while k < count
            && (isWordByte(bytes[k]) || bytes[k] == UInt8(ascii: "-")
              || bytes[k] == UInt8(ascii: "."))
          {
            k += 1
          }
          valid = k > start && k < count && bytes[k] == UInt8(ascii: ";")
        }
        if !valid {
          output.append(contentsOf: Array("&amp;".utf8))
          index += 1
          continue
        }
      }
      output.append(byte)
      index += 1
    }
    return output
  }

  private static func skip(_ bytes: [UInt8], _ index: Int, open: String, close: String) -> Int? {
    let openBytes = Array(open.utf8)
    guard bytes[index...].starts(with: openBytes) else { return nil }
    let closeBytes = Array(close.utf8)
    var k = index + openBytes.count
    while k + closeBytes.count <= bytes.count {
      if bytes[k..<(k + closeBytes.count)].elementsEqual(closeBytes) { return k + closeBytes.count }
      k += 1
    }
    return bytes.count
  }
}

private func isWordByte(_ byte: UInt8) -> Bool {
  (byte | 0x20) >= 97 && (byte | 0x20) <= 122 || isDigitByte(byte) || byte == UInt8(ascii: "_")
    || byte >= 0x80
}
private func isDigitByte(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
private func isHexByte(_ byte: UInt8) -> Bool {
  isDigitByte(byte) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 102)
}

/// "&#179;" or "&#xB3;" → the character.
func decodeCharacterReference(_ reference: String) -> String? {
  var body = reference.dropFirst(2).dropLast()
  var radix = 10
  if body.first == "x" || body.first == "X" {
    radix = 16
    body = body.dropFirst()
  }
  guard let value = UInt32(body, radix: radix), let scalar = Unicode.Scalar(value) else {
    return nil
  }
  return String(scalar)
}
