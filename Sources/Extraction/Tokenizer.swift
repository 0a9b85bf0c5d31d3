/// Cuts text into word tokens. Hyphens split words but are remembered ("pull-out" →
/// "pull" + "out" joined by a hyphen); internal apostrophes stay inside a word
/// ("Kata'ib"); a possessive "'s" is left out of the span; "U.S." is one token.
enum Tokenizer {
  static func tokenize(_ text: String) -> TokenizedText {
    let utf8 = Array(text.utf8)
    let n = utf8.count
    // Decoded straight from the (valid) UTF-8 in one pass: one scalar and its byte offset
    // per step.
    var count = 0
    var offsets: [Int32] = []
    let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: n) { scalars, scalarsCount in
      offsets = [Int32](unsafeUninitializedCapacity: n + 1) { offsets, offsetsCount in
        utf8.withUnsafeBufferPointer { bytes in
          var i = 0
          while i < n {
            offsets[count] = Int32(i)
            let b = UInt32(bytes[i])
            let value: UInt32
            if b < 0x80 {
              value = b
              i += 1
            } else if b < 0xE0 {
              value = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
              i += 2
            } else if b < 0xF0 {
              value =
                (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
              i += 3
            } else {
              value =
                (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
              i += 4
            }
            scalars.initializeElement(at: count, to: Unicode.Scalar(value) ?? "\u{FFFD}")
            count += 1
          }
          offsets[count] = Int32(n)
        }
        offsetsCount = count + 1
      }
      scalarsCount = count
    }
    return tokenize(scalars: scalars, utf8: utf8, utf8Offsets: offsets)
  }

  private static func tokenize(scalars: [Unicode.Scalar], utf8: [UInt8], utf8Offsets: [Int32])
    -> TokenizedText
  {
    var result = TokenizedText(scalars: scalars, utf8: utf8, utf8Offsets: utf8Offsets)
    // Local arrays, so appends in the loop need no uniqueness check through `result`.
    var tokens: [Token] = []
    var folded: [UInt8] = []
    tokens.reserveCapacity(scalars.count / 5)
    folded.reserveCapacity(scalars.count + 16)
    let n = scalars.count
    var i = 0
    var sawHyphen = false
    var sawHardBreak = false
    while i < n {
      let c = scalars[i]
      if !CharacterClasses.isWordCharacter(c) {
        if CharacterClasses.isHyphen(c) {
          sawHyphen = true
        } else if c == ".", let last = tokens.last, last.end == i,
          last.foldedEnd - last.foldedStart <= 4,
          isTitleAbbreviation(folded[last.foldedStart..<last.foldedEnd])
        {
          // "Gen. Kenneth McKenzie": the period of a title keeps the words together.
        } else if !CharacterClasses.isWhitespace(c) && !CharacterClasses.isQuoteMark(c) {
          sawHardBreak = true
        }
        if CharacterClasses.isWhitespace(c) { sawHyphen = false }
        i += 1
        continue
      }
      var token = Token(start: i, end: i, foldedStart: folded.count, foldedEnd: 0)
      token.hyphenBefore = sawHyphen && i > 0 && CharacterClasses.isHyphen(scalars[i - 1])
      token.softBefore = !sawHardBreak || token.hyphenBefore
      sawHyphen = false
      sawHardBreak = false
      if let end = acronymEnd(scalars, from: i) {
        for k in i..<end where CharacterClasses.isLetter(scalars[k]) {
          Folding.append(scalars[k], to: &folded)
        }
        token.end = end
        token.isCapitalized = true
        token.isAllCaps = true
        token.hasLetter = true
        token.foldedEnd = folded.count
        tokens.append(token)
        i = end
        continue
      }
      var j = i
      var letters = 0
      var upper = 0
      var digits = 0
      while j < n {
        let s = scalars[j]
        if CharacterClasses.isWordCharacter(s) {
          if CharacterClasses.isDigit(s) {
            digits += 1
          } else {
            letters += 1
            if CharacterClasses.isUppercase(s) { upper += 1 }
          }
          if s.value < 0x80 {
            let b = UInt8(truncatingIfNeeded: s.value)
            folded.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
          } else {
            Folding.append(s, to: &folded)
          }
          j += 1
          continue
        }
        if CharacterClasses.isApostrophe(s), j + 1 < n, CharacterClasses.isLetter(scalars[j + 1]) {
          // "'s" at a word end is a possessive, anything else is part of the word.
          let afterS = j + 2
          if (scalars[j + 1] == "s" || scalars[j + 1] == "S")
            && (afterS >= n || !CharacterClasses.isWordCharacter(scalars[afterS]))
          {
            token.possessive = true
            token.end = j
            j = afterS
            break
          }
          j += 1
          continue
        }
        // Digit groups and decimals: "2,500", "1.5".
        if s == "," || s == ".", digits > 0, letters == 0, j + 1 < n,
          CharacterClasses.isDigit(scalars[j + 1]), j > i, CharacterClasses.isDigit(scalars[j - 1])
        {
          folded.append(UInt8(ascii: s == "," ? "," : "."))
          j += 1
          continue
        }
        break
      }
      if !token.possessive {
        token.end = j
        // Plural possessive "forces'".
        if j < n, CharacterClasses.isApostrophe(scalars[j]), j > i, scalars[j - 1] == "s",
          j + 1 >= n || !CharacterClasses.isWordCharacter(scalars[j + 1])
        {
          token.possessive = true
          j += 1
        }
      }
      token.foldedEnd = folded.count
      token.hasLetter = letters > 0
      token.isNumeric = letters == 0 && digits > 0
      token.isCapitalized = letters > 0 && CharacterClasses.isUppercase(scalars[i])
      token.isAllCaps = letters > 1 && upper == letters
      tokens.append(token)
      i = j
    }
    var stemRanges: [Range<Int>] = []
    stemRanges.reserveCapacity(tokens.count)
    // A stem is at most `Stemmer.maxGrowth` bytes longer than its word.
    let stems = [UInt8](
      unsafeUninitializedCapacity: max(1, folded.count + tokens.count * Stemmer.maxGrowth)
    ) { stems, written in
      var length = 0
      folded.withUnsafeBufferPointer { folded in
        for token in tokens {
          let start = length
          length += Stemmer.stem(
            UnsafeBufferPointer(rebasing: folded[token.foldedStart..<token.foldedEnd]),
            into: stems.baseAddress! + start)
          stemRanges.append(start..<length)
        }
      }
      written = length
    }
    result.tokens = tokens
    result.folded = folded
    result.stems = stems
    result.stemRanges = stemRanges
    return result
  }

  private static let titleAbbreviations: [[UInt8]] = [
    "gen", "adm", "lt", "col", "maj", "sgt", "capt", "brig", "mr", "mrs", "ms", "dr", "rep", "sen",
    "gov", "cmdr", "prof", "rev", "pres", "sec", "amb", "cpl", "pvt", "st",
  ].map { Array($0.utf8) }

  private static func isTitleAbbreviation(_ word: ArraySlice<UInt8>) -> Bool {
    titleAbbreviations.contains { $0.elementsEqual(word) }
  }

  /// "U.S.", "U.N.", "U.S.-led": single capital letters each followed by a period.
  private static func acronymEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
    var j = i
    var count = 0
    while j + 1 < s.count, CharacterClasses.isUppercase(s[j]), s[j + 1] == "." {
      j += 2
      count += 1
    }
    if count >= 2 && (j >= s.count || !CharacterClasses.isLetter(s[j])) { return j }
    return nil
  }
}
