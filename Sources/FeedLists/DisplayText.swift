import FeedParser

/// A title or folder name as a person reads it. Readers copy feed titles into OPML as they
/// found them, often HTML-escaped ("Tom&amp;#039;s Hardware" in the file is
/// "Tom&#039;s Hardware" after XML): character references and HTML's named entities are
/// decoded once more (nothing else: "AT&T" and "<b>" stay as written), and whitespace collapsed.
/// Works on UTF-8 bytes: a large list has tens of thousands of names.
enum DisplayText {
  static func clean(_ raw: String?) -> String? {
    guard var text = raw else { return nil }
    if text.utf8.contains(UInt8(ascii: "&")) { text = decodingReferences(text) }
    if needsCollapsing(text) { text = collapsingWhitespace(text) }
    return text.isEmpty ? nil : text
  }

  /// `text` with each `&#N;`, `&#xH;` and `&name;` (an HTML entity) as its character.
  static func decodingReferences(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "&"),
        let end = bytes[(index + 1)...].prefix(32).firstIndex(of: UInt8(ascii: ";")),
        let character = character(for: bytes[(index + 1)..<end])
      else {
        result.append(bytes[index])
        index += 1
        continue
      }
      result += character.utf8
      index = end + 1
    }
    return String(decoding: result, as: UTF8.self)
  }

  private static func character(for reference: ArraySlice<UInt8>) -> String? {
    guard reference.first == UInt8(ascii: "#") else {
      return htmlNamedEntities[String(decoding: reference, as: UTF8.self)]
    }
    var digits = reference.dropFirst()
    let hex = digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X")
    if hex { digits = digits.dropFirst() }
    guard let value = UInt32(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10),
      value != 0, let scalar = Unicode.Scalar(value)
    else { return nil }
    return String(Character(scalar))
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
  }

  /// Whether `text` has whitespace at an end, a run of it, or whitespace other than " ".
  private static func needsCollapsing(_ text: String) -> Bool {
    var previousSpace = true
    for byte in text.utf8 {
      // 0xC2 starts the no-break space (C2 A0): let the slow path look.
      if byte == 0xC2 || (isSpace(byte) && (byte != 0x20 || previousSpace)) { return true }
      previousSpace = byte == 0x20
    }
    return previousSpace
  }

  /// Runs of whitespace (ASCII's and the no-break space) as one space, none at either end:
  /// the feed reader's own rule for titles.
  static func collapsingWhitespace(_ text: String) -> String {
    var text = text
    return text.withUTF8 { HTMLText.collapsingWhitespace($0) }
  }
}
