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
    var nonASCII = 0
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
              nonASCII += 1
              value = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
              i += 2
            } else if b < 0xF0 {
              nonASCII += 1
              value =
                (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
              i += 3
            } else {
              nonASCII += 1
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
    // Folded bytes: one per ASCII scalar, at most `Folding.maxBytesPerScalar` for others.
    let foldedCapacity = count + nonASCII * (Folding.maxBytesPerScalar - 1)
    return tokenize(
      scalars: scalars, utf8: utf8, utf8Offsets: offsets, foldedCapacity: foldedCapacity)
  }

  private static func tokenize(
    scalars: [Unicode.Scalar], utf8: [UInt8], utf8Offsets: [Int32], foldedCapacity: Int
  ) -> TokenizedText {
    var result = TokenizedText(scalars: scalars, utf8: utf8, utf8Offsets: utf8Offsets)
    // Local arrays, so appends in the loop need no uniqueness check through `result`.
    var tokens: [Token] = []
    tokens.reserveCapacity(scalars.count / 5)
    // Written through a pointer into room for the whole text's folding: no capacity or
    // uniqueness check per byte.
    let folded = [UInt8](unsafeUninitializedCapacity: max(1, foldedCapacity)) { out, written in
      written = scalars.withUnsafeBufferPointer { scalars in
        cut(scalars, into: out.baseAddress!, tokens: &tokens)
      }
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

  /// The token loop: appends each token to `tokens`, writes the folded bytes at `folded`
  /// and returns how many it wrote.
  private static func cut(
    _ scalars: UnsafeBufferPointer<Unicode.Scalar>, into folded: UnsafeMutablePointer<UInt8>,
    tokens: inout [Token]
  ) -> Int {
    var length = 0
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
          isTitleAbbreviation(
            UnsafeBufferPointer(
              start: folded + last.foldedStart, count: last.foldedEnd - last.foldedStart))
        {
          // "Gen. Kenneth McKenzie": the period of a title keeps the words together.
        } else if !CharacterClasses.isWhitespace(c) && !CharacterClasses.isQuoteMark(c) {
          sawHardBreak = true
        }
        if CharacterClasses.isWhitespace(c) { sawHyphen = false }
        i += 1
        continue
      }
      var token = Token(start: i, end: i, foldedStart: length, foldedEnd: 0)
      token.hyphenBefore = sawHyphen && i > 0 && CharacterClasses.isHyphen(scalars[i - 1])
      token.softBefore = !sawHardBreak || token.hyphenBefore
      sawHyphen = false
      sawHardBreak = false
      // An acronym's first letter is followed by its period.
      if i + 1 < n, scalars[i + 1] == ".", let end = acronymEnd(scalars, from: i) {
        for k in i..<end where CharacterClasses.isLetter(scalars[k]) {
          length += Folding.write(scalars[k], to: folded + length)
        }
        token.end = end
        token.isCapitalized = true
        token.isAllCaps = true
        token.hasLetter = true
        token.foldedEnd = length
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
        if s.value < 0x80 {
          // ASCII: classified and folded here, without the Unicode properties.
          let b = UInt8(truncatingIfNeeded: s.value)
          if b >= 0x30 && b <= 0x39 {
            digits += 1
            folded[length] = b
            length += 1
            j += 1
            continue
          }
          let lower = b | 0x20
          if lower >= 0x61 && lower <= 0x7A {
            letters += 1
            if b <= 0x5A { upper += 1 }
            folded[length] = lower
            length += 1
            j += 1
            continue
          }
        } else if CharacterClasses.isLetter(s) {
          letters += 1
          if CharacterClasses.isUppercase(s) { upper += 1 }
          length += Folding.write(s, to: folded + length)
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
          folded[length] = UInt8(ascii: s == "," ? "," : ".")
          length += 1
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
      token.foldedEnd = length
      token.hasLetter = letters > 0
      token.isNumeric = letters == 0 && digits > 0
      token.isCapitalized = letters > 0 && CharacterClasses.isUppercase(scalars[i])
      token.isAllCaps = letters > 1 && upper == letters
      tokens.append(token)
      i = j
    }
    return length
  }

  private static let titleAbbreviations: [[UInt8]] = [
    "gen", "adm", "lt", "col", "maj", "sgt", "capt", "brig", "mr", "mrs", "ms", "dr", "rep", "sen",
    "gov", "cmdr", "prof", "rev", "pres", "sec", "amb", "cpl", "pvt", "st",
  ].map { Array($0.utf8) }

  private static func isTitleAbbreviation(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    titleAbbreviations.contains { $0.elementsEqual(word) }
  }

  /// "U.S.", "U.N.", "U.S.-led": single capital letters each followed by a period.
  private static func acronymEnd(_ s: UnsafeBufferPointer<Unicode.Scalar>, from i: Int) -> Int? {
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
