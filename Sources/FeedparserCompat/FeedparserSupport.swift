import FeedParser
import TextTrimming

/// Small pieces of Python/feedparser behaviour the feedparser rendering relies on.

/// `xml.sax.saxutils.escape`.
func xmlEscape(_ text: String) -> String {
  guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return text }
  var result = ""
  for character in text {
    switch character {
    case "&": result += "&amp;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    default: result.append(character)
    }
  }
  return result
}

/// Python's `str.strip()` (Unicode whitespace).
func pythonStrip(_ text: String) -> String { text.trimmingWhitespace() }

/// Python's `urllib.parse.urljoin` as feedparser calls it (after collapsing `scheme:///`).
func pythonURLJoin(_ base: String, _ reference: String) -> String {
  var reference = reference
  // _urifixer: "http:///x" → "http://x"
  if let range = reference.firstRange(of: "://"), URLResolver.split(reference).scheme != nil {
    var rest = reference[range.upperBound...]
    while rest.first == "/" { rest = rest.dropFirst() }
    reference = String(reference[..<range.upperBound]) + rest
  }
  if base.isEmpty { return reference }
  if reference.isEmpty { return base }
  let baseScheme = URLResolver.split(base).scheme.map { $0.lowercased() } ?? ""
  let referenceScheme = URLResolver.split(reference).scheme.map { $0.lowercased() }
  let relativeSchemes: Set<String> = [
    "", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
    "prospero", "rtsp",
    "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss",
  ]
  if let referenceScheme,
    referenceScheme != baseScheme || !relativeSchemes.contains(referenceScheme)
  {
    return reference
  }
  guard relativeSchemes.contains(baseScheme) else { return reference }
  if let referenceScheme, referenceScheme == baseScheme {
    // "http:path" relative to an http base
    let withoutScheme = String(reference.dropFirst(referenceScheme.count + 1))
    if withoutScheme.hasPrefix("//") { return reference }
    return URLResolver.resolve(withoutScheme, against: base)
  }
  return URLResolver.resolve(reference, against: base)
}

let acceptableURISchemes: Set<String> = [
  "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms",
  "news", "nntp",
  "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews", "svn", "svn+ssh",
  "telnet",
  "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk", "irc", "ircs", "irc6", "itms",
  "msnim",
  "skype", "ssh", "smb", "ymsg",
]

/// feedparser's `make_safe_absolute_uri`: the joined URI, or "" when its scheme is not acceptable.
func makeSafeAbsoluteURI(_ base: String, _ relative: String? = nil) -> String {
  guard !base.isEmpty else { return relative ?? "" }
  guard let relative, !relative.isEmpty else {
    let scheme = URLResolver.split(base).scheme.map { String($0) } ?? ""
    return scheme.isEmpty || acceptableURISchemes.contains(scheme) ? base : ""
  }
  let uri = pythonURLJoin(base, relative)
  let scheme = String(
    pythonStrip(uri).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first
      ?? "")
  return acceptableURISchemes.contains(scheme) ? uri : ""
}

/// feedparser's `looks_like_html`: a close tag or entity, only known HTML tags and entities.
func looksLikeHTMLForFeedparser(_ text: String) -> Bool {
  let scalars = Array(text.unicodeScalars)
  func isWord(_ s: Unicode.Scalar) -> Bool {
    s.properties.isAlphabetic || s.properties.numericType != nil || s == "_"
  }
  var hasCloseTag = false
  var hasEntity = false
  var tags: [String] = []
  var entities: [String] = []
  var index = 0
  while index < scalars.count {
    if scalars[index] == "<" {
      var k = index + 1
      let closing = k < scalars.count && scalars[k] == "/"
      if closing { k += 1 }
      var name = ""
      while k < scalars.count && isWord(scalars[k]) {
        name.unicodeScalars.append(scalars[k])
        k += 1
      }
      if !name.isEmpty {
        tags.append(name)
        if closing && k < scalars.count && scalars[k] == ">" { hasCloseTag = true }
      }
    } else if scalars[index] == "&" {
      var k = index + 1
      let numeric = k < scalars.count && scalars[k] == "#"
      if numeric { k += 1 }
      var name = ""
      while k < scalars.count && isWord(scalars[k]) {
        name.unicodeScalars.append(scalars[k])
        k += 1
      }
      if !name.isEmpty && k < scalars.count && scalars[k] == ";" {
        hasEntity = true
        if !numeric { entities.append(name) }
      }
    }
    index += 1
  }
  guard hasCloseTag || hasEntity else { return false }
  if tags.contains(where: { !FeedparserHTML.acceptableElements.contains($0.lowercased()) }) {
    return false
  }
  if entities.contains(where: { htmlNamedEntities[$0] == nil && $0 != "apos" }) { return false }
  return true
}

/// UTF-8 that was read as ISO-8859-1 and re-encoded ("Ã©" for "é") is put back.
func undoDoubleEncoding(_ text: String) -> String {
  var bytes: [UInt8] = []
  var sawHigh = false
  for scalar in text.unicodeScalars {
    guard scalar.value <= 0xFF else { return text }
    if scalar.value >= 0x80 { sawHigh = true }
    bytes.append(UInt8(scalar.value))
  }
  guard sawHigh, let fixed = String(validating: bytes, as: UTF8.self) else { return text }
  return fixed
}

/// Characters U+0080–U+009F mapped to what windows-1252 means by those bytes.
func translateWindows1252(_ text: String) -> String {
  guard text.unicodeScalars.contains(where: { $0.value >= 0x80 && $0.value <= 0x9F }) else {
    return text
  }
  var scalars = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    if let mapped = windows1252Translation[scalar.value] {
      scalars.append(mapped)
    } else {
      scalars.append(scalar)
    }
  }
  return String(scalars)
}

let windows1252Translation: [UInt32: Unicode.Scalar] = [
  128: "\u{20AC}", 130: "\u{201A}", 131: "\u{0192}", 132: "\u{201E}", 133: "\u{2026}",
  134: "\u{2020}",
  135: "\u{2021}", 136: "\u{02C6}", 137: "\u{2030}", 138: "\u{0160}", 139: "\u{2039}",
  140: "\u{0152}",
  142: "\u{017D}", 145: "\u{2018}", 146: "\u{2019}", 147: "\u{201C}", 148: "\u{201D}",
  149: "\u{2022}",
  150: "\u{2013}", 151: "\u{2014}", 152: "\u{02DC}", 153: "\u{2122}", 154: "\u{0161}",
  155: "\u{203A}",
  156: "\u{0153}", 158: "\u{017E}", 159: "\u{0178}",
]

/// `re.sub("&([A-Za-z0-9_]+);", r"&\1", text)`: query strings mangled into entity look-alikes.
func unescapeBareReferences(_ text: String) -> String {
  guard text.contains("&") else { return text }
  var result = ""
  var rest = Substring(text)
  while let amp = rest.firstIndex(of: "&") {
    result += rest[..<amp]
    let after = rest[rest.index(after: amp)...]
    let name = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    if !name.isEmpty, after.dropFirst(name.count).first == ";" {
      result += "&" + name
      rest = after.dropFirst(name.count + 1)
    } else {
      result += "&"
      rest = after
    }
  }
  return result + rest
}

/// The e-mail address feedparser's author regex finds in a string.
func findEmail(_ text: String) -> String? {
  let characters = Array(text)
  func isLocal(_ c: Character) -> Bool {
    c.isASCII && (c.isLetter || c.isNumber || "_-.+".contains(c))
  }
  func isDomain(_ c: Character) -> Bool {
    c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".")
  }
  for (index, character) in characters.enumerated() where character == "@" {
    var start = index
    while start > 0 && isLocal(characters[start - 1]) { start -= 1 }
    guard start < index else { continue }
    var end = index + 1
    while end < characters.count && isDomain(characters[end]) { end += 1 }
    var domain = String(characters[(index + 1)..<end])
    // The domain must end in a 2–4 letter label after at least one dot.
    while domain.hasSuffix(".") { domain.removeLast() }
    let labels = domain.split(separator: ".")
    guard labels.count >= 2, let last = labels.last else { continue }
    let tld = last.prefix(4)
    guard tld.count >= 2, tld.allSatisfy(\.isLetter) || tld.allSatisfy(\.isNumber) else { continue }
    let domainEnd = index + 1 + domain.count - (last.count - tld.count)
    var email = String(characters[start..<domainEnd])
    // an optional ?subject=...
    if domainEnd < characters.count, characters[domainEnd] == "?" {
      let rest = String(characters[domainEnd...])
      if rest.hasPrefix("?subject=") {
        let subject = rest.prefix { !$0.isWhitespace }
        if subject.count > 9 { email += subject }
      }
    }
    return email
  }
  return nil
}

extension XMLAttributes {
  /// Every attribute as (namespace URI, prefix as written, local name, value).
  func allWithPrefix() -> [(namespace: String?, prefix: String?, local: String, value: String)] {
    guard let raw, count > 0 else { return [] }
    return (0..<count).map { index in
      let base = index * 5
      let value = all()[index].value
      return (
        raw[base + 2].map { String(cString: $0) }, raw[base + 1].map { String(cString: $0) },
        raw[base].map { String(cString: $0) } ?? "", value
      )
    }
  }
}
