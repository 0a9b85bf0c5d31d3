/// Finds known names (watch-list entries and gazetteer entries) in a text, in names mode:
/// "Kata'ib Hizballah" finds "Kataib Hezbollah", "as-Sadr" finds "al-Sadr". A hit whose
/// first word is lowercase only counts when it matches the name without transliteration
/// folding, so "homes" never passes for "Hamas"; an acronym only matches in capitals.
struct NameMatcher: Sendable {
  struct Name: Sendable {
    var canonical: String
    var type: EntityType
    var watched: Bool
    /// Index of the entry the name belongs to, shared by all its aliases.
    var entry: Int
    /// Stemmed key without transliteration folding, for lowercase hits.
    var plainKey: [UInt8]
    /// Folded spelling without stemming.
    var surfaceKey: [UInt8]
    /// Names-mode key (transliteration-folded), to link spellings of one entity.
    var foldedKey: [UInt8]
    /// The phrase is an acronym ("PMF", "US"): the text must be in capitals too.
    var acronym: Bool
    /// Gazetteer names need a capital; the user's watch list also matches lowercase.
    var requiresCapital: Bool

    init(
      canonical: String, type: EntityType, watched: Bool, entry: Int, phrase: String,
      requiresCapital: Bool
    ) {
      self.canonical = canonical
      self.type = type
      self.watched = watched
      self.entry = entry
      self.plainKey = NameMatcher.plainKey(phrase)
      self.surfaceKey = NameMatcher.surfaceKey(phrase)
      var folded: [UInt8] = []
      TermMatcher.normalise(phrase, mode: .names, into: &folded)
      self.foldedKey = folded
      let letters = phrase.unicodeScalars.filter { CharacterClasses.isLetter($0) }
      self.acronym =
        letters.count >= 2 && letters.count <= 4
        && letters.allSatisfy { CharacterClasses.isUppercase($0) }
      self.requiresCapital = requiresCapital
    }
  }

  struct Hit: Sendable {
    var name: Int
    var firstToken: Int
    var lastToken: Int
    /// 2: spelled as in the list; 1: the same stems ("Houthis" for "Houthi"); 0: only
    /// through transliteration folding ("Sanaa" folds like "Sunni", "Hamas" stems like "Hama").
    var exactness: Int
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

  static func surfaceKey(_ phrase: String) -> [UInt8] {
    var key: [UInt8] = []
    let text = Tokenizer.tokenize(phrase)
    appendSurfaceKey(text, tokens: 0..<text.tokens.count, into: &key)
    return key
  }

  static func appendSurfaceKey(_ text: TokenizedText, tokens: Range<Int>, into key: inout [UInt8]) {
    for index in tokens
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      key.append(contentsOf: text.foldedBytes(index))
    }
  }

  static func appendPlainKey(_ text: TokenizedText, tokens: Range<Int>, into key: inout [UInt8]) {
    for index in tokens
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      key.append(contentsOf: text.stem(index))
    }
  }

  func matches(in text: TokenizedText, stream: MatchStream) -> [Hit] {
    var hits: [Hit] = []
    var key: [UInt8] = []
    for hit in matcher.matches(in: stream) {
      let name = names[hit.term]
      let tokens = hit.firstToken...hit.lastToken
      if name.acronym {
        guard tokens.allSatisfy({ text.tokens[$0].isAllCaps || !text.tokens[$0].hasLetter }) else {
          continue
        }
      } else if !text.tokens[hit.firstToken].isCapitalized {
        if name.requiresCapital { continue }
        key.removeAll(keepingCapacity: true)
        NameMatcher.appendPlainKey(text, tokens: hit.firstToken..<(hit.lastToken + 1), into: &key)
        guard key == name.plainKey else { continue }
      } else if name.requiresCapital {
        // A gazetteer name reached only through transliteration folding must not be
        // an English word in disguise ("Minister" is not "Monastir").
        key.removeAll(keepingCapacity: true)
        NameMatcher.appendPlainKey(text, tokens: hit.firstToken..<(hit.lastToken + 1), into: &key)
        if key != name.plainKey
          && tokens.contains(where: { BuiltinData.commonWords.contains(text.foldedString($0)) })
        {
          continue
        }
      }
      key.removeAll(keepingCapacity: true)
      NameMatcher.appendPlainKey(text, tokens: hit.firstToken..<(hit.lastToken + 1), into: &key)
      var exactness = key == name.plainKey ? 1 : 0
      if exactness == 1 {
        key.removeAll(keepingCapacity: true)
        NameMatcher.appendSurfaceKey(text, tokens: hit.firstToken..<(hit.lastToken + 1), into: &key)
        if key == name.surfaceKey { exactness = 2 }
      }
      hits.append(
        Hit(
          name: hit.term, firstToken: hit.firstToken, lastToken: hit.lastToken,
          exactness: exactness))
    }
    return hits
  }
}
