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
  /// A word of sport, business, software, health, labour, games or fiction: a sentence
  /// with one is on another subject than war ("the Northern Hockey League").
  static let otherSubject = WordClass(rawValue: 1 << 33)
  /// A word of armed conflict or politics: the cue a common-word name needs ("Democrats").
  static let factionCue = WordClass(rawValue: 1 << 34)
  /// A word of armed conflict alone (troops, militia, airstrike): an item with one is
  /// about a war somewhere.
  static let armedCue = WordClass(rawValue: 1 << 35)
  /// A lowercase word after a name that makes it a facility ("garrison", "crossing").
  static let facilityNoun = WordClass(rawValue: 1 << 36)
  /// A word that starts or ends a sports club's name ("Real", "Dynamo", "FC").
  static let clubWord = WordClass(rawValue: 1 << 37)
  /// A word of parties, elections or attacks (`Lexicon.electoralCues`): what an acronym's
  /// sentence may have instead of a word of armed conflict.
  static let electoralCue = WordClass(rawValue: 1 << 38)

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
      (.otherSubject, TopicVocabulary.otherSubjects.filter { !$0.contains(" ") }),
      (.factionCue, Lexicon.factionCues), (.armedCue, Lexicon.armedCues),
      (.electoralCue, Array(Lexicon.electoralCues)),
      (.facilityNoun, Array(Lexicon.facilityNouns)), (.clubWord, Array(Lexicon.clubWords)),
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
    let key = WordTable.Key(word)
    if let entry = lexicon.entry(word, key: key) {
      classes = lexicon.values[entry]
      string = lexicon.words[entry]
    }
    if capitalised { classes.formUnion(dictionary.classes(word, key: key)) }
    return (classes, string ?? String(decoding: word, as: UTF8.self))
  }

  /// `.common` and `.properName` of any word.
  static func dictionaryClasses(_ word: ArraySlice<UInt8>) -> WordClass {
    dictionary.classes(word)
  }
}

/// A read-only open-addressing hash table from words (as bytes) to their classes: an
/// FNV-1a hash and one byte comparison per lookup, no String, no per-lookup hasher seed.
struct WordTable: Sendable {
  /// Three words per slot: the word's first 8 bytes, its classes, and its hash (high
  /// half), length and entry index plus one (low half; 0 = empty slot). A probe reads one
  /// slot, and a word of up to 8 bytes is compared without touching anything else.
  private var slots: [UInt64]
  private var keyBytes: [UInt8] = []
  private var keyStarts: [Int] = []
  private(set) var words: [String] = []
  private(set) var values: [WordClass] = []
  private let mask: Int

  init(_ lists: [(WordClass, [String])]) {
    var classesByWord: [String: WordClass] = [:]
    for (wordClass, words) in lists {
      for word in words { classesByWord[word, default: []].insert(wordClass) }
    }
    var capacity = 16
    while capacity * 3 < classesByWord.count * 4 { capacity *= 2 }
    mask = capacity - 1
    slots = [UInt64](repeating: 0, count: capacity * 3)
    // Sorted, so the table is the same in every run.
    for (word, classes) in classesByWord.sorted(by: { $0.key < $1.key }) {
      let start = keyBytes.count
      keyBytes.append(contentsOf: word.utf8)
      let key = keyBytes[start...]
      let hashed = Key(key)
      var slot = Int(hashed.hash) & mask
      while slots[3 * slot + 2] != 0 { slot = (slot + 1) & mask }
      keyStarts.append(start)
      words.append(word)
      values.append(classes)
      slots[3 * slot] = hashed.prefix
      slots[3 * slot + 1] = classes.rawValue
      slots[3 * slot + 2] =
        UInt64(hashed.hash) << 32 | UInt64(min(key.count, 255)) << 24 | UInt64(values.count)
    }
  }

  /// A word's FNV-1a hash and its first 8 bytes (little-endian, zero-padded), read in
  /// one pass and shared by lookups of the same word in several tables.
  struct Key {
    var hash: UInt32 = 2_166_136_261
    var prefix: UInt64 = 0

    init(_ word: ArraySlice<UInt8>) {
      var shift: UInt64 = 0
      for b in word {
        hash = (hash ^ UInt32(b)) &* 16_777_619
        if shift < 64 {
          prefix |= UInt64(b) << shift
          shift += 8
        }
      }
    }
  }

  /// The index of `word` in `words` and `values`, if listed.
  func entry(_ word: ArraySlice<UInt8>, key: Key? = nil) -> Int? {
    find(word, key ?? Key(word)).map { Int(slots[3 * $0 + 2] & 0xFF_FFFF) - 1 }
  }

  /// The classes of `word`, or none.
  func classes(_ word: ArraySlice<UInt8>, key: Key? = nil) -> WordClass {
    find(word, key ?? Key(word)).map { WordClass(rawValue: slots[3 * $0 + 1]) } ?? []
  }

  @inline(__always)
  private func find(_ word: ArraySlice<UInt8>, _ key: Key) -> Int? {
    let expected = UInt64(key.hash) << 32 | UInt64(min(word.count, 255)) << 24
    var slot = Int(key.hash) & mask
    while true {
      let meta = slots[3 * slot + 2]
      if meta == 0 { return nil }
      if meta & ~0xFF_FFFF == expected, slots[3 * slot] == key.prefix {
        let entry = Int(meta & 0xFF_FFFF) - 1
        if word.count <= 8
          || keyBytes[keyStarts[entry]..<(keyStarts[entry] + word.count)].elementsEqual(word)
        {
          return slot
        }
      }
      slot = (slot + 1) & mask
    }
  }
}
