#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// RFC 2047 encoded words: header text that is not plain printable ASCII, as
/// `=?UTF-8?B?…?=` words of at most 75 characters, never splitting a character.
enum MIMEWord {
  /// `text` as it is when it is printable ASCII, else encoded words joined by `separator`
  /// (a space for one line; "\r\n " folds a mail header).
  static func encode(_ text: String, separator: String = " ") -> String {
    if text.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) { return text }
    // 36 bytes make 48 characters of base64: a 60-character word, so even the first, after
    // "Subject: ", keeps its line within 78 characters.
    var words: [String] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > 36, !chunk.isEmpty {
        words.append(word(chunk))
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { words.append(word(chunk)) }
    return words.joined(separator: separator)
  }

  private static func word(_ bytes: [UInt8]) -> String {
    "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
  }
}

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: lines of at most 76 characters with soft
/// breaks, CRLF line ends, `=`, control and non-ASCII bytes and a line's trailing space escaped.
enum QuotedPrintable {
  static func encode(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var output: [UInt8] = []
    let lines = text.replacing("\r\n", with: "\n").split(
      separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      if index > 0 { output += [13, 10] }
      let bytes = Array(line.utf8)
      var width = 0
      for (position, byte) in bytes.enumerated() {
        let last = position == bytes.count - 1
        let plain =
          (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
          || ((byte == 32 || byte == 9) && !last)
        let piece: [UInt8] =
          plain ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        // Room for a soft break's "=" at the end of a 76-character line.
        if width + piece.count > 75 {
          output += [UInt8(ascii: "="), 13, 10]
          width = 0
        }
        output += piece
        width += piece.count
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}

/// Text for an HTML part: the five characters that could start markup or end an attribute.
enum HTMLEscaping {
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }
}
