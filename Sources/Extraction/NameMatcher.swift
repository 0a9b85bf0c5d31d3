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
    /// An acronym in mixed case ("LeT", "JeM"): only the very letters count, so "Let's"
    /// and "James" are not it.
    var mixedCaseAcronym: Bool
    /// The phrase as written, for names that must match it exactly.
    var written: String
    /// Gazetteer names need a capital; the user's watch list also matches lowercase.
    var requiresCapital: Bool
    /// A spelling that is also an everyday name ("Wagner" the composer, "Amal" a first
    /// name): a faction only with a cue.
    var needsCue: Bool

    init(
      canonical: String, type: EntityType, watched: Bool, entry: Int, phrase: String,
      requiresCapital: Bool, needsCue: Bool = false
    ) {
      self.canonical = canonical
      self.type = type
      self.watched = watched
      self.entry = entry
      // One tokenization gives all three keys.
      let text = Tokenizer.tokenize(phrase)
      let all = 0..<text.tokens.count
      var key: [UInt8] = []
      NameMatcher.appendPlainKey(text, tokens: all, into: &key)
      self.plainKey = key
      key.removeAll(keepingCapacity: true)
      NameMatcher.appendSurfaceKey(text, tokens: all, into: &key)
      self.surfaceKey = key
      key.removeAll(keepingCapacity: true)
      TermMatcher.normalise(text, mode: .names, into: &key)
      self.foldedKey = key
      let letters = phrase.unicodeScalars.filter { CharacterClasses.isLetter($0) }
      self.acronym =
        letters.count >= 2 && letters.count <= 4
        && letters.allSatisfy { CharacterClasses.isUppercase($0) }
      let capitals = letters.filter { CharacterClasses.isUppercase($0) }.count
      self.mixedCaseAcronym =
        text.tokens.count == 1 && letters.count <= 5 && capitals >= 2 && capitals < letters.count
      self.written = phrase
      self.requiresCapital = requiresCapital
      self.needsCue = needsCue
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

  init(names: [Name]) {
    self.names = names
    matcher = TermMatcher(keys: names.map(\.foldedKey), mode: .names)
  }

  static func appendSurfaceKey(_ text: TokenizedText, tokens: Range<Int>, into key: inout [UInt8]) {
    for index in tokens
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      key.append(
        contentsOf: text.foldedBytes(index).dropFirst(MatchStream.gluedArticle(text, index)))
    }
  }

  static func appendPlainKey(_ text: TokenizedText, tokens: Range<Int>, into key: inout [UInt8]) {
    for index in tokens
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      key.append(contentsOf: text.stem(index).dropFirst(MatchStream.gluedArticle(text, index)))
    }
  }

  /// Whether tokens `first...last` spell `key` as `appendPlainKey` (`stems`) or
  /// `appendSurfaceKey` would write it: compared part by part, without building it.
  static func spells(
    _ key: [UInt8], _ text: TokenizedText, first: Int, last: Int, stems: Bool
  ) -> Bool {
    var offset = 0
    for index in first...last
    where !MatchStream.isArticle(text.foldedBytes(index), text: text, index: index) {
      let part = (stems ? text.stem(index) : text.foldedBytes(index)).dropFirst(
        MatchStream.gluedArticle(text, index))
      guard offset + part.count <= key.count,
        key[offset..<(offset + part.count)].elementsEqual(part)
      else { return false }
      offset += part.count
    }
    return offset == key.count
  }

  /// "WHICH IS IN EFFECT": an acronym between capitalised common words is a word of a
  /// line written in capitals, not a name.
  static func isInShoutedText(_ text: TokenizedText, first: Int, last: Int) -> Bool {
    func isShoutedWord(_ k: Int) -> Bool {
      guard k >= 0, k < text.tokens.count, text.tokens[k].isAllCaps else { return false }
      return WordClass.dictionaryClasses(text.foldedBytes(k)).contains(.common)
    }
    return isShoutedWord(first - 1) || isShoutedWord(last + 1)
  }

  func matches(in text: TokenizedText, stream: MatchStream) -> [Hit] {
    let found = matcher.matches(in: stream)
    var hits: [Hit] = []
    hits.reserveCapacity(found.count)
    for hit in found {
      let tokens = hit.firstToken...hit.lastToken
      let acronym = names[hit.term].acronym
      let capitalised = text.tokens[hit.firstToken].isCapitalized
      let requiresCapital = names[hit.term].requiresCapital
      if names[hit.term].mixedCaseAcronym {
        guard hit.firstToken == hit.lastToken, !text.tokens[hit.firstToken].possessive,
          text.surface(hit.firstToken) == names[hit.term].written
        else { continue }
      } else if acronym {
        guard tokens.allSatisfy({ text.tokens[$0].isAllCaps || !text.tokens[$0].hasLetter }),
          !NameMatcher.isInShoutedText(text, first: hit.firstToken, last: hit.lastToken)
        else {
          continue
        }
      } else if !capitalised, requiresCapital,
        // A gazetteer name written all in lowercase ("kataib hezbollah") counts when no
        // word of it is an ordinary English word.
        tokens.contains(where: {
          text.tokens[$0].isCapitalized
            || WordClass.dictionaryClasses(text.foldedBytes($0)).contains(.common)
        })
      {
        continue
      }
      // The stems without transliteration folding, compared once for the tests below.
      let samePlainKey = NameMatcher.spells(
        names[hit.term].plainKey, text, first: hit.firstToken, last: hit.lastToken, stems: true)
      if !acronym {
        if !capitalised {
          // A lowercase name must match its spelling exactly.
          guard samePlainKey else { continue }
        } else if requiresCapital, !samePlainKey,
          // A gazetteer name reached only through transliteration folding must not be
          // an English word in disguise ("Minister" is not "Monastir").
          tokens.contains(where: {
            WordClass.dictionaryClasses(text.foldedBytes($0)).contains(.common)
          })
        {
          continue
        }
      }
      var exactness = samePlainKey ? 1 : 0
      if exactness == 1,
        NameMatcher.spells(
          names[hit.term].surfaceKey, text, first: hit.firstToken, last: hit.lastToken,
          stems: false)
      {
        exactness = 2
      }
      hits.append(
        Hit(
          name: hit.term, firstToken: hit.firstToken, lastToken: hit.lastToken,
          exactness: exactness))
    }
    return hits
  }
}
