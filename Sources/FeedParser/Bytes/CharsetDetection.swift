import TextTrimming

/// Where the document's character encoding was learned.
enum CharsetSource: Sendable, Equatable {
  case byteOrderMark, httpHeader, xmlDeclaration, fallback
}

/// The encoding chosen for a document, before any byte reaches libxml2.
struct CharsetDecision: Sendable, Equatable {
  /// Lowercase label, e.g. "utf-8", "windows-1252", "utf-16le".
  var label: String
  var source: CharsetSource
  /// Bytes of byte order mark to drop.
  var byteOrderMarkLength: Int = 0
  /// The encoding named by the XML declaration, if any (even when overridden).
  var declared: String?
  /// The charset named by the HTTP Content-Type, if any.
  var httpCharset: String?
}

/// Order of precedence: byte order mark, HTTP charset (RFC 3023/7303: a `text/*` type
/// without charset means US-ASCII), XML declaration, then UTF-8 that falls back to
/// windows-1252 byte by byte where the bytes are not UTF-8.
func decideCharset(prefix: [UInt8], contentType: String?) -> CharsetDecision {
  let mediaType = contentType.map(MediaType.init)
  let httpCharset = mediaType?.charset
  let (family, bomLength) = byteFamily(prefix)
  let declared = xmlDeclarationEncoding(prefix, family: family)

  if bomLength > 0 {
    return CharsetDecision(
      label: family, source: .byteOrderMark, byteOrderMarkLength: bomLength, declared: declared,
      httpCharset: httpCharset)
  }
  if let httpCharset, !httpCharset.isEmpty {
    // A UTF-16/32 document that says it is an ASCII-compatible charset is trusted by its bytes.
    if family != "utf-8" && !httpCharset.hasPrefix("utf-16") && !httpCharset.hasPrefix("utf-32") {
      return CharsetDecision(
        label: family, source: .byteOrderMark, declared: declared, httpCharset: httpCharset)
    }
    return CharsetDecision(
      label: normalizedCharset(httpCharset), source: .httpHeader, declared: declared,
      httpCharset: httpCharset)
  }
  if let mediaType, mediaType.type == "text", mediaType.isXML, family == "utf-8" {
    return CharsetDecision(label: "us-ascii", source: .httpHeader, declared: declared)
  }
  if family != "utf-8" {
    return CharsetDecision(label: family, source: .byteOrderMark, declared: declared)
  }
  if let declared, !declared.isEmpty {
    let label = normalizedCharset(declared)
    // A UTF-16 declaration on bytes that are plainly 8-bit cannot be true.
    if !label.hasPrefix("utf-16") && !label.hasPrefix("utf-32") {
      return CharsetDecision(label: label, source: .xmlDeclaration, declared: declared)
    }
  }
  return CharsetDecision(label: "utf-8", source: .fallback, declared: declared)
}

/// The encoding family the first bytes show: a byte order mark, or the way `<?` is laid out.
private func byteFamily(_ bytes: [UInt8]) -> (String, Int) {
  func starts(_ signature: [UInt8]) -> Bool { bytes.starts(with: signature) }
  if starts([0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
  if starts([0x00, 0x00, 0xFE, 0xFF]) { return ("utf-32be", 4) }
  if starts([0xFF, 0xFE, 0x00, 0x00]) { return ("utf-32le", 4) }
  if starts([0xFE, 0xFF]) { return ("utf-16be", 2) }
  if starts([0xFF, 0xFE]) { return ("utf-16le", 2) }
  if starts([0x00, 0x00, 0x00, 0x3C]) { return ("utf-32be", 0) }
  if starts([0x3C, 0x00, 0x00, 0x00]) { return ("utf-32le", 0) }
  if starts([0x00, 0x3C, 0x00, 0x3F]) { return ("utf-16be", 0) }
  if starts([0x3C, 0x00, 0x3F, 0x00]) { return ("utf-16le", 0) }
  return ("utf-8", 0)
}

/// The `encoding` pseudo-attribute of the XML declaration, read from the first bytes.
private func xmlDeclarationEncoding(_ bytes: [UInt8], family: String) -> String? {
  // Reduce UTF-16/32 to its ASCII bytes: the declaration is ASCII.
  var ascii: [UInt8] = []
  let width = family.hasPrefix("utf-32") ? 4 : family.hasPrefix("utf-16") ? 2 : 1
  let bigEndian = family.hasSuffix("be")
  var index = family == "utf-8" && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
  if width > 1 && (bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])) {
    index = width == 4 ? 4 : 2
  }
  while index + width <= bytes.count && ascii.count < 200 {
    let byte = bigEndian ? bytes[index + width - 1] : bytes[index]
    ascii.append(byte)
    index += width
  }
  guard ascii.starts(with: Array("<?xml".utf8)), let end = ascii.firstIndex(of: UInt8(ascii: ">"))
  else {
    return nil
  }
  let declaration = String(decoding: ascii[..<end], as: UTF8.self)
  guard let range = declaration.firstRange(of: "encoding") else { return nil }
  var rest = declaration[range.upperBound...].drop(while: {
    $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r"
  })
  guard rest.first == "=" else { return nil }
  rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
  guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
  let value = rest.dropFirst().prefix(while: { $0 != quote })
  return String(value)
}

/// Lowercase charset label with common aliases folded together.
func normalizedCharset(_ raw: String) -> String {
  let label = raw.trimmingWhitespace().lowercased()
  switch label {
  case "utf8", "unicode-1-1-utf-8": return "utf-8"
  case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "l1", "iso-ir-100", "cp819", "ibm819":
    return "iso-8859-1"
  case "cp1252", "x-cp1252", "windows1252": return "windows-1252"
  case "ascii", "us_ascii", "ansi_x3.4-1968", "iso646-us": return "us-ascii"
  case "utf16": return "utf-16"
  case "shift-jis", "sjis", "x-sjis": return "shift_jis"
  default: return label
  }
}

/// A parsed Content-Type header.
struct MediaType: Sendable {
  var type: String
  var subtype: String
  var charset: String?

  init(_ header: String) {
    let parts = header.split(separator: ";", omittingEmptySubsequences: false)
    let full = (parts.first.map(String.init) ?? "").trimmingWhitespace().lowercased()
    let pieces = full.split(separator: "/", maxSplits: 1)
    type = pieces.first.map(String.init) ?? ""
    subtype = pieces.count > 1 ? String(pieces[1]) : ""
    for parameter in parts.dropFirst() {
      let pair = parameter.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "charset" else {
        continue
      }
      var value = pair[1].trimmingWhitespace()
      if value.count >= 2, value.hasPrefix("\"") || value.hasPrefix("'") {
        value = String(value.dropFirst().dropLast())
      }
      charset = value.isEmpty ? nil : value.lowercased()
    }
  }

  var essence: String { "\(type)/\(subtype)" }
  var isXML: Bool {
    subtype == "xml" || subtype.hasSuffix("+xml") || subtype == "xml-external-parsed-entity"
  }
  var isJSON: Bool { subtype == "json" || subtype.hasSuffix("+json") }
}
