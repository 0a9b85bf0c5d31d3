import TextTrimming

/// RFC 3986 reference resolution on strings (no percent-decoding, no normalisation
/// beyond dot segments), so links come out as the feed wrote them, made absolute.
package enum URLResolver {
  package struct Parts {
    package var scheme: Substring?
    package var authority: Substring?
    package var path: Substring
    package var query: Substring?
    package var fragment: Substring?
  }

  // Every delimiter is ASCII, so the references are cut at UTF-8 positions (always on a
  // character boundary there): walking them as Characters cost more than the rest of a parse.

  package static func split(_ reference: String) -> Parts {
    var rest = Substring(reference)
    var parts = Parts(path: "")
    if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
      parts.fragment = rest[rest.utf8.index(after: hash)...]
      rest = rest[..<hash]
    }
    if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
      parts.query = rest[rest.utf8.index(after: question)...]
      rest = rest[..<question]
    }
    if let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")), isScheme(rest.utf8[..<colon]) {
      parts.scheme = rest[..<colon]
      rest = rest[rest.utf8.index(after: colon)...]
    }
    if rest.utf8.starts(with: "//".utf8) {
      let afterSlashes = rest.utf8.index(rest.startIndex, offsetBy: 2)
      let end = rest.utf8[afterSlashes...].firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
      parts.authority = rest[afterSlashes..<end]
      rest = rest[end...]
    }
    parts.path = rest
    return parts
  }

  private static func isScheme(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
    guard let first = bytes.first, isASCIILetter(first) else { return false }
    return bytes.allSatisfy {
      isASCIILetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
    }
  }

  private static func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
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
  package static func resolve(_ reference: String, against base: String?) -> String {
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
    if let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) {
      return String(base.path[...slash]) + path
    }
    return String(path)
  }

  static func removeDotSegments(_ path: String) -> String {
    guard hasDotSegment(path) else { return path }
    var output: [Substring] = []
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
      .map { Substring($0) }
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

  /// Whether a segment of `path` starts with "." (only those can be "." or "..").
  private static func hasDotSegment(_ path: String) -> Bool {
    var previous = UInt8(ascii: "/")
    for byte in path.utf8 {
      if byte == UInt8(ascii: ".") && previous == UInt8(ascii: "/") { return true }
      previous = byte
    }
    return false
  }

  private static func join(_ parts: Parts) -> String {
    var result = ""
    result.reserveCapacity(
      (parts.scheme?.utf8.count ?? 0) + (parts.authority?.utf8.count ?? 0) + parts.path.utf8.count
        + (parts.query?.utf8.count ?? 0) + (parts.fragment?.utf8.count ?? 0) + 5)
    if let scheme = parts.scheme {
      result.append(contentsOf: scheme)
      result.append(":")
    }
    if let authority = parts.authority {
      result.append("//")
      result.append(contentsOf: authority)
    }
    result.append(contentsOf: parts.path)
    if let query = parts.query {
      result.append("?")
      result.append(contentsOf: query)
    }
    if let fragment = parts.fragment {
      result.append("#")
      result.append(contentsOf: fragment)
    }
    return result
  }
}
