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

/// A text cut into tokens, with each token's case- and accent-folded bytes and its stem.
struct TokenizedText: Sendable {
  let scalars: [Unicode.Scalar]
  /// The text's UTF-8 and, per scalar (plus one past the end), its UTF-8 offset: cuts
  /// substrings without walking scalars.
  let utf8: [UInt8]
  let utf8Offsets: [Int32]
  var tokens: [Token] = []
  var folded: [UInt8] = []
  /// Stems of all tokens, back to back; `stemRanges[i]` is token i's.
  var stems: [UInt8] = []
  var stemRanges: [Range<Int>] = []

  init(scalars: [Unicode.Scalar], utf8: [UInt8], utf8Offsets: [Int32]) {
    self.scalars = scalars
    self.utf8 = utf8
    self.utf8Offsets = utf8Offsets
  }

  func foldedBytes(_ index: Int) -> ArraySlice<UInt8> {
    folded[tokens[index].foldedStart..<tokens[index].foldedEnd]
  }

  func stem(_ index: Int) -> ArraySlice<UInt8> {
    stems[stemRanges[index]]
  }

  func foldedString(_ index: Int) -> String {
    String(decoding: foldedBytes(index), as: UTF8.self)
  }

  func surface(_ index: Int) -> String {
    text(tokens[index].start, tokens[index].end)
  }

  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: utf8[Int(utf8Offsets[start])..<Int(utf8Offsets[end])], as: UTF8.self)
  }

  /// Whether the characters between two tokens include `mark` (e.g. a comma).
  func gap(between left: Int, and right: Int, contains mark: Unicode.Scalar) -> Bool {
    guard left >= 0, right < tokens.count else { return false }
    return scalars[tokens[left].end..<tokens[right].start].contains(mark)
  }
}
