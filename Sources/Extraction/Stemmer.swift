/// A small English stemmer on folded bytes, so that inflections meet at one key:
/// withdraw/withdraws/withdrew/withdrawn/withdrawal/withdrawals → "withdraw",
/// pullout/pullouts → "pullout", strike/strikes/striking → "strik".
/// It only needs to be consistent: terms and text go through the same function.
enum Stemmer {
  /// Irregular forms that suffix stripping cannot reach.
  private static let irregular: [String: String] = [
    "withdrew": "withdraw", "withdrawn": "withdraw", "drew": "draw", "drawn": "draw",
    "fled": "flee", "fought": "fight", "struck": "strike", "shot": "shoot", "held": "hold",
    "began": "begin", "begun": "begin", "won": "win", "lost": "lose", "left": "leave",
    "took": "take", "taken": "take", "sent": "send", "met": "meet", "said": "say",
    "told": "tell", "ran": "run", "broke": "break", "broken": "break", "led": "lead",
    "went": "go", "gone": "go", "gave": "give", "given": "give", "kept": "keep",
    "men": "man", "women": "woman", "children": "child", "bought": "buy", "brought": "bring",
    "chose": "choose", "chosen": "choose", "rose": "rise", "risen": "rise", "froze": "freeze",
    "frozen": "freeze", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "thrown": "throw", "threw": "throw", "hid": "hide", "hidden": "hide",
  ]

  static func stem(_ word: ArraySlice<UInt8>, into out: inout [UInt8]) {
    var w = Array(word)
    if w.count <= 3 || w.contains(where: { $0 >= 0x80 || ($0 >= 0x30 && $0 <= 0x39) }) {
      out.append(contentsOf: w)
      return
    }
    if w.count <= 9, let base = irregular[String(decoding: w, as: UTF8.self)] {
      w = Array(base.utf8)
    }
    stripInflection(&w)
    out.append(contentsOf: w)
  }

  private static func isVowel(_ b: UInt8) -> Bool {
    b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6F || b == 0x75 || b == 0x79
  }

  private static func hasSuffix(_ w: [UInt8], _ suffix: StaticString) -> Bool {
    let n = suffix.utf8CodeUnitCount
    guard w.count >= n else { return false }
    let base = suffix.utf8Start
    for k in 0..<n where w[w.count - n + k] != base[k] { return false }
    return true
  }

  private static func stripInflection(_ w: inout [UInt8]) {
    // Plurals and third person.
    if hasSuffix(w, "ies") && w.count > 4 {
      w.removeLast(3)
      w.append(UInt8(ascii: "y"))
    } else if hasSuffix(w, "sses") {
      w.removeLast(2)
    } else if hasSuffix(w, "s") && w.count > 3 && !hasSuffix(w, "ss") && !hasSuffix(w, "us")
      && !hasSuffix(w, "is")
    {
      w.removeLast()
    }
    // Participles and past tense, keeping a vowel in what remains.
    var strippedVerbEnding = false
    if hasSuffix(w, "ing") && w.count >= 6 && w[0..<(w.count - 3)].contains(where: isVowel) {
      w.removeLast(3)
      strippedVerbEnding = true
    } else if hasSuffix(w, "ed") && w.count >= 5 && w[0..<(w.count - 2)].contains(where: isVowel) {
      w.removeLast(2)
      strippedVerbEnding = true
    }
    if strippedVerbEnding, w.count >= 3, w[w.count - 1] == w[w.count - 2], !isVowel(w[w.count - 1]),
      w[w.count - 1] != UInt8(ascii: "l"), w[w.count - 1] != UInt8(ascii: "s"),
      w[w.count - 1] != UInt8(ascii: "z")
    {
      w.removeLast()
    }
    // Verb nouns in -al: withdrawal → withdraw, removal → remove.
    if hasSuffix(w, "al") && w.count >= 7 {
      w.removeLast(2)
    }
    // A final e: cease/ceased, strike/striking.
    if w.count > 3 && w[w.count - 1] == UInt8(ascii: "e") {
      w.removeLast()
    }
  }
}
