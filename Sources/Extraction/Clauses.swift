/// Cuts sentences into clauses at `; : — ( ) [ ]` and commas: a topic's context governs
/// a term only inside one clause ("the army said on Monday, as stocks fell, that it
/// would cut…" keeps "army" away from "cut").
enum Clauses {
  /// The clause number of every token, increasing through the text.
  static func ofTokens(_ text: TokenizedText, sentenceOfToken: [Int]) -> [Int32] {
    var result = [Int32](repeating: 0, count: text.tokens.count)
    var clause: Int32 = 0
    for index in text.tokens.indices where index > 0 {
      let token = text.tokens[index]
      if sentenceOfToken[index] != sentenceOfToken[index - 1]
        || (!token.softBefore
          && breaksClause(text, from: text.tokens[index - 1].end, to: token.start))
      {
        clause += 1
      }
      result[index] = clause
    }
    return result
  }

  private static func breaksClause(_ text: TokenizedText, from start: Int, to end: Int) -> Bool {
    for k in start..<end {
      switch text.scalars[k] {
      case ";", ":", ",", "—", "(", ")", "[", "]", "|", "•", "\n": return true
      default: continue
      }
    }
    return false
  }
}
