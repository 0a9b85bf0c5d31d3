/// Tells from a document's first bytes whether it is HTML, and whether it is UTF-8.
enum DocumentSniffer {
  /// How many bytes are looked at before the parser starts.
  static let prefixLength = 64 << 10

  /// Nil for HTML (or text that may be read as HTML), else what the bytes look like.
  static func nonHTMLKind(_ prefix: UnsafeRawBufferPointer) -> DocumentKind? {
    var start = 0
    if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    while start < prefix.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(prefix[start]) {
      start += 1
    }
    let body = UnsafeRawBufferPointer(rebasing: prefix[start...])
    if body.isEmpty { return .empty }
    if body.starts(with: Array("%PDF".utf8)) { return .pdf }
    let images: [[UInt8]] = [
      [0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8, 0xFF], Array("GIF8".utf8), Array("RIFF".utf8),
      [0x00, 0x00, 0x01, 0x00], Array("BM".utf8),
    ]
    if images.contains(where: { body.starts(with: $0) }) { return .image }
    if body[0] == UInt8(ascii: "{") || body[0] == UInt8(ascii: "[") { return .json }
    if body.prefix(512).contains(0) { return .binary }
    let head = String(decoding: body.prefix(4096), as: UTF8.self).lowercased()
    if head.hasPrefix("<?xml") || head.hasPrefix("<rss") || head.hasPrefix("<feed")
      || head.hasPrefix("<rdf:rdf")
    {
      if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        return .feed
      }
      // XHTML is HTML for a reader.
      if !head.contains("<html") { return .xml }
    }
    return nil
  }

  /// Whether `bytes` are UTF-8 with at least one multi-byte character; a sequence cut off
  /// at the end counts as valid (the next chunk completes it).
  static func isEvidentlyUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var index = 0
    var multiByte = false
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return false
      }
      for offset in 1..<length {
        guard index + offset < count else { return multiByte }
        if bytes[index + offset] & 0xC0 != 0x80 { return false }
      }
      multiByte = true
      index += length
    }
    return multiByte
  }
}
