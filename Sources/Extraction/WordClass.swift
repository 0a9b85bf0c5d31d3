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

  /// Every listed word with all its classes, keyed by its folded bytes.
  private static let table: WordTable = {
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
      (.roleWord, Array(Lexicon.roleWords)), (.common, Array(BuiltinData.commonWords)),
      (.properName, Array(BuiltinData.properNames)),
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
    var classesByWord: [String: WordClass] = [:]
    for (wordClass, words) in lists {
      for word in words { classesByWord[word, default: []].insert(wordClass) }
    }
    return WordTable(classesByWord)
  }()

  /// The classes of a folded lowercase word.
  static func of(_ word: ArraySlice<UInt8>) -> WordClass { table.lookup(word) }
}

/// A read-only open-addressing hash table from words (as bytes) to their classes: an
/// FNV-1a hash and one byte comparison per lookup, no String, no per-lookup hasher seed.
struct WordTable: Sendable {
  private var hashes: [UInt32]
  /// Slot → index into `entries` plus one (0 = empty).
  private var slots: [Int32]
  private var keyBytes: [UInt8] = []
  private var keyRanges: [Range<Int>] = []
  private var values: [WordClass] = []
  private let mask: Int

  init(_ classesByWord: [String: WordClass]) {
    var capacity = 16
    while capacity < classesByWord.count * 2 { capacity *= 2 }
    mask = capacity - 1
    hashes = [UInt32](repeating: 0, count: capacity)
    slots = [Int32](repeating: 0, count: capacity)
    for (word, classes) in classesByWord {
      let start = keyBytes.count
      keyBytes.append(contentsOf: word.utf8)
      let key = keyBytes[start...]
      let hash = WordTable.hash(key)
      var slot = Int(hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      keyRanges.append(start..<keyBytes.count)
      values.append(classes)
      hashes[slot] = hash
      slots[slot] = Int32(values.count)
    }
  }

  @inline(__always)
  private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }

  func lookup(_ word: ArraySlice<UInt8>) -> WordClass {
    let hash = WordTable.hash(word)
    var slot = Int(hash) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { return [] }
      if hashes[slot] == hash, keyBytes[keyRanges[entry - 1]].elementsEqual(word) {
        return values[entry - 1]
      }
      slot = (slot + 1) & mask
    }
  }
}
