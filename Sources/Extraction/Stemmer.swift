/// A small English stemmer on folded bytes, so that inflections meet at one key:
/// withdraw/withdraws/withdrew/withdrawn/withdrawal/withdrawals → "withdraw",
/// pullout/pullouts → "pullout", strike/strikes/striking → "strik".
/// It only needs to be consistent: terms and text go through the same function.
enum Stemmer {
  /// Irregular forms that suffix stripping cannot reach, and their bases.
  private static let irregularPairs: [(String, String)] = [
    ("withdrew", "withdraw"), ("withdrawn", "withdraw"), ("drew", "draw"), ("drawn", "draw"),
    ("fled", "flee"), ("fought", "fight"), ("struck", "strike"), ("shot", "shoot"),
    ("held", "hold"), ("began", "begin"), ("begun", "begin"), ("lost", "lose"),
    ("left", "leave"), ("took", "take"), ("taken", "take"), ("sent", "send"), ("said", "say"),
    ("told", "tell"), ("broke", "break"), ("broken", "break"), ("went", "go"), ("gone", "go"),
    ("gave", "give"), ("given", "give"), ("kept", "keep"), ("women", "woman"),
    ("children", "child"), ("bought", "buy"), ("brought", "bring"), ("chose", "choose"),
    ("chosen", "choose"), ("rose", "rise"), ("risen", "rise"), ("froze", "freeze"),
    ("frozen", "freeze"), ("spoke", "speak"), ("spoken", "speak"), ("wrote", "write"),
    ("written", "write"), ("thrown", "throw"), ("threw", "throw"), ("hidden", "hide"),
  ]

  /// The irregular forms, each packed into two integers (all are at most 16 letters),
  /// in an open-addressing table: a slot holds a form's index in `irregularPairs` plus
  /// one (0: empty). The per-token check hashes the packed word once and compares a few
  /// integers.
  private static let irregularPacked: [(UInt64, UInt64)] = irregularPairs.map {
    pack(Array($0.0.utf8))
  }
  private static let irregularSlots: [Int8] = {
    var slots = [Int8](repeating: 0, count: 64)
    for (index, packed) in irregularPacked.enumerated() {
      var slot = irregularSlot(packed)
      while slots[slot] != 0 { slot = (slot + 1) & 63 }
      slots[slot] = Int8(index + 1)
    }
    return slots
  }()
  private static let longestIrregular = irregularPairs.map { $0.0.utf8.count }.max() ?? 0
  private static let irregularBases: [[UInt8]] = irregularPairs.map { Array($0.1.utf8) }

  @inline(__always)
  private static func irregularSlot(_ packed: (UInt64, UInt64)) -> Int {
    let mixed = (packed.0 ^ (packed.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed >> 58)
  }

  /// The index in `irregularPairs` of the form packed as `packed`, if it is one.
  @inline(__always)
  private static func irregularIndex(_ packed: (UInt64, UInt64)) -> Int? {
    var slot = irregularSlot(packed)
    while true {
      let entry = Int(irregularSlots[slot])
      if entry == 0 { return nil }
      if irregularPacked[entry - 1] == packed { return entry - 1 }
      slot = (slot + 1) & 63
    }
  }

  @inline(__always)
  private static func pack<Word: Sequence<UInt8>>(_ word: Word) -> (UInt64, UInt64) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var shift: UInt64 = 0
    for b in word {
      if shift < 64 { low |= UInt64(b) << shift } else { high |= UInt64(b) << (shift - 64) }
      shift += 8
    }
    return (low, high)
  }

  /// How many bytes longer than its word a stem can be ("shot" → "shoot").
  static let maxGrowth: Int = irregularPairs.map { $0.1.utf8.count - $0.0.utf8.count }.max() ?? 0

  /// Writes the stem of `word` at `out` (room for `word.count + maxGrowth` bytes) and
  /// returns its length. A stem is a prefix of the word (or of its irregular base),
  /// possibly with a "y" ("casualties" → "casualty"), so it is measured on the word in
  /// place and copied once.
  static func stem(_ word: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>)
    -> Int
  {
    let n = word.count
    guard n > 3, !word.contains(where: { $0 >= 0x80 || ($0 >= 0x30 && $0 <= 0x39) }) else {
      return copy(word, count: n, into: out)
    }
    if n <= longestIrregular, let index = irregularIndex(pack(word)) {
      return irregularBases[index].withUnsafeBufferPointer { base in
        stemOfRegular(base, into: out)
      }
    }
    return stemOfRegular(word, into: out)
  }

  @inline(__always)
  private static func stemOfRegular(
    _ word: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    // Every suffix handled below ends in one of these letters: most words need no more.
    switch word[word.count - 1] {
    case UInt8(ascii: "s"), UInt8(ascii: "g"), UInt8(ascii: "d"), UInt8(ascii: "l"),
      UInt8(ascii: "e"):
      let (length, y) = strippedLength(word)
      let written = copy(word, count: length, into: out)
      guard y else { return written }
      out[written] = UInt8(ascii: "y")
      return written + 1
    default:
      return copy(word, count: word.count, into: out)
    }
  }

  @inline(__always)
  private static func copy(
    _ word: UnsafeBufferPointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    if let source = word.baseAddress, count > 0 { out.update(from: source, count: count) }
    return count
  }

  @inline(__always)
  private static func isVowel(_ b: UInt8) -> Bool {
    b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6F || b == 0x75 || b == 0x79
  }

  /// Whether the first `n` bytes of `w` end with `suffix`.
  @inline(__always)
  private static func ends(_ w: UnsafeBufferPointer<UInt8>, _ n: Int, _ suffix: StaticString)
    -> Bool
  {
    let count = suffix.utf8CodeUnitCount
    guard n >= count else { return false }
    let s = suffix.utf8Start
    for k in 0..<count where w[n - count + k] != s[k] { return false }
    return true
  }

  private static func hasVowel(_ w: UnsafeBufferPointer<UInt8>, _ to: Int) -> Bool {
    var k = 0
    while k < to {
      if isVowel(w[k]) { return true }
      k += 1
    }
    return false
  }

  /// How many bytes of `w` the inflection stripping keeps, and whether a "y" follows them
  /// ("-ies" → "-y", after which no other suffix applies).
  private static func strippedLength(_ w: UnsafeBufferPointer<UInt8>) -> (Int, Bool) {
    var n = w.count
    // Plurals and third person.
    if ends(w, n, "ies") && n > 4 {
      return (n - 3, true)
    } else if ends(w, n, "sses") {
      n -= 2
    } else if ends(w, n, "s") && n > 3 && !ends(w, n, "ss") && !ends(w, n, "us")
      && !ends(w, n, "is")
    {
      n -= 1
    }
    // Participles and past tense, keeping a vowel in what remains.
    var strippedVerbEnding = false
    if ends(w, n, "ing") && n >= 6 && hasVowel(w, n - 3) {
      n -= 3
      strippedVerbEnding = true
    } else if ends(w, n, "ed") && n >= 5 && hasVowel(w, n - 2) {
      n -= 2
      strippedVerbEnding = true
    }
    if strippedVerbEnding, n >= 3 {
      let last = w[n - 1]
      if last == w[n - 2], !isVowel(last), last != UInt8(ascii: "l"), last != UInt8(ascii: "s"),
        last != UInt8(ascii: "z")
      {
        n -= 1
      }
    }
    // Verb nouns in -al: withdrawal → withdraw, removal → remove.
    if ends(w, n, "al") && n >= 7 {
      n -= 2
    }
    // A final e: cease/ceased, strike/striking.
    if n > 3 && w[n - 1] == UInt8(ascii: "e") {
      n -= 1
    }
    return (n, false)
  }
}
