/// What the closed word lists say about a word, as bits. Each token of a text is looked
/// up once; the heuristics then test bits instead of hashing the word again for every
/// list they consult.
struct WordClass: OptionSet, Sendable {
  let rawValue: UInt64

  static let titleHead = WordClass(rawValue: 1 << 0)
  static let titleModifier = WordClass(rawValue: 1 << 1)
  static let factionHead = WordClass(rawValue: 1 << 2)
  static let orgHead = WordClass(rawValue: 1 << 3)
  static let factionMarker = WordClass(rawValue: 1 << 4)
  static let stateMarker = WordClass(rawValue: 1 << 5)
  static let eventHead = WordClass(rawValue: 1 << 6)
  static let facilityHead = WordClass(rawValue: 1 << 7)
  static let locationHead = WordClass(rawValue: 1 << 8)
  static let placeHead = WordClass(rawValue: 1 << 9)
  static let nameParticle = WordClass(rawValue: 1 << 10)
  static let personParticle = WordClass(rawValue: 1 << 11)
  static let month = WordClass(rawValue: 1 << 12)
  static let weekday = WordClass(rawValue: 1 << 13)
  static let nonName = WordClass(rawValue: 1 << 14)
  static let speechVerb = WordClass(rawValue: 1 << 15)
  static let relayVerb = WordClass(rawValue: 1 << 16)
  static let roleWord = WordClass(rawValue: 1 << 17)
  /// An ordinary English word (wamerican's lowercase entries).
  static let common = WordClass(rawValue: 1 << 18)
  /// A given name, surname or place from wamerican's capitalised entries.
  static let properName = WordClass(rawValue: 1 << 19)
  static let personPronoun = WordClass(rawValue: 1 << 20)
  static let groupPronoun = WordClass(rawValue: 1 << 21)
  static let groupDescription = WordClass(rawValue: 1 << 22)
  static let personDescription = WordClass(rawValue: 1 << 23)
  static let unnamedSource = WordClass(rawValue: 1 << 24)
  static let subjectFiller = WordClass(rawValue: 1 << 25)
  static let quantityStop = WordClass(rawValue: 1 << 26)
  static let timeUnit = WordClass(rawValue: 1 << 27)
  static let quantityModifier = WordClass(rawValue: 1 << 28)
  static let nounAdjunct = WordClass(rawValue: 1 << 29)
  /// A number word that can start a number ("three", "twenty", "dozen").
  static let numberWord = WordClass(rawValue: 1 << 30)
  /// "al", "el", "ul": an Arabic article wherever it stands.
  static let article = WordClass(rawValue: 1 << 31)
  /// "as", "ash", "ad"…: an assimilated Arabic article, when a hyphen follows.
  static let assimilatedArticle = WordClass(rawValue: 1 << 32)

  /// Every word of the closed lists with all its classes, keyed by its folded bytes:
  /// small enough to stay in cache, looked up for every token.
  private static let lexicon: WordTable = {
    let lists: [(WordClass, [String])] = [
      (.titleHead, Array(Lexicon.titleHeads)), (.titleModifier, Array(Lexicon.titleModifiers)),
      (.factionHead, Array(Lexicon.factionHeads)), (.orgHead, Array(Lexicon.orgHeads)),
      (.factionMarker, Array(Lexicon.factionMarkers)),
      (.stateMarker, Array(Lexicon.stateMarkers)), (.eventHead, Array(Lexicon.eventHeads)),
      (.facilityHead, Array(Lexicon.facilityHeads)),
      (.locationHead, Array(Lexicon.locationHeads)), (.placeHead, Array(Lexicon.placeHeads)),
      (.nameParticle, Array(Lexicon.nameParticles)),
      (.personParticle, Array(Lexicon.personParticles)), (.month, Array(Lexicon.months)),
      (.weekday, Array(Lexicon.weekdays)), (.nonName, Array(Lexicon.nonNames)),
      (.speechVerb, Array(Lexicon.speechVerbs)), (.relayVerb, Array(Lexicon.relayVerbs)),
      (.roleWord, Array(Lexicon.roleWords)),
      (.personPronoun, Array(QuoteAttributor.pronounsPerson)),
      (.groupPronoun, Array(QuoteAttributor.pronounsGroup)),
      (.groupDescription, Array(QuoteAttributor.groupDescriptions)),
      (.personDescription, Array(QuoteAttributor.personDescriptions)),
      (.unnamedSource, Array(QuoteAttributor.unnamedSources)),
      (.subjectFiller, Array(QuoteAttributor.subjectFillers)),
      (.quantityStop, Array(QuantityFinder.stopWords)),
      (.timeUnit, Array(QuantityFinder.timeUnits)),
      (.quantityModifier, Array(QuantityFinder.modifiers)),
      (.nounAdjunct, Array(QuantityFinder.nounAdjuncts)),
      (.numberWord, Array(QuantityFinder.units.keys) + Array(QuantityFinder.tens.keys)),
      (.article, ["al", "el", "ul"]),
      (.assimilatedArticle, Lexicon.assimilatedArticles),
    ]
    return WordTable(lists)
  }()

  /// The English word lists (`.common`, `.properName`): large, so only looked up for
  /// capitalised tokens, the only ones the name heuristics ask about.
  private static let dictionary = WordTable([
    (.common, Array(BuiltinData.commonWords)), (.properName, Array(BuiltinData.properNames)),
  ])

  /// The classes of a token's folded lowercase word, and the word as a String (shared
  /// with the tables for listed words, so most tokens need no new String). `.common` and
  /// `.properName` are only looked up when `capitalised`.
  static func lookup(_ word: ArraySlice<UInt8>, capitalised: Bool) -> (
    classes: WordClass, word: String
  ) {
    var classes: WordClass = []
    var string: String?
    if let entry = lexicon.entry(word) {
      classes = lexicon.values[entry]
      string = lexicon.words[entry]
    }
    if capitalised, let entry = dictionary.entry(word) {
      classes.formUnion(dictionary.values[entry])
      string = string ?? dictionary.words[entry]
    }
    return (classes, string ?? String(decoding: word, as: UTF8.self))
  }

  /// `.common` and `.properName` of any word.
  static func dictionaryClasses(_ word: ArraySlice<UInt8>) -> WordClass {
    dictionary.entry(word).map { dictionary.values[$0] } ?? []
  }
}

/// A read-only open-addressing hash table from words (as bytes) to their classes: an
/// FNV-1a hash and one byte comparison per lookup, no String, no per-lookup hasher seed.
struct WordTable: Sendable {
  /// Per slot: the word's hash in the high half, its entry index plus one in the low half
  /// (0 = empty), so a probe is one load.
  private var slots: [UInt64]
  private var keyBytes: [UInt8] = []
  private var keyRanges: [Range<Int>] = []
  private(set) var words: [String] = []
  private(set) var values: [WordClass] = []
  private let mask: Int

  init(_ lists: [(WordClass, [String])]) {
    var classesByWord: [String: WordClass] = [:]
    for (wordClass, words) in lists {
      for word in words { classesByWord[word, default: []].insert(wordClass) }
    }
    var capacity = 16
    while capacity < classesByWord.count * 2 { capacity *= 2 }
    mask = capacity - 1
    slots = [UInt64](repeating: 0, count: capacity)
    // Sorted, so the table is the same in every run.
    for (word, classes) in classesByWord.sorted(by: { $0.key < $1.key }) {
      let start = keyBytes.count
      keyBytes.append(contentsOf: word.utf8)
      let hash = WordTable.hash(keyBytes[start...])
      var slot = Int(hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      keyRanges.append(start..<keyBytes.count)
      words.append(word)
      values.append(classes)
      slots[slot] = UInt64(hash) << 32 | UInt64(values.count)
    }
  }

  @inline(__always)
  private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }

  /// The index of `word` in `words` and `values`, if listed.
  func entry(_ word: ArraySlice<UInt8>) -> Int? {
    let hash = WordTable.hash(word)
    var slot = Int(hash) & mask
    while true {
      let packed = slots[slot]
      if packed == 0 { return nil }
      let entry = Int(packed & 0xFFFF_FFFF) - 1
      if UInt32(packed >> 32) == hash, keyBytes[keyRanges[entry]].elementsEqual(word) {
        return entry
      }
      slot = (slot + 1) & mask
    }
  }
}
