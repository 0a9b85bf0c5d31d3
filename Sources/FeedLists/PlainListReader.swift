/// A plain feed list: one URL a line; blank lines and everything after a `#` that starts a
/// line or follows whitespace are comments.
enum PlainListReader {
  static func read(_ bytes: [UInt8]) -> FeedList {
    var list = FeedList(format: .plain)
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    // Split on "\n" alone, so a "\r\n" file keeps its line numbers ("\r\n" is one Character).
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let words = withoutComment(rawLine).split(whereSeparator: \.isWhitespace)
      guard let first = words.first else { continue }
      let line = index + 1
      guard words.count == 1 else {
        let shown = rawLine.split(whereSeparator: \.isNewline).first ?? rawLine
        list.skipped.append(
          SkippedEntry(line: line, reason: .notOneURL(line: String(shown).trimmedLine)))
        continue
      }
      let url = String(first)
      if let problem = WebURL.problem(url) {
        list.skipped.append(SkippedEntry(line: line, reason: problem))
      } else {
        list.entries.append(FeedListEntry(url: url, title: nil, tags: [], line: line))
      }
    }
    return list
  }

  /// The line up to a `#` at its start or after whitespace (a URL's own `#fragment` stays).
  private static func withoutComment(_ line: Substring) -> Substring {
    var previous: Character = " "
    for index in line.indices {
      if line[index] == "#" && previous.isWhitespace { return line[..<index] }
      previous = line[index]
    }
    return line
  }
}

extension String {
  fileprivate var trimmedLine: String {
    split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
