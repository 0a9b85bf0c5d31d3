import FeedParser
import TextTrimming

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// feedparser's character-encoding rules (RFC 3023 plus its fallbacks), applied to a
/// whole document: which charset the bytes are read in, as feedparser names it, and the
/// "bozo" complaint it raises about the choice.
struct FeedparserDecoding {
  var text: String?
  /// The charset used, spelled as feedparser spells it ("" when nothing worked).
  var encoding: String
  /// "ClassName: message" when feedparser would flag the document.
  var complaint: String?

  init(bytes original: [UInt8], headers: [String: String]) {
    var data = original[...]
    var bomEncoding = ""
    func starts(_ signature: [UInt8]) -> Bool { data.starts(with: signature) }
    let zero: [UInt8] = [0, 0]
    if starts([0x00, 0x00, 0xFE, 0xFF]) {
      bomEncoding = "utf-32be"
      data = data.dropFirst(4)
    } else if starts([0xFF, 0xFE, 0x00, 0x00]) {
      bomEncoding = "utf-32le"
      data = data.dropFirst(4)
    } else if starts([0xFE, 0xFF]) && !data.dropFirst(2).starts(with: zero) {
      bomEncoding = "utf-16be"
      data = data.dropFirst(2)
    } else if starts([0xFF, 0xFE]) && !data.dropFirst(2).starts(with: zero) {
      bomEncoding = "utf-16le"
      data = data.dropFirst(2)
    } else if starts([0xEF, 0xBB, 0xBF]) {
      bomEncoding = "utf-8"
      data = data.dropFirst(3)
    } else if starts([0x4C, 0x6F, 0xA7, 0x94]) {
      bomEncoding = "cp037"
    } else if starts([0x00, 0x3C, 0x00, 0x3F]) {
      bomEncoding = "utf-16be"
    } else if starts([0x3C, 0x00, 0x3F, 0x00]) {
      bomEncoding = "utf-16le"
    } else if starts([0x00, 0x00, 0x00, 0x3C]) {
      bomEncoding = "utf-32be"
    } else if starts([0x3C, 0x00, 0x00, 0x00]) {
      bomEncoding = "utf-32le"
    }
    let body = Array(data)

    // The XML declaration's encoding, read from the text decoded by the byte order mark.
    var xmlEncoding = ""
    let head: [UInt8]? =
      bomEncoding.isEmpty ? body : strictDecode(body, bomEncoding).map { Array($0.utf8) }
    if let head, let declared = declarationEncoding(head) {
      xmlEncoding = declared.lowercased()
      let unicodeNames: Set<String> = [
        "u16", "utf-16", "utf16", "utf_16", "u32", "utf-32", "utf32", "utf_32", "iso-10646-ucs-2",
        "iso-10646-ucs-4", "csucs4", "csunicode", "ucs-2", "ucs-4",
      ]
      if !bomEncoding.isEmpty && unicodeNames.contains(xmlEncoding) { xmlEncoding = bomEncoding }
    }

    let (mimeType, httpEncoding) = parseContentType(headers["content-type"] ?? "")
    let applicationTypes: Set<String> = [
      "application/xml", "application/xml-dtd", "application/xml-external-parsed-entity",
    ]
    let textTypes: Set<String> = ["text/xml", "text/xml-external-parsed-entity"]
    var acceptable = false
    var rfc3023: String
    if applicationTypes.contains(mimeType)
      || (mimeType.hasPrefix("application/") && mimeType.hasSuffix("+xml"))
    {
      acceptable = true
      rfc3023 = nonEmpty(httpEncoding) ?? nonEmpty(xmlEncoding) ?? "utf-8"
    } else if textTypes.contains(mimeType)
      || (mimeType.hasPrefix("text/") && mimeType.hasSuffix("+xml"))
    {
      acceptable = true
      rfc3023 = nonEmpty(httpEncoding) ?? "us-ascii"
    } else if mimeType.hasPrefix("text/") {
      rfc3023 = nonEmpty(httpEncoding) ?? "us-ascii"
    } else if !headers.isEmpty && headers["content-type"] == nil {
      rfc3023 = nonEmpty(xmlEncoding) ?? "iso-8859-1"
    } else {
      rfc3023 = nonEmpty(xmlEncoding) ?? "utf-8"
    }
    if rfc3023.lowercased() == "gb2312" { rfc3023 = "gb18030" }
    if xmlEncoding.lowercased() == "gb2312" { xmlEncoding = "gb18030" }

    var complaint: String?
    if !headers.isEmpty && !acceptable {
      if let contentType = headers["content-type"] {
        complaint = "NonXMLContentType: \(contentType) is not an XML media type"
      } else {
        complaint = "NonXMLContentType: no Content-type specified"
      }
    }
    var tried: [String] = []
    var decoded: String?
    var used = ""
    for proposed in [rfc3023, xmlEncoding, bomEncoding, "utf-8", "windows-1252", "iso-8859-2"] {
      guard !proposed.isEmpty, !tried.contains(proposed) else { continue }
      tried.append(proposed)
      if let text = strictDecode(body, proposed) {
        decoded = text
        used = proposed
        break
      }
    }
    if decoded == nil {
      complaint =
        "CharacterEncodingUnknown: document encoding unknown, I tried \(rfc3023), \(xmlEncoding), utf-8, windows-1252, and iso-8859-2 but nothing worked"
      rfc3023 = ""
    } else if used != rfc3023 {
      complaint =
        "CharacterEncodingOverride: document declared as \(rfc3023), but parsed as \(used)"
      rfc3023 = used
    }
    self.text = decoded
    self.encoding = rfc3023
    self.complaint = complaint
  }
}

private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

/// Python's `parse_content_type`: the media type as written, and the charset parameter.
func parseContentType(_ line: String) -> (String, String) {
  let chunks = line.split(separator: ";", omittingEmptySubsequences: false)
  guard let first = chunks.first else { return ("", "") }
  var charset = ""
  for chunk in chunks.dropFirst() {
    let parts = chunk.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    if parts[0].trimmingWhitespace().lowercased() == "charset" {
      var value = parts.count > 1 ? parts[1].trimmingWhitespace() : ""
      while let c = value.first, c == "\"" || c == "'" { value.removeFirst() }
      while let c = value.last, c == "\"" || c == "'" { value.removeLast() }
      charset = value
    }
  }
  return (first.trimmingWhitespace(), charset)
}

/// `^<\?.*encoding=['"](.*?)['"].*\?>` on the first line.
private func declarationEncoding(_ bytes: [UInt8]) -> String? {
  guard bytes.starts(with: [0x3C, 0x3F]) else { return nil }
  let line = bytes.prefix { $0 != 0x0A }
  let text = String(decoding: line, as: UTF8.self)
  guard text.contains("?>"), let range = text.firstRange(of: "encoding=") else { return nil }
  let rest = text[range.upperBound...]
  guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
  let value = rest.dropFirst()
  guard let end = value.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
  return String(value[..<end])
}

/// Python's `bytes.decode(name)` in strict mode: nil when the name is unknown or a byte is invalid.
func strictDecode(_ bytes: [UInt8], _ name: String) -> String? {
  let lower = name.lowercased().replacingAll("_", with: "-")
  switch lower {
  case "utf-8", "utf8", "u8":
    return String(validating: bytes, as: UTF8.self)
  case "us-ascii", "ascii", "646":
    return bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self) : nil
  case "iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1":
    return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
  case "windows-1252", "cp1252":
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      if byte >= 0x80 && byte < 0xA0 {
        guard let scalar = pythonWindows1252[byte] else { return nil }
        scalars.append(scalar)
      } else {
        scalars.append(Unicode.Scalar(byte))
      }
    }
    return String(scalars)
  case "macgreek", "mac-greek": return MacCharsets.decode(bytes, table: MacCharsets.macGreek)
  case "macturkish", "mac-turkish": return MacCharsets.decode(bytes, table: MacCharsets.macTurkish)
  default:
    return iconvDecode(bytes, iconvName(forPython: lower))
  }
}

private func iconvName(forPython name: String) -> String {
  switch name {
  case "utf-16", "utf16", "u16": return "UTF-16LE"  // the byte order mark is already gone
  case "utf-32", "utf32", "u32": return "UTF-32LE"
  case "gb2312": return "GB18030"
  case "cp037", "ibm039", "ibm037", "csibm037": return "IBM037"
  case "cp-is", "csibm861", "ibm861", "861", "cp861": return "CP861"
  case "maccentraleurope", "maclatin2", "mac-latin2", "mac-centraleurope":
    return "MAC-CENTRALEUROPE"
  case "maciceland", "mac-iceland": return "MAC-IS"
  case "macroman", "mac-roman", "macintosh": return "MACINTOSH"
  case "maccyrillic", "mac-cyrillic": return "MACCYRILLIC"
  default: return name.uppercased()
  }
}

private func iconvDecode(_ bytes: [UInt8], _ name: String) -> String? {
  let handle = iconv_open("UTF-8", name)
  guard Int(bitPattern: handle) != -1, let handle else { return nil }
  defer { iconv_close(handle) }
  guard !bytes.isEmpty else { return "" }
  var input = bytes
  var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
  let produced: Int? = input.withUnsafeMutableBytes { inRaw in
    output.withUnsafeMutableBytes { outRaw in
      var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
      var inLeft = inRaw.count
      var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
      var outLeft = outRaw.count
      // Strict: an invalid or incomplete sequence fails the whole decode, as in Python.
      if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 {
        return nil
      }
      if iconv(handle, nil, nil, &outPointer, &outLeft) == -1 { return nil }
      return outRaw.count - outLeft
    }
  }
  guard let produced else { return nil }
  return String(validating: output[0..<produced], as: UTF8.self)
}

/// Python's cp1252 codec (five bytes are undefined and fail to decode).
private let pythonWindows1252: [UInt8: Unicode.Scalar] = [
  0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}",
  0x86: "\u{2020}",
  0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}",
  0x8C: "\u{0152}",
  0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}",
  0x95: "\u{2022}",
  0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}",
  0x9B: "\u{203A}",
  0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
]
