/// Finds known names (watch-list entries and gazetteer entries) in a text, in names mode:
/// "Kata'ib Hizballah" finds "Kataib Hezbollah", "as-Sadr" finds "al-Sadr". A hit whose
/// first word is lowercase only counts when it matches the name without transliteration
/// folding, so "homes" never passes for "Hamas".
struct NameMatcher: Sendable {
  struct Name: Sendable {
    var canonical: String
    var type: EntityType
    var watched: Bool
    /// Index of the entry the name belongs to, shared by all its aliases.
    var entry: Int
    /// Written in lowercase in the source list (e.g. a demonym like "shia" is always valid).
    var plainKey: [UInt8]
  }

  struct Hit: Sendable {
    var name: Int
    var firstToken: Int
    var lastToken: Int
  }

  let names: [Name]
  private let matcher: TermMatcher

  init(names: [Name], phrases: [String]) {
    self.names = names
    matcher = TermMatcher(terms: phrases, mode: .names)
  }

  static func plainKey(_ phrase: String) -> [UInt8] {
    var key: [UInt8] = []
    let text = Tokenizer.tokenize(phrase)
    appendPlainKey(text, tokens: 0..<text.tokens.count, into: &key)
    return key
  }

  static func appendPlainKey(_ text: TokenizedText, tokens: Range<Int>, into key: inout [UInt8]) {
    for index in tokens
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      Stemmer.stem(text.foldedBytes(index), into: &key)
    }
  }

  func matches(in text: TokenizedText, stream: MatchStream) -> [Hit] {
    var hits: [Hit] = []
    var key: [UInt8] = []
    for hit in matcher.matches(in: stream) {
      if !text.tokens[hit.firstToken].isCapitalized {
        key.removeAll(keepingCapacity: true)
        NameMatcher.appendPlainKey(text, tokens: hit.firstToken..<(hit.lastToken + 1), into: &key)
        guard key == names[hit.term].plainKey else { continue }
      }
      hits.append(Hit(name: hit.term, firstToken: hit.firstToken, lastToken: hit.lastToken))
    }
    return hits
  }
}
