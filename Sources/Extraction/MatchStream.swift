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
  /// The token of a key's first and of its last byte (a hit starts and ends on these;
  /// the bytes between are not written).
  var tokenAtKeyEdge: [Int32] = []
  var boundary: [Bool] = []
  /// Each token's key in `bytes` (empty for dropped articles).
  var keyRanges: [Range<Int>] = []

  init(_ text: TokenizedText, mode: MatchMode) {
    let tokens = text.tokens
    // A key is at most its token's folded or stemmed bytes plus one (an irregular stem
    // may be a byte longer: "shot" → "shoot"), and a separator precedes it at most.
    let capacity = max(text.folded.count, text.stems.count) + 2 * tokens.count
    var length = 0
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(tokens.count)
    var owner = [Int32](repeating: -1, count: capacity)
    var edges = [Bool](repeating: false, count: capacity + 1)
    let written = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
      owner.withUnsafeMutableBufferPointer { owner in
        edges.withUnsafeMutableBufferPointer { edges in
          // Raw views of the token data: no reference counting per token.
          text.folded.withUnsafeBufferPointer { folded in
            text.stems.withUnsafeBufferPointer { stems in
              text.stemRanges.withUnsafeBufferPointer { stemRanges in
                tokens.withUnsafeBufferPointer { tokens in
                  for index in tokens.indices {
                    let token = tokens[index]
                    if index > 0 && !token.softBefore {
                      // Punctuation: a 0 byte no term crosses, and a word boundary.
                      out[length] = 0
                      edges[length] = true
                      length += 1
                    }
                    let start = length
                    length = MatchStream.writeKey(
                      of: text, token: index, mode: mode,
                      folded: UnsafeBufferPointer(
                        rebasing: folded[token.foldedStart..<token.foldedEnd]),
                      stem: UnsafeBufferPointer(rebasing: stems[stemRanges[index]]),
                      into: out, at: start)
                    if length > start {
                      edges[start] = true
                      owner[start] = Int32(index)
                      owner[length - 1] = Int32(index)
                    }
                    ranges.append(start..<length)
                  }
                }
              }
            }
          }
          edges[length] = true
        }
      }
      count = length
    }
    bytes = written
    owner.removeLast(capacity - length)
    edges.removeLast(capacity - length)
    tokenAtKeyEdge = owner
    boundary = edges
    keyRanges = ranges
  }

  func key(ofToken index: Int) -> ArraySlice<UInt8> {
    bytes[keyRanges[index]]
  }

  /// The key bytes of one token in `mode` (empty for dropped articles).
  static func key(
    of text: TokenizedText, token index: Int, mode: MatchMode, into out: inout [UInt8]
  ) {
    let start = out.count
    let room = max(text.foldedBytes(index).count, text.stem(index).count)
    out.append(contentsOf: repeatElement(0, count: room))
    let folded = text.foldedBytes(index)
    let stem = text.stem(index)
    let end = out.withUnsafeMutableBufferPointer { buffer in
      folded.withUnsafeBufferPointer { folded in
        stem.withUnsafeBufferPointer { stem in
          writeKey(
            of: text, token: index, mode: mode, folded: folded, stem: stem, into: buffer,
            at: start)
        }
      }
    }
    out.removeLast(out.count - end)
  }

  /// Writes the key of one token (its `folded` bytes and `stem`) at `start` and returns
  /// where it ends.
  @inline(__always)
  private static func writeKey(
    of text: TokenizedText, token index: Int, mode: MatchMode,
    folded: UnsafeBufferPointer<UInt8>, stem: UnsafeBufferPointer<UInt8>,
    into out: UnsafeMutableBufferPointer<UInt8>, at start: Int
  ) -> Int {
    switch mode {
    case .words:
      return copy(stem, into: out, at: start)
    case .names:
      // Length and first letters tested here, before the article tests slice the text.
      if folded.count >= 2 && folded.count <= 3,
        isArticle(text.foldedBytes(index), text: text, index: index)
      {
        return start
      }
      // Acronyms are spelled exactly: folding would make "US" and "IS" one key.
      if text.tokens[index].isAllCaps && folded.count <= 4 {
        return copy(folded, into: out, at: start)
      }
      let glued =
        folded.count >= 5 && folded[0] == UInt8(ascii: "a") && folded[1] == UInt8(ascii: "l")
        ? gluedArticle(text, index) : 0
      return foldTransliteration(
        UnsafeBufferPointer(rebasing: stem[min(glued, stem.count)...]), into: out, at: start)
    }
  }

  /// The length of an article glued to a name ("alSadr", "Alsadr" → "Sadr"), or 0. A
  /// word that is itself English ("also", "alert") keeps its letters.
  static func gluedArticle(_ text: TokenizedText, _ index: Int) -> Int {
    let word = text.foldedBytes(index)
    guard word.count >= 5, word[word.startIndex] == UInt8(ascii: "a"),
      word[word.startIndex + 1] == UInt8(ascii: "l"), !text.tokens[index].isAllCaps,
      !WordClass.dictionaryClasses(word).contains(.common)
    else { return 0 }
    return 2
  }

  @inline(__always)
  private static func copy(
    _ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int
  ) -> Int {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return start }
    (out.baseAddress! + start).update(from: source, count: bytes.count)
    return start + bytes.count
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
  /// letter; "ou"/"oo"/"ee" are vowel runs and so collapse too. Returns the end. Written
  /// without branches on the letters (selects instead), which a processor cannot predict.
  private static func foldTransliteration(
    _ w: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int
  ) -> Int {
    // Bits of e, i, o, u counted from "a".
    let vowels: UInt32 = 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20
    var last: UInt8 = 0
    var k = start
    for (i, b) in w.enumerated() {
      let letter = UInt32(b) &- UInt32(UInt8(ascii: "a"))
      var c = b
      c = letter < 26 && (vowels >> letter) & 1 != 0 ? UInt8(ascii: "a") : c
      c = b == UInt8(ascii: "z") ? UInt8(ascii: "s") : c
      c = b == UInt8(ascii: "q") && i > 0 ? UInt8(ascii: "k") : c
      // Always written; the end only moves past a letter unlike the one before.
      out[k] = c
      k &+= c != last ? 1 : 0
      last = c
    }
    return k
  }
}
