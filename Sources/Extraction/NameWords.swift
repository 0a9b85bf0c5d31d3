/// Capitalised words inside a name in running text: "Strike" in "Strike Commander" (a
/// game) or "Attack" in "Attack on Titan" names a thing, it does not report an attack.
enum NameWords {
  /// Whether the hit is capitalised mid-sentence next to another capitalised word, in a
  /// sentence that is not in title case (where every word is capitalised anyway).
  static func isInsideName(
    _ text: TokenizedText, first: Int, last: Int, sentences: [TextSpan], sentenceOfToken: [Int]
  ) -> Bool {
    let tokens = text.tokens
    guard tokens[first].isCapitalized, !tokens[first].isAllCaps, !sentences.isEmpty else {
      return false
    }
    let sentence = sentenceOfToken[first]
    guard first > 0, sentenceOfToken[first - 1] == sentence else { return false }
    let before = first - 1
    let after = last + 1
    let joinedBefore =
      tokens[first].softBefore && tokens[before].isCapitalized
      && sentenceStart(before, sentenceOfToken) != before
    let joinedAfter =
      after < tokens.count && sentenceOfToken[after] == sentence && tokens[after].softBefore
      && tokens[after].isCapitalized
    guard joinedBefore || joinedAfter else { return false }
    return !isTitleCase(text, sentence: sentence, sentenceOfToken: sentenceOfToken, around: first)
  }

  private static func sentenceStart(_ token: Int, _ sentenceOfToken: [Int]) -> Int {
    var k = token
    while k > 0, sentenceOfToken[k - 1] == sentenceOfToken[token] { k -= 1 }
    return k
  }

  /// Most words of the sentence capitalised: a headline.
  private static func isTitleCase(
    _ text: TokenizedText, sentence: Int, sentenceOfToken: [Int], around token: Int
  ) -> Bool {
    var capitalised = 0
    var words = 0
    var k = sentenceStart(token, sentenceOfToken)
    while k < text.tokens.count, sentenceOfToken[k] == sentence {
      if text.tokens[k].hasLetter {
        words += 1
        if text.tokens[k].isCapitalized { capitalised += 1 }
      }
      k += 1
    }
    return words >= 3 && capitalised * 10 >= words * 6
  }
}
