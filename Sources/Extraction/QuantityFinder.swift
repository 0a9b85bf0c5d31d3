/// Counts and measures: "about 2,500 troops" → 2500 troops (approximate), "three
/// rockets" → 3 rockets, "$5 million" → 5,000,000 dollars, and an implied unit carried
/// forward within a sentence ("2,500 troops in Iraq and 900 in Syria" → 900 troops).
/// Dates, years, times, durations, ages, ordinals, numbers inside names ("Tower 22")
/// and vague amounts ("dozens") are not quantities.
struct QuantityFinder {
  let text: TokenizedText
  let words: [String]
  let classes: [WordClass]
  let sentences: [TextSpan]

  static let units: [String: Double] = [
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
  ]
  static let tens: [String: Double] = [
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
  ]
  private static let multipliers: [String: Double] = [
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "m": 1_000_000,
    "k": 1_000,
  ]
  private static let approximators: [[String]] = [
    ["more", "than"], ["less", "than"], ["fewer", "than"], ["up", "to"], ["at", "least"],
    ["at", "most"], ["close", "to"], ["as", "many", "as"], ["as", "few", "as"], ["upwards", "of"],
    ["an", "estimated"], ["just", "over"], ["just", "under"], ["some"], ["about"], ["around"],
    ["roughly"], ["approximately"], ["nearly"], ["almost"], ["over"], ["estimated"], ["approx"],
    ["circa"], ["under"], ["below"], ["above"], ["nearly"],
  ]
  static let timeUnits: Set<String> = [
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades", "century", "centuries", "am",
    "pm", "gmt", "utc", "o'clock", "night", "nights", "yr", "yrs", "weekend", "weekends",
  ]
  /// Words between a number and the counted noun that are not the noun itself.
  static let modifiers: Set<String> = [
    "more", "additional", "other", "new", "foreign", "armed", "suspected", "unmanned", "heavily",
    "separate", "different", "further", "extra", "local", "senior", "junior", "top", "small",
    "large", "big", "major", "minor", "young", "elderly", "unidentified", "unknown", "allied",
    "enemy", "rival", "fellow", "wounded", "injured", "dead", "killed", "missing", "alleged",
    "explosive-laden", "bomb-laden", "so-called", "active", "regular", "former", "serving",
    "full-time", "main", "key", "of", "the",
  ]
  /// Nouns used as modifiers before the counted noun ("three drone strikes").
  static let nounAdjuncts: Set<String> = [
    "drone", "rocket", "missile", "air", "military", "combat", "security", "police", "army",
    "ground", "special", "government", "civilian", "militia", "coalition", "ballistic",
    "cruise", "suicide", "car", "mortar", "artillery", "tank", "support", "service", "border",
    "navy", "marine", "oil", "aid", "relief", "peacekeeping", "resistance", "opposition",
    "rebel", "guerrilla", "terror", "terrorist", "katyusha", "defense", "defence",
  ]
  static let stopWords: Set<String> = [
    "in", "on", "at", "to", "from", "and", "or", "but", "by", "with", "for", "into", "across",
    "were", "was", "are", "is", "had", "have", "has", "will", "would", "could", "remain",
    "remained", "stay", "left", "who", "which", "that", "as", "per", "a", "an", "each", "of",
    "more", "less", "than", "out", "between", "among", "since", "until", "over", "under", "after",
    "before", "during", "inside", "near", "there", "they", "he", "she", "it", "we", "last", "next",
    "this", "previous", "earlier", "ago", "later", "so", "too", "such", "then", "now", "yet",
    "towards", "afterwards", "always", "perhaps", "besides", "plus", "whereas", "sometimes",
    "does", "goes",
  ]

  func find() -> [Quantity] {
    var result: [Quantity] = []
    let tokens = text.tokens
    var lastUnit: (unit: String, sentence: Int)?
    var sentence = 0
    var i = 0
    while i < tokens.count {
      while sentence + 1 < sentences.count && tokens[i].start >= sentences[sentence + 1].start {
        sentence += 1
      }
      guard tokens[i].isNumeric || classes[i].contains(.numberWord), var parsed = number(at: i)
      else {
        i += 1
        continue
      }
      defer { i = max(i + 1, parsed.end) }
      if isExcluded(first: i, afterLast: parsed.end) { continue }
      var start = tokens[i].start
      var approximate = false
      if let approx = approximator(endingBefore: i) {
        approximate = true
        start = tokens[approx].start
      }
      if let currency = currency(before: i) {
        parsed.unit = currency.unit
        start = min(start, currency.offset)
      }
      var end = tokens[parsed.end - 1].end
      var unit = parsed.unit
      if unit == nil, let noun = countedNoun(from: parsed.end, plural: parsed.value != 1) {
        if classes[noun].contains(.timeUnit) { continue }
        unit = text.surface(noun).lowercased()
        end = tokens[noun].end
      } else if unit == nil, parsed.end < tokens.count,
        ["percent", "per"].contains(words[parsed.end]) || nextIsPercentSign(parsed.end - 1)
      {
        unit = "percent"
        end =
          nextIsPercentSign(parsed.end - 1)
          ? tokens[parsed.end - 1].end + 1 : tokens[parsed.end].end
      } else if unit == nil, let carried = lastUnit, carried.sentence == sentence,
        impliesUnit(parsed.end)
      {
        unit = carried.unit
      }
      // A bare number counts nothing nameable.
      guard let unit else { continue }
      lastUnit = (unit, sentence)
      result.append(
        Quantity(
          value: parsed.value, unit: unit, approximate: approximate, text: text.text(start, end),
          start: start, end: end))
    }
    return result
  }

  struct Parsed {
    var value: Double
    /// Token index after the number (multipliers included).
    var end: Int
    var unit: String?
  }

  /// A number starting at token `i`: digits ("2,500", "1.5") or words ("twenty-five",
  /// "three hundred"), with a following multiplier ("5 million").
  private func number(at i: Int) -> Parsed? {
    let tokens = text.tokens
    var value: Double
    var k = i
    if tokens[i].isNumeric {
      guard let v = Double(words[i].filter { $0 != "," }) else { return nil }
      value = v
      k += 1
    } else if let u = QuantityFinder.units[words[i]] {
      if words[i] == "dozen" && !(i > 0 && words[i - 1] == "a") { return nil }
      value = u
      k += 1
    } else if let t = QuantityFinder.tens[words[i]] {
      value = t
      k += 1
      if k < tokens.count, tokens[k].hyphenBefore, let u = QuantityFinder.units[words[k]], u < 10 {
        value += u
        k += 1
      }
    } else {
      return nil
    }
    while k < tokens.count, tokens[k].softBefore || tokens[k].hyphenBefore,
      let m = QuantityFinder.multipliers[words[k]],
      !(words[k] == "m" || words[k] == "k") || !tokens[k].softBefore
        || tokens[k].start == tokens[k - 1].end
    {
      value *= m
      k += 1
    }
    return Parsed(value: value, end: k, unit: nil)
  }

  private func isExcluded(first i: Int, afterLast end: Int) -> Bool {
    let tokens = text.tokens
    let word = words[i]
    // "one of", "no one", "the one".
    if word == "one" {
      if end < tokens.count && ["of", "another", "day", "side", "way", "hand"].contains(words[end])
      {
        return true
      }
      if i > 0
        && ["no", "the", "this", "that", "every", "any", "each", "which", "someone", "anyone"]
          .contains(words[i - 1])
      {
        return true
      }
      // "one economist said", "said one official": a source described, not a count.
      if end + 1 < tokens.count, tokens[end].hasLetter, !tokens[end].isCapitalized,
        classes[end + 1].contains(.speechVerb) || (i > 0 && classes[i - 1].contains(.speechVerb))
      {
        return true
      }
    }
    // Years.
    if tokens[i].isNumeric, end == i + 1, let v = Double(word), v >= 1900, v <= 2100,
      !word.contains(",")
    {
      return true
    }
    // Dates: "July 26", "26 July".
    if i > 0, tokens[i].softBefore, classes[i - 1].contains(.month),
      tokens[i - 1].isCapitalized
    {
      return true
    }
    if end < tokens.count, classes[end].contains(.month), tokens[end].isCapitalized {
      return true
    }
    // Times: "10:30", "9 a.m.".
    if end < tokens.count, tokens[end].start == tokens[end - 1].end + 1,
      text.scalars[tokens[end - 1].end] == ":"
    {
      return true
    }
    if i > 1, text.scalars[tokens[i].start - 1] == ":", tokens[i - 1].isNumeric { return true }
    // Inside a name: "Tower 22", "Resolution 2231", "Covid-19".
    if i > 0, tokens[i - 1].isCapitalized, tokens[i].softBefore || tokens[i].hyphenBefore,
      tokens[i].isNumeric,
      !classes[i - 1].contains(.month),
      !QuantityFinder.approximators.contains([words[i - 1]]),
      !classes[i - 1].contains(.nonName)
    {
      return true
    }
    // Ages: "aged 25", "age of 25".
    if i > 0, words[i - 1] == "aged" || (i > 1 && words[i - 1] == "of" && words[i - 2] == "age") {
      return true
    }
    // Ordinals written with digits ("21st") never tokenise as numbers; vague plurals
    // ("dozens", "thousands") are not in the number tables.
    return false
  }

  private func approximator(endingBefore i: Int) -> Int? {
    for phrase in QuantityFinder.approximators {
      let first = i - phrase.count
      guard first >= 0 else { continue }
      if (0..<phrase.count).allSatisfy({
        words[first + $0] == phrase[$0] && text.tokens[first + $0 + 1].softBefore
      }) {
        return first
      }
    }
    return nil
  }

  private func currency(before i: Int) -> (unit: String, offset: Int)? {
    let start = text.tokens[i].start
    guard start > 0 else { return nil }
    switch text.scalars[start - 1] {
    case "$": return ("dollars", start - 1)
    case "€": return ("euros", start - 1)
    case "£": return ("pounds", start - 1)
    default: return nil
    }
  }

  private func nextIsPercentSign(_ last: Int) -> Bool {
    let end = text.tokens[last].end
    return end < text.scalars.count && text.scalars[end] == "%"
  }

  /// The counted noun after a number, skipping capitalised modifiers ("2,500 US troops")
  /// and adjectives ("two more soldiers"). `plural` says the number is not one, so a
  /// following plural is the head of a compound ("two weapons caches").
  private func countedNoun(from k: Int, plural: Bool) -> Int? {
    let tokens = text.tokens
    var j = k
    var steps = 0
    while j < tokens.count, steps < 4, tokens[j].softBefore || tokens[j].hyphenBefore {
      let w = words[j]
      // "two-day visit" is a duration; "1,000-strong force" counts the force.
      let compound =
        tokens[j].hyphenBefore && !classes[j].contains(.timeUnit) && j + 1 < tokens.count
        && tokens[j + 1].softBefore && tokens[j + 1].hasLetter
        && !classes[j + 1].contains(.quantityStop)
      if compound || tokens[j].isCapitalized
        || classes[j].contains(.quantityModifier) && w != "of" && w != "the"
      {
        j += 1
        steps += 1
        continue
      }
      guard tokens[j].hasLetter, classes[j].isDisjoint(with: [.quantityStop, .speechVerb])
      else { return nil }
      // A noun adjunct before the real noun: "three drone strikes", "one drone strike";
      // after one, a word in -s is the verb ("one drone hits").
      if classes[j].contains(.nounAdjunct), j + 1 < tokens.count, tokens[j + 1].softBefore,
        tokens[j + 1].hasLetter, !tokens[j + 1].isCapitalized,
        !classes[j + 1].contains(.quantityStop), plural || !looksPlural(words[j + 1])
      {
        return j + 1
      }
      if plural, isPluralHead(j + 1) { return j + 1 }
      return j
    }
    return nil
  }

  /// A lowercase plural right after the word a number of two or more counts is the head
  /// of a compound ("two weapons caches", "four fuel tankers"): after a plural subject a
  /// verb takes no -s, so the word cannot be the verb.
  private func isPluralHead(_ k: Int) -> Bool {
    let tokens = text.tokens
    guard k < tokens.count, tokens[k].softBefore, tokens[k].hasLetter, !tokens[k].isCapitalized,
      classes[k].isDisjoint(with: [.quantityStop, .speechVerb, .timeUnit]),
      WordClass.dictionaryClasses(text.foldedBytes(k)).contains(.common)
    else { return false }
    return looksPlural(words[k])
  }

  private func looksPlural(_ word: String) -> Bool {
    word.count > 3 && word.hasSuffix("s")
      && !["ss", "us", "is", "'s", "’s"].contains(where: word.hasSuffix)
  }

  /// Nothing that could be a noun follows: "… and 900 in Syria", "900, and".
  private func impliesUnit(_ k: Int) -> Bool {
    k >= text.tokens.count || !text.tokens[k].softBefore
      || classes[k].contains(.quantityStop)
  }
}
