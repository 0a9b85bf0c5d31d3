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

  /// The irregular forms packed into two integers each (all are at most 16 letters) and
  /// grouped by length, so the per-token check compares a few integers.
  private static let irregularForms: [(form: (UInt64, UInt64), base: Int)] =
    irregularPairs.indices.map { (pack(Array(irregularPairs[$0].0.utf8)[...]), $0) }
    .sorted { irregularPairs[$0.base].0.utf8.count < irregularPairs[$1.base].0.utf8.count }
  /// For each word length, the range of `irregularForms` with that length.
  private static let irregularByLength: [Range<Int>] = (0...16).map { length in
    let lengths = irregularForms.map { irregularPairs[$0.base].0.utf8.count }
    let first = lengths.firstIndex(of: length) ?? 0
    let last = lengths.lastIndex(of: length).map { $0 + 1 } ?? 0
    return first..<max(first, last)
  }
  private static let irregularBases: [[UInt8]] = irregularPairs.map { Array($0.1.utf8) }

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

  /// Appends the stem of `word` to `out`.
  static func stem(_ word: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    let base = out.count
    out.append(contentsOf: word)
    let n = word.count
    if n <= 3 { return }
    for b in word where b >= 0x80 || (b >= 0x30 && b <= 0x39) { return }
    if n < irregularByLength.count {
      let candidates = irregularByLength[n]
      if !candidates.isEmpty {
        let packed = pack(word)
        for k in candidates where irregularForms[k].form == packed {
          out.removeSubrange(base...)
          out.append(contentsOf: irregularBases[irregularForms[k].base])
          break
        }
      }
    }
    // Every suffix handled below ends in one of these letters: most words need no more.
    switch out[out.count - 1] {
    case UInt8(ascii: "s"), UInt8(ascii: "g"), UInt8(ascii: "d"), UInt8(ascii: "l"),
      UInt8(ascii: "e"):
      stripInflection(&out, from: base)
    default: break
    }
  }

  @inline(__always)
  private static func isVowel(_ b: UInt8) -> Bool {
    b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6F || b == 0x75 || b == 0x79
  }

  @inline(__always)
  private static func ends(_ w: [UInt8], _ base: Int, _ suffix: StaticString) -> Bool {
    let n = suffix.utf8CodeUnitCount
    guard w.count - base >= n else { return false }
    let s = suffix.utf8Start
    for k in 0..<n where w[w.count - n + k] != s[k] { return false }
    return true
  }

  private static func hasVowel(_ w: [UInt8], _ from: Int, _ to: Int) -> Bool {
    var k = from
    while k < to {
      if isVowel(w[k]) { return true }
      k += 1
    }
    return false
  }

  private static func stripInflection(_ w: inout [UInt8], from base: Int) {
    var length: Int { w.count - base }
    // Plurals and third person.
    if ends(w, base, "ies") && length > 4 {
      w.removeLast(3)
      w.append(UInt8(ascii: "y"))
    } else if ends(w, base, "sses") {
      w.removeLast(2)
    } else if ends(w, base, "s") && length > 3 && !ends(w, base, "ss") && !ends(w, base, "us")
      && !ends(w, base, "is")
    {
      w.removeLast()
    }
    // Participles and past tense, keeping a vowel in what remains.
    var strippedVerbEnding = false
    if ends(w, base, "ing") && length >= 6 && hasVowel(w, base, w.count - 3) {
      w.removeLast(3)
      strippedVerbEnding = true
    } else if ends(w, base, "ed") && length >= 5 && hasVowel(w, base, w.count - 2) {
      w.removeLast(2)
      strippedVerbEnding = true
    }
    if strippedVerbEnding, length >= 3 {
      let last = w[w.count - 1]
      if last == w[w.count - 2], !isVowel(last), last != UInt8(ascii: "l"),
        last != UInt8(ascii: "s"),
        last != UInt8(ascii: "z")
      {
        w.removeLast()
      }
    }
    // Verb nouns in -al: withdrawal → withdraw, removal → remove.
    if ends(w, base, "al") && length >= 7 {
      w.removeLast(2)
    }
    // A final e: cease/ceased, strike/striking.
    if length > 3 && w[w.count - 1] == UInt8(ascii: "e") {
      w.removeLast()
    }
  }
}
