/// How tokens are projected into the byte stream the term matcher runs over.
enum MatchMode: Sendable {
  /// Stems; for topics and keywords.
  case words
  /// Stems, drops Arabic articles (al-, as-, el-) and folds transliteration variants
  /// (Hezbollah/Hizballah, Kataib/Kata'ib, Mobilisation/Mobilization); for names.
  case names
}

/// The normalised text as one byte string: each token's key, nothing between tokens
/// joined by whitespace or a hyphen (so "pull out", "pull-out" and "pullout" are the
/// same bytes), and a 0 byte where punctuation separates tokens. `boundary[k]` says a
/// whole word may start or end at byte k.
struct MatchStream {
  var bytes: [UInt8] = []
  var tokenOfByte: [Int32] = []
  var boundary: [Bool] = []
  /// Each token's key in `bytes` (empty for dropped articles).
  var keyRanges: [Range<Int>] = []

  init(_ text: TokenizedText, mode: MatchMode) {
    let tokens = text.tokens
    bytes.reserveCapacity(text.stems.count + tokens.count)
    keyRanges.reserveCapacity(tokens.count)
    for index in tokens.indices {
      if index > 0 && !tokens[index].softBefore { bytes.append(0) }
      let start = bytes.count
      MatchStream.key(of: text, token: index, mode: mode, into: &bytes)
      keyRanges.append(start..<bytes.count)
    }
    // Separators and key starts are word boundaries, and so is the end.
    var owner = [Int32](repeating: -1, count: bytes.count)
    var edges = [Bool](repeating: false, count: bytes.count + 1)
    for (index, range) in keyRanges.enumerated() where !range.isEmpty {
      edges[range.lowerBound] = true
      for k in range { owner[k] = Int32(index) }
    }
    for k in bytes.indices where bytes[k] == 0 && owner[k] < 0 { edges[k] = true }
    edges[bytes.count] = true
    tokenOfByte = owner
    boundary = edges
  }

  func key(ofToken index: Int) -> ArraySlice<UInt8> {
    bytes[keyRanges[index]]
  }

  /// The key bytes of one token in `mode` (empty for dropped articles).
  static func key(
    of text: TokenizedText, token index: Int, mode: MatchMode, into out: inout [UInt8]
  ) {
    switch mode {
    case .words:
      out.append(contentsOf: text.stem(index))
    case .names:
      let word = text.foldedBytes(index)
      if isArticle(word, text: text, index: index) { return }
      // Acronyms are spelled exactly: folding would make "US" and "IS" one key.
      if text.tokens[index].isAllCaps && word.count <= 4 {
        out.append(contentsOf: word)
        return
      }
      foldTransliteration(text.stem(index), into: &out)
    }
  }

  /// "al", "el", "ul" anywhere; the assimilated "as-", "ash-", "ad-"… only before a hyphen.
  static func isArticle(_ word: ArraySlice<UInt8>, text: TokenizedText, index: Int) -> Bool {
    guard index + 1 < text.tokens.count, word.count >= 2, word.count <= 3 else { return false }
    let first = word[word.startIndex]
    let second = word[word.startIndex + 1]
    if word.count == 2, second == UInt8(ascii: "l"),
      first == UInt8(ascii: "a") || first == UInt8(ascii: "e") || first == UInt8(ascii: "u")
    {
      return true
    }
    guard text.tokens[index + 1].hyphenBefore else { return false }
    return assimilatedArticles.contains(String(decoding: word, as: UTF8.self))
  }

  private static let assimilatedArticles: Set<String> = [
    "as", "ash", "ad", "an", "ar", "at", "az", "ath", "adh", "es", "et", "ed", "ez", "en", "er",
  ]

  /// Vowels become one class and doubled letters collapse; z → s, q → k after the first
  /// letter; "ou"/"oo"/"ee" are vowel runs and so collapse too.
  static func foldTransliteration(_ w: ArraySlice<UInt8>, into out: inout [UInt8]) {
    var last: UInt8 = 0
    for (k, b) in w.enumerated() {
      var c = b
      switch c {
      case UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"):
        c = UInt8(ascii: "a")
      case UInt8(ascii: "z"): c = UInt8(ascii: "s")
      case UInt8(ascii: "q") where k > 0: c = UInt8(ascii: "k")
      default: break
      }
      if c == last { continue }
      out.append(c)
      last = c
    }
  }
}
