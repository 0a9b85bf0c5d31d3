/// Finds quoted passages: text between “ ” or " " (mixed pairs too), and ‘ ’ in a
/// headline or nested inside another quote (“… ‘…’ …” is the outer quote, whole, plus
/// the nested one). A quote left open at the end of a paragraph ends there (the next paragraph
/// reopens it), so an unbalanced mark never swallows the rest of the article.
enum QuoteFinder {
  /// Inner spans of the quotes, in text order.
  static func find(_ scalars: [Unicode.Scalar], headline: TextSpan?) -> [TextSpan] {
    var spans: [TextSpan] = []
    var open: Int?
    var nestedOpen: Int?
    var i = 0
    let n = scalars.count
    func emit(_ start: Int, _ end: Int) {
      var a = start
      var b = end
      while b > a, CharacterClasses.isWhitespace(scalars[b - 1]) { b -= 1 }
      while a < b, CharacterClasses.isWhitespace(scalars[a]) { a += 1 }
      if b > a, scalars[a..<b].contains(where: CharacterClasses.isLetter) {
        spans.append(TextSpan(start: start, end: end))
      }
    }
    while i < n {
      let c = scalars[i]
      if let start = open {
        if c == "‘" || c == "'", nestedOpen == nil, i + 1 < n,
          CharacterClasses.isLetter(scalars[i + 1]),
          !CharacterClasses.isWordCharacter(scalars[i - 1])
        {
          nestedOpen = i
        } else if let nested = nestedOpen, c == "’" || c == "'", i > nested + 1,
          !CharacterClasses.isWhitespace(scalars[i - 1]),
          i + 1 >= n || !CharacterClasses.isLetter(scalars[i + 1])
        {
          emit(nested + 1, i)
          nestedOpen = nil
        }
        if CharacterClasses.isNewline(c) {
          var end = i
          while end > start + 1, CharacterClasses.isWhitespace(scalars[end - 1]) { end -= 1 }
          emit(start + 1, end)
          open = nil
          nestedOpen = nil
        } else if c == "”" || c == "\"" || c == "»"
          || (c == "“" && isClosingStraightLike(scalars, i))
        {
          emit(start + 1, i)
          open = nil
          nestedOpen = nil
        }
      } else if c == "“" || c == "„" || c == "«" {
        open = i
      } else if c == "\"" {
        // A straight mark opens when it is not glued to a word on its left.
        if i == 0 || !CharacterClasses.isWordCharacter(scalars[i - 1]) { open = i }
      }
      i += 1
    }
    if let headline { spans += headlineQuotes(scalars, headline) }
    // A nested quote in a headline is found both ways: keep it once.
    return Set(spans).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
  }

  /// A “ used as a closing mark: glued to the previous word and followed by a space or punctuation.
  private static func isClosingStraightLike(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
    guard i > 0, !CharacterClasses.isWhitespace(s[i - 1]) else { return false }
    return i + 1 >= s.count || !CharacterClasses.isWordCharacter(s[i + 1])
  }

  /// ‘…’ in a headline: the opening mark follows a space or the start, the closing one
  /// is followed by a non-letter (so "Iraq’s" is an apostrophe).
  private static func headlineQuotes(_ s: [Unicode.Scalar], _ headline: TextSpan) -> [TextSpan] {
    var spans: [TextSpan] = []
    var open: Int?
    var i = headline.start
    while i < headline.end {
      let c = s[i]
      if open == nil, c == "‘" || c == "'",
        i == headline.start || !CharacterClasses.isWordCharacter(s[i - 1])
      {
        open = i
      } else if let start = open, c == "’" || c == "'",
        i + 1 >= s.count || !CharacterClasses.isLetter(s[i + 1]), i > start + 1
      {
        spans.append(TextSpan(start: start + 1, end: i))
        open = nil
      }
      i += 1
    }
    return spans
  }
}
