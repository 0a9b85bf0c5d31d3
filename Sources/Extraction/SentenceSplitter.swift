/// Splits text into sentences: at . ! ? (after any closing quotes or brackets) followed
/// by whitespace and a capital, digit or opening quote, and at line breaks that end a
/// paragraph. Titles, initials and acronyms ("Gen.", "J.", "U.S.") do not end sentences.
enum SentenceSplitter {
  /// As folded bytes, compared with a token's folded bytes (no String per period).
  private static let abbreviations: [[UInt8]] = [
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "sgt", "capt", "brig", "adm", "cmdr",
    "gov", "sen", "rep", "st", "jr", "sr", "prof", "rev", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft",
    "fig", "approx", "est", "pvt", "cpl", "hon", "amb", "messrs",
  ].map { Array($0.utf8) }

  static func split(_ text: TokenizedText) -> [TextSpan] {
    let s = text.scalars
    let n = s.count
    var spans: [TextSpan] = []
    var start = 0
    var tokenIndex = 0
    func close(at end: Int) {
      var a = start
      var b = end
      while a < b && CharacterClasses.isWhitespace(s[a]) { a += 1 }
      while b > a && CharacterClasses.isWhitespace(s[b - 1]) { b -= 1 }
      if b > a { spans.append(TextSpan(start: a, end: b)) }
      start = end
    }
    var i = 0
    while i < n {
      let c = s[i]
      // Letters and most other characters are above "?" (and no line break but U+2029 is).
      if c.value > 0x3F && c.value != 0x2029 {
        i += 1
        continue
      }
      if CharacterClasses.isNewline(c) {
        if endsParagraph(s, newlineAt: i) { close(at: i) }
        i += 1
        continue
      }
      guard c == "." || c == "!" || c == "?" else {
        i += 1
        continue
      }
      // Absorb repeated punctuation and closing quotes/brackets.
      var j = i + 1
      while j < n,
        s[j] == "." || s[j] == "!" || s[j] == "?" || s[j] == ")" || s[j] == "]"
          || s[j] == "’" || CharacterClasses.isQuoteMark(s[j]) && s[j] != "“"
      {
        j += 1
      }
      guard j < n, CharacterClasses.isWhitespace(s[j]) else {
        i = j
        continue
      }
      var k = j
      while k < n, CharacterClasses.isWhitespace(s[k]) { k += 1 }
      guard k < n else { break }
      let next = s[k]
      let startsSentence =
        CharacterClasses.isUppercase(next) || CharacterClasses.isDigit(next)
        || CharacterClasses.isQuoteMark(next) || next == "‘" || next == "("
      if startsSentence && (c != "." || !isAbbreviation(text, periodAt: i, tokenIndex: &tokenIndex))
      {
        close(at: j)
      }
      i = j
    }
    close(at: n)
    return spans
  }

  /// A line break ends a sentence when a blank line follows or the line ends like a sentence.
  private static func endsParagraph(_ s: [Unicode.Scalar], newlineAt i: Int) -> Bool {
    var k = i + 1
    while k < s.count, s[k] == " " || s[k] == "\t" || s[k] == "\r" { k += 1 }
    if k < s.count, CharacterClasses.isNewline(s[k]) { return true }
    var p = i - 1
    while p >= 0, CharacterClasses.isWhitespace(s[p]) { p -= 1 }
    guard p >= 0 else { return false }
    let last = s[p]
    if last == "." || last == "!" || last == "?" || last == ":" || last == "”" || last == "\""
      || last == "’" || last == ")"
    {
      return true
    }
    // A short line without final punctuation is a headline or a dateline.
    var lineStart = p
    while lineStart > 0, !CharacterClasses.isNewline(s[lineStart - 1]) { lineStart -= 1 }
    return p - lineStart < 200 && k < s.count && CharacterClasses.isUppercase(s[k])
  }

  /// The word before the period is a title, an initial or a dotted acronym.
  private static func isAbbreviation(_ text: TokenizedText, periodAt i: Int, tokenIndex: inout Int)
    -> Bool
  {
    let tokens = text.tokens
    while tokenIndex + 1 < tokens.count && tokens[tokenIndex + 1].start < i { tokenIndex += 1 }
    guard tokenIndex < tokens.count else { return false }
    let token = tokens[tokenIndex]
    guard token.end == i || (token.isAllCaps && token.end == i + 1 && text.scalars[i] == ".") else {
      return false
    }
    if token.end == i + 1 { return true }  // "U.S." keeps its period
    let length = token.end - token.start
    if length == 1 && token.isCapitalized { return true }
    let word = text.foldedBytes(tokenIndex)
    return abbreviations.contains { $0.count == word.count && $0.elementsEqual(word) }
  }
}
