/// One word of the text: letters/digits with internal apostrophes, split at hyphens,
/// with a trailing possessive "'s" left out of the span.
struct Token: Sendable {
  /// Scalar offsets of the surface word (possessive excluded), end-exclusive.
  var start: Int
  var end: Int
  /// Range of this token's folded lowercase bytes in `TokenizedText.folded`.
  var foldedStart: Int
  var foldedEnd: Int
  /// The word was followed by "'s" or "s'".
  var possessive: Bool = false
  /// A hyphen joins this token to the previous one ("Iran-backed", "al-Sadr").
  var hyphenBefore: Bool = false
  /// Only whitespace separates this token from the previous one (no punctuation).
  var softBefore: Bool = true
  var isCapitalized: Bool = false
  var isAllCaps: Bool = false
  var isNumeric: Bool = false
  var hasLetter: Bool = false
}

/// A text cut into tokens, with each token's case- and accent-folded bytes.
struct TokenizedText: Sendable {
  let scalars: [Unicode.Scalar]
  var tokens: [Token] = []
  var folded: [UInt8] = []

  func foldedBytes(_ index: Int) -> ArraySlice<UInt8> {
    folded[tokens[index].foldedStart..<tokens[index].foldedEnd]
  }

  func foldedString(_ index: Int) -> String {
    String(decoding: foldedBytes(index), as: UTF8.self)
  }

  func surface(_ index: Int) -> String {
    text(tokens[index].start, tokens[index].end)
  }

  func text(_ start: Int, _ end: Int) -> String {
    var s = String()
    s.unicodeScalars.append(contentsOf: scalars[start..<end])
    return s
  }
}
