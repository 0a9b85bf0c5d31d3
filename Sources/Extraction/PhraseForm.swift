/// How a topic phrase was written, for the checks the stemmed automaton cannot make: a
/// one-word term ("turnout") never matches two words ("turns out"), and a context phrase
/// matches only as written or in the plural ("base", "bases", never "based").
struct PhraseForm: Sendable {
  /// Folded words of the phrase.
  private let words: [[UInt8]]
  /// Written as one word (hyphens allowed: "pull-out").
  let isOneWord: Bool

  init(_ phrase: String) {
    let text = Tokenizer.tokenize(phrase)
    words = text.tokens.indices.map { Array(text.foldedBytes($0)) }
    isOneWord = text.tokens.dropFirst().allSatisfy(\.hyphenBefore)
  }

  /// A one-word phrase found across words joined by spaces is not the phrase.
  func spansSeparateWords(_ text: TokenizedText, first: Int, last: Int) -> Bool {
    isOneWord && first < last && !text.tokens[(first + 1)...last].allSatisfy(\.hyphenBefore)
  }

  /// Tokens `first...last` spell the phrase, its last word perhaps in the plural.
  func isWritten(in text: TokenizedText, first: Int, last: Int) -> Bool {
    guard last - first + 1 == words.count else { return false }
    for (offset, word) in words.enumerated() {
      let surface = text.foldedBytes(first + offset)
      if surface.elementsEqual(word) { continue }
      guard offset == words.count - 1, PhraseForm.isPlural(surface, of: word) else {
        return false
      }
    }
    return true
  }

  private static func isPlural(_ surface: ArraySlice<UInt8>, of word: [UInt8]) -> Bool {
    let s = UInt8(ascii: "s")
    if surface.count == word.count + 1 { return surface.last == s && surface.starts(with: word) }
    guard surface.count == word.count + 2 else { return false }
    // "bus" → "buses"; "army" → "armies".
    return surface.starts(with: word) && surface.suffix(2).elementsEqual("es".utf8)
      || word.last == UInt8(ascii: "y") && surface.starts(with: word.dropLast())
        && surface.suffix(3).elementsEqual("ies".utf8)
  }
}
