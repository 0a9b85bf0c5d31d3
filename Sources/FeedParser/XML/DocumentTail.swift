/// The last bytes of a document as they arrived, to tell a document cut short from one that
/// reached its end with an element left open inside it (an unclosed `<itunes:category>` whose
/// items the root's end tag comes after): only the first is truncated.
struct DocumentTail {
  /// Enough for an end tag with any prefix, and the white space, comments and processing
  /// instructions generators write after it.
  static let length = 512
  private var bytes: [UInt8] = []

  mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: chunk.suffix(Self.length))
    // Trimmed only once twice as long: amortised, each byte is moved at most once more.
    if bytes.count > 2 * Self.length { bytes.removeFirst(bytes.count - Self.length) }
  }

  /// Whether the last end tag in the tail closes an element named `localName` (any prefix):
  /// what a document ends with that was not cut short before its root's end.
  func endsWithEndTag(localName: String) -> Bool {
    let tail = bytes.suffix(Self.length)
    var index = tail.endIndex
    while index > tail.startIndex {
      index -= 1
      guard tail[index] == UInt8(ascii: "/"), index > tail.startIndex,
        tail[index - 1] == UInt8(ascii: "<")
      else { continue }
      let nameStart = index + 1
      let nameEnd =
        tail[nameStart...].firstIndex { $0 == UInt8(ascii: ">") || isXMLSpace($0) }
        ?? tail.endIndex
      guard nameEnd < tail.endIndex else { return false }
      let name = tail[nameStart..<nameEnd]
      let local = name.lastIndex(of: UInt8(ascii: ":")).map { name[($0 + 1)...] } ?? name
      return local.elementsEqual(localName.utf8)
    }
    return false
  }

  private func isXMLSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
