/// `reference` made absolute against `base` (RFC 3986 §5.2, enough for links in pages:
/// scheme-relative, absolute-path and relative-path references, dot segments removed).
func resolveURL(_ reference: String, against base: String?) -> String {
  let reference = reference.trimmed
  if hasScheme(reference) { return reference }
  guard let base, hasScheme(base), let schemeEnd = base.firstRange(of: "://") else {
    return reference
  }
  let scheme = base[..<schemeEnd.lowerBound]
  if reference.hasPrefix("//") { return "\(scheme):\(reference)" }
  let afterScheme = base[schemeEnd.upperBound...]
  let authorityEnd =
    afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
  let origin = base[..<authorityEnd]
  var path = String(afterScheme[authorityEnd...].prefix { $0 != "?" && $0 != "#" })
  if path.isEmpty { path = "/" }
  if reference.isEmpty { return base }
  if reference.hasPrefix("#") || reference.hasPrefix("?") {
    return "\(origin)\(path)\(reference)"
  }
  let joined: String
  if reference.hasPrefix("/") {
    joined = reference
  } else {
    joined = String(path[...(path.lastIndex(of: "/") ?? path.startIndex)]) + reference
  }
  return "\(origin)\(removingDotSegments(joined))"
}

private func hasScheme(_ text: String) -> Bool {
  guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
  return text[..<colon].allSatisfy {
    $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0))
  }
    && text[text.startIndex].isLetter
}

private func removingDotSegments(_ path: String) -> String {
  let suffixStart = path.firstIndex { $0 == "?" || $0 == "#" } ?? path.endIndex
  var output: [Substring] = []
  let segments = path[..<suffixStart].split(separator: "/", omittingEmptySubsequences: false)
  for (index, segment) in segments.enumerated() {
    let isLast = index == segments.count - 1
    if segment == "." {
      if isLast { output.append("") }
    } else if segment == ".." {
      if output.count > 1 { output.removeLast() }
      if isLast { output.append("") }
    } else {
      output.append(segment)
    }
  }
  return output.joined(separator: "/") + path[suffixStart...]
}
