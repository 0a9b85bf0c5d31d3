/// RFC 3986 reference resolution on strings (no percent-decoding, no normalisation
/// beyond dot segments), so links come out as the feed wrote them, made absolute.
enum URLResolver {
  struct Parts {
    var scheme: Substring?
    var authority: Substring?
    var path: Substring
    var query: Substring?
    var fragment: Substring?
  }

  static func split(_ reference: String) -> Parts {
    var rest = Substring(reference)
    var parts = Parts(path: "")
    if let hash = rest.firstIndex(of: "#") {
      parts.fragment = rest[rest.index(after: hash)...]
      rest = rest[..<hash]
    }
    if let question = rest.firstIndex(of: "?") {
      parts.query = rest[rest.index(after: question)...]
      rest = rest[..<question]
    }
    if let colon = rest.firstIndex(of: ":"), isScheme(rest[..<colon]) {
      parts.scheme = rest[..<colon]
      rest = rest[rest.index(after: colon)...]
    }
    if rest.hasPrefix("//") {
      let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
      let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
      parts.authority = rest[afterSlashes..<end]
      rest = rest[end...]
    }
    parts.path = rest
    return parts
  }

  private static func isScheme(_ text: Substring) -> Bool {
    guard let first = text.first, first.isASCII, first.isLetter else { return false }
    return text.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".")
    }
  }

  static func isAbsolute(_ reference: String) -> Bool { hasScheme(reference) }

  /// Whether `reference` starts with a scheme (`https:`), read from its bytes: the same answer
  /// as `split(reference).scheme != nil`, without walking it as Characters — most links in a
  /// feed are already absolute, and this is all they need.
  static func hasScheme(_ reference: String) -> Bool {
    var isFirst = true
    for byte in reference.utf8 {
      switch byte {
      case UInt8(ascii: ":"): return !isFirst
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): break
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
        UInt8(ascii: "."):
        if isFirst { return false }
      default: return false
      }
      isFirst = false
    }
    return false
  }

  /// `reference` made absolute against `base`; unchanged when `base` is nil or relative.
  static func resolve(_ reference: String, against base: String?) -> String {
    let reference = reference.trimmingWhitespace()
    guard let base, !base.isEmpty, !hasScheme(reference) else { return reference }
    let r = split(reference)
    let b = split(base)
    guard b.scheme != nil else { return reference }
    var target = Parts(scheme: b.scheme, path: "")
    if r.authority != nil {
      target.authority = r.authority
      target.path = Substring(removeDotSegments(String(r.path)))
      target.query = r.query
    } else {
      target.authority = b.authority
      if r.path.isEmpty {
        target.path = b.path
        target.query = r.query ?? b.query
      } else {
        if r.path.hasPrefix("/") {
          target.path = Substring(removeDotSegments(String(r.path)))
        } else {
          target.path = Substring(removeDotSegments(merge(base: b, path: r.path)))
        }
        target.query = r.query
      }
    }
    target.fragment = r.fragment
    return join(target)
  }

  private static func merge(base: Parts, path: Substring) -> String {
    if base.authority != nil && base.path.isEmpty { return "/" + path }
    if let slash = base.path.lastIndex(of: "/") { return String(base.path[...slash]) + path }
    return String(path)
  }

  static func removeDotSegments(_ path: String) -> String {
    guard path.contains(".") else { return path }
    var output: [Substring] = []
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    let absolute = path.hasPrefix("/")
    for (index, segment) in segments.enumerated() {
      if index == 0 && absolute { continue }
      let isLast = index == segments.count - 1
      switch segment {
      case ".": if isLast { output.append("") }
      case "..":
        if !output.isEmpty { output.removeLast() }
        if isLast { output.append("") }
      default: output.append(segment)
      }
    }
    return (absolute ? "/" : "") + output.joined(separator: "/")
  }

  private static func join(_ parts: Parts) -> String {
    var result = ""
    if let scheme = parts.scheme { result += scheme + ":" }
    if let authority = parts.authority { result += "//" + authority }
    result += parts.path
    if let query = parts.query { result += "?" + query }
    if let fragment = parts.fragment { result += "#" + fragment }
    return result
  }
}
