/// What a document is, judged from its first bytes (never from its URL).
enum DocumentFormat: Sendable, Equatable {
  case xml
  case json
  case empty
  case notAFeed(String)
}

/// Bytes needed before the format and charset can be decided.
let sniffLength = 1024

func sniffFormat(_ prefix: [UInt8], contentType: String?, isComplete: Bool) -> DocumentFormat {
  var index = 0
  if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  // UTF-16/32 text (with or without a byte order mark) is XML here; JSON Feed is UTF-8.
  if prefix.starts(with: [0xFE, 0xFF]) || prefix.starts(with: [0xFF, 0xFE])
    || prefix.starts(with: [0x00, 0x00])
    || prefix.starts(with: [0x00, 0x3C]) || prefix.starts(with: [0x3C, 0x00])
  {
    return .xml
  }
  while index < prefix.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(prefix[index]) { index += 1 }
  guard index < prefix.count else { return isComplete ? .empty : .xml }
  let rest = prefix[index...]
  func starts(_ signature: [UInt8]) -> Bool { rest.starts(with: signature) }
  if starts([0x89, 0x50, 0x4E, 0x47]) { return .notAFeed("a PNG image") }
  if starts(Array("GIF8".utf8)) { return .notAFeed("a GIF image") }
  if starts([0xFF, 0xD8, 0xFF]) { return .notAFeed("a JPEG image") }
  if starts(Array("RIFF".utf8)) { return .notAFeed("a RIFF (WebP, WAV or AVI) file") }
  if starts(Array("%PDF".utf8)) { return .notAFeed("a PDF document") }
  if starts([0x50, 0x4B, 0x03, 0x04]) { return .notAFeed("a ZIP archive") }
  if starts([0x1F, 0x8B]) { return .notAFeed("gzip-compressed data") }
  if starts(Array("ID3".utf8)) { return .notAFeed("an MP3 file") }
  let first = rest.first!
  if first == UInt8(ascii: "{") { return .json }
  if first == UInt8(ascii: "[") { return .notAFeed("JSON that is not a JSON Feed") }
  if first == UInt8(ascii: "<") {
    let head = String(decoding: rest.prefix(64), as: UTF8.self).lowercased()
    if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") {
      return .notAFeed("an HTML page")
    }
    return .xml
  }
  if let contentType, MediaType(contentType).isJSON {
    return .notAFeed("JSON that is not a JSON Feed")
  }
  return .notAFeed("text that is not XML or JSON")
}
