/// What an element's class and id say about its role, by the word lists readers have used
/// for years (Arc90 Readability and its successors): names of page furniture, of story
/// containers, of bylines and share widgets. Matching is on lowercased substrings, as theirs.
struct ClassHints: Equatable {
  var weight: Int16 = 0
  var flags: NodeFlags = []
  var classKey: UInt32 = 0

  private static let unlikely = words(
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
    "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
    "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "cookie", "consent",
    "newsletter", "paywall", "subscribe")
  private static let maybeCandidate = words(
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow")
  private static let positive = words(
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
    "post", "text", "blog", "story")
  private static let negative = words(
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "cookie", "consent",
    "newsletter", "caption", "credit")
  private static let byline = words("byline", "author", "dateline", "writtenby", "p-author")
  private static let caption = words("caption", "credit", "figcaption")

  /// `classBytes` and `idBytes` lowercased.
  init(classBytes: [UInt8], idBytes: [UInt8]) {
    weight = Self.weight(of: classBytes) + Self.weight(of: idBytes)
    if !classBytes.isEmpty {
      classKey = classBytes.reduce(2_166_136_261) { ($0 ^ UInt32($1)) &* 16_777_619 } | 1
    }
    var both = classBytes
    both.append(0x20)
    both += idBytes
    if Self.containsAny(both, Self.unlikely) && !Self.containsAny(both, Self.maybeCandidate) {
      flags.insert(.unlikely)
    }
    if Self.containsAny(both, Self.byline) { flags.insert(.bylineHint) }
    if Self.containsWord(both, "share") || Self.containsWord(both, "sharedaddy") {
      flags.insert(.shareHint)
    }
    if Self.containsAny(both, Self.caption) { flags.insert(.captionHint) }
  }

  private static func weight(of name: [UInt8]) -> Int16 {
    guard !name.isEmpty else { return 0 }
    var weight: Int16 = 0
    if containsAny(name, negative) || containsToken(name, "hid") { weight -= 25 }
    if containsAny(name, positive) { weight += 25 }
    return weight
  }

  private static func words(_ list: StaticString...) -> WordList {
    WordList(
      list.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) })
  }

  private static func containsAny(_ haystack: [UInt8], _ words: WordList) -> Bool {
    words.occurs(in: haystack)
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard needle.count <= haystack.count, let first = needle.first else { return nil }
    var index = start
    let last = haystack.count - needle.count
    while index <= last {
      if haystack[index] == first {
        var matched = 1
        while matched < needle.count && haystack[index + matched] == needle[matched] {
          matched += 1
        }
        if matched == needle.count { return index }
      }
      index += 1
    }
    return nil
  }

  /// `word` with no letter or digit right before or after it (`_` counts as a separator).
  private static func containsWord(_ haystack: [UInt8], _ word: StaticString) -> Bool {
    let needle = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    var from = 0
    while let at = find(needle, in: haystack, from: from) {
      let end = at + needle.count
      if (at == 0 || !isAlphanumeric(haystack[at - 1]))
        && (end == haystack.count || !isAlphanumeric(haystack[end]))
      {
        return true
      }
      from = at + 1
    }
    return false
  }

  /// `word` as a whole space-separated token.
  private static func containsToken(_ haystack: [UInt8], _ word: StaticString) -> Bool {
    let needle = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    var from = 0
    while let at = find(needle, in: haystack, from: from) {
      let end = at + needle.count
      if (at == 0 || haystack[at - 1] == 0x20) && (end == haystack.count || haystack[end] == 0x20) {
        return true
      }
      from = at + 1
    }
    return false
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
  }
}

/// Words to look for in a class name, indexed by their first byte: one pass over the name.
private struct WordList {
  private var byFirstByte = [[[UInt8]]](repeating: [], count: 256)

  init(_ words: [[UInt8]]) {
    for word in words { byFirstByte[Int(word[0])].append(word) }
  }

  func occurs(in haystack: [UInt8]) -> Bool {
    haystack.withUnsafeBufferPointer { text in
      for start in 0..<text.count {
        for word in byFirstByte[Int(text[start])] where start + word.count <= text.count {
          var matched = 1
          while matched < word.count && text[start + matched] == word[matched] { matched += 1 }
          if matched == word.count { return true }
        }
      }
      return false
    }
  }
}
