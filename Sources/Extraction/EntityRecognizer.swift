/// Entities with every mention, from known names (watch list, gazetteer) and from
/// capitalised word runs classified by cues: titles before a person, Arabic particles,
/// organisation heads (Alliance, Brigades, Ministry…), facility and place heads.
struct EntityAnalysis: Sendable {
  struct Located: Sendable {
    var entity: Int
    var firstToken: Int
    var lastToken: Int
  }
  var entities: [Entity]
  /// Every mention in text order, pointing into `entities`.
  var mentions: [Located]
}

struct EntityRecognizer {
  let text: TokenizedText
  let sentences: [TextSpan]
  let watchNames: [NameMatcher.Name]
  let gazetteerNames: [NameMatcher.Name]
  /// Gazetteer entry → index of the watch name it is linked to.
  let gazetteerLinks: [Int: Int]

  enum Source: Hashable {
    case watch(Int)
    case gazetteer(Int)
    case heuristic
  }

  struct Candidate {
    var first: Int
    var last: Int
    var type: EntityType?
    var source: Source
    var canonical: String?
    var watched: Bool
    var exactness = 2
  }

  /// Folded lowercase form of each token, and its word classes.
  private let words: [String]
  private let classes: [WordClass]
  /// The names-mode stream: each token's transliteration-folded key.
  private let nameStream: MatchStream
  /// Index of the sentence each token is in.
  private let sentenceOfToken: [Int]
  /// Per sentence: it has a word of another subject (sport, business, fiction…).
  private let otherSubjectSentences: [Bool]
  /// The text has a word of armed conflict somewhere.
  private let textHasArmedCue: Bool

  /// `sentenceOfToken` is `SentenceIndex.sentenceOfTokens(text, sentences)`.
  init(
    text: TokenizedText, words: [String], classes: [WordClass], nameStream: MatchStream,
    sentences: [TextSpan], sentenceOfToken: [Int],
    watchNames: [NameMatcher.Name], gazetteerNames: [NameMatcher.Name], gazetteerLinks: [Int: Int]
  ) {
    self.text = text
    self.sentences = sentences
    self.watchNames = watchNames
    self.gazetteerNames = gazetteerNames
    self.gazetteerLinks = gazetteerLinks
    self.words = words
    self.classes = classes
    self.nameStream = nameStream
    self.sentenceOfToken = sentenceOfToken
    var otherSubject = [Bool](repeating: false, count: max(1, sentences.count))
    for (index, wordClass) in classes.enumerated() where wordClass.contains(.otherSubject) {
      otherSubject[sentenceOfToken[index]] = true
    }
    otherSubjectSentences = otherSubject
    textHasArmedCue = classes.contains { $0.contains(.armedCue) }
  }

  func recognise(watchHits: [NameMatcher.Hit], gazetteerHits: [NameMatcher.Hit]) -> EntityAnalysis {
    let titles = titleTokens()
    var covered = [Bool](repeating: false, count: text.tokens.count)
    var candidates = knownCandidates(
      watchHits: watchHits, gazetteerHits: gazetteerHits, covered: &covered)
    candidates = mergingPlacePrefixes(
      known: candidates,
      chunks: chunkCandidates(covered: covered, titles: titles, surnames: surnames(titles: titles)))
    candidates.sort { $0.first < $1.first }
    var analysis = link(candidates)
    RoleFinder(text: text, words: words, classes: classes, titles: titles).assignRoles(&analysis)
    return analysis
  }

  // MARK: - Known names

  private func knownCandidates(
    watchHits: [NameMatcher.Hit], gazetteerHits: [NameMatcher.Hit], covered: inout [Bool]
  ) -> [Candidate] {
    var all: [Candidate] = []
    all.reserveCapacity(watchHits.count + gazetteerHits.count)
    for hit in watchHits {
      // Fields read in place: a copy of the name would retain its four buffers.
      let type = watchNames[hit.name].type
      var first = extendOverArticle(hit.firstToken)
      // A watched surname inside a full name ("Moqtada al-Sadr" for "al-Sadr") takes the
      // whole name as its mention.
      if type == .PERSON, text.tokens[first].isCapitalized || first < hit.firstToken {
        while first > 0, text.tokens[first].softBefore, !text.tokens[first].hyphenBefore,
          text.tokens[first - 1].isCapitalized, !text.tokens[first - 1].possessive,
          !classes[first - 1].contains(.titleHead),
          !classes[first - 1].contains(.titleModifier),
          !classes[first - 1].contains(.nonName),
          !classes[first - 1].contains(.common)
        {
          first -= 1
        }
      }
      all.append(
        Candidate(
          first: first, last: hit.lastToken, type: type,
          source: .watch(watchNames[hit.name].entry), canonical: watchNames[hit.name].canonical,
          watched: true))
    }
    // Tokens where a known name starts or ends.
    var knownStarts = [Bool](repeating: false, count: text.tokens.count)
    var knownEnds = [Bool](repeating: false, count: text.tokens.count)
    for hit in watchHits + gazetteerHits {
      knownStarts[hit.firstToken] = true
      knownEnds[hit.lastToken] = true
    }
    // Factions some hit names unambiguously: their short or common spellings need no cue.
    var confirmed = Set<Int>()
    for hit in gazetteerHits
    where gazetteerNames[hit.name].type == .FACTION && !isAmbiguous(hit, last: hit.lastToken) {
      confirmed.insert(gazetteerNames[hit.name].entry)
    }
    for hit in gazetteerHits {
      let type = gazetteerNames[hit.name].type
      let entry = gazetteerNames[hit.name].entry
      // A generic lowercase head is not part of the name ("Baghdad airport" → "Baghdad"),
      // unless the whole name is written in lowercase ("kataib hezbollah").
      let lowercase = !text.tokens[hit.firstToken].isCapitalized
      var last = hit.lastToken
      while !lowercase, last > hit.firstToken, !text.tokens[last].isCapitalized { last -= 1 }
      let inner = hit.firstToken...last
      if !lowercase,
        inner.contains(where: {
          !text.tokens[$0].isCapitalized && !classes[$0].contains(.nameParticle)
            && !["of", "the", "and", "for", "in"].contains(words[$0]) && text.tokens[$0].hasLetter
        })
      {
        continue
      }
      // A single-word place or people next to an unknown capitalised word is part of
      // a longer name ("Hassan Nasrallah", "Basra Oil Company").
      if hit.firstToken == last, !text.tokens[last].isAllCaps,
        isUnknownNameNeighbour(last + 1, knownStarts: knownStarts, after: true)
          || (!text.tokens[hit.firstToken].isAllCaps
            && isUnknownNameNeighbour(hit.firstToken - 1, knownStarts: knownEnds, after: false))
      {
        continue
      }
      // Folding finds "Hizballah" for "Hezbollah"; for a one-word place it finds surnames
      // ("Soleimani" folds like "Sulaimani").
      if hit.exactness == 0, hit.firstToken == last, type != .FACTION, type != .ORG {
        continue
      }
      let linked = !gazetteerLinks.isEmpty && gazetteerLinks[entry] != nil
      if type == .FACTION, !linked, isAmbiguous(hit, last: last), !confirmed.contains(entry),
        !hasFactionCue(
          around: hit.firstToken...last, armedOrElectoral: gazetteerNames[hit.name].acronym)
      {
        continue
      }

      var candidate = Candidate(
        first: extendOverArticle(hit.firstToken), last: last, type: type,
        source: .gazetteer(entry), canonical: lowercase ? gazetteerNames[hit.name].canonical : nil,
        watched: false, exactness: hit.exactness)
      if !gazetteerLinks.isEmpty, let watchIndex = gazetteerLinks[entry] {
        let watch = watchNames[watchIndex]
        candidate.source = .watch(watch.entry)
        candidate.canonical = watch.canonical
        candidate.type = watch.type
        candidate.watched = true
      }
      all.append(candidate)
    }
    // Longest first, watched before gazetteer; then keep what does not overlap.
    all.sort {
      let a = $0.last - $0.first
      let b = $1.last - $1.first
      if a != b { return a > b }
      if $0.watched != $1.watched { return $0.watched }
      if $0.exactness != $1.exactness { return $0.exactness > $1.exactness }
      return $0.first < $1.first
    }
    var kept: [Candidate] = []
    kept.reserveCapacity(all.count)
    for candidate in all where !(candidate.first...candidate.last).contains(where: { covered[$0] })
    {
      for k in candidate.first...candidate.last { covered[k] = true }
      kept.append(candidate)
    }
    return kept
  }

  /// A faction hit that could be something else: a spelling the gazetteer marks as an
  /// everyday name ("Wagner", "Peace Brigades"), or one word that is a common word
  /// ("Republicans"), an acronym ("SNA" is also IBM's network architecture) or reached
  /// only through transliteration folding ("Küche" for "Kach").
  private func isAmbiguous(_ hit: NameMatcher.Hit, last: Int) -> Bool {
    if gazetteerNames[hit.name].needsCue { return true }
    guard hit.firstToken == last else { return false }
    return gazetteerNames[hit.name].acronym || hit.exactness == 0
      || WordClass.dictionaryClasses(text.foldedBytes(last)).contains(.common)
  }

  /// A word of conflict or politics in the sentence of `tokens`, outside them. An acronym
  /// ("ETA", "AQI" are also an arrival time and an air quality index) needs a word of
  /// armed conflict or of elections and parties: "the city government said" is no cue.
  private func hasFactionCue(around tokens: ClosedRange<Int>, armedOrElectoral: Bool = false)
    -> Bool
  {
    func isCue(_ k: Int) -> Bool {
      guard classes[k].contains(.factionCue) else { return false }
      return !armedOrElectoral || !classes[k].isDisjoint(with: [.armedCue, .electoralCue])
    }
    let sentence = sentenceOfToken[tokens.lowerBound]
    var k = tokens.lowerBound - 1
    while k >= 0, sentenceOfToken[k] == sentence {
      if isCue(k) { return true }
      k -= 1
    }
    k = tokens.upperBound + 1
    while k < text.tokens.count, sentenceOfToken[k] == sentence {
      if isCue(k) { return true }
      k += 1
    }
    return false
  }

  private func isUnknownNameNeighbour(_ k: Int, knownStarts: [Bool], after: Bool) -> Bool {
    guard k >= 0, k < text.tokens.count, !knownStarts[k] else { return false }
    let token = text.tokens[k]
    let joined =
      after ? token.softBefore && !text.tokens[k - 1].possessive : text.tokens[k + 1].softBefore
    guard joined, !token.hyphenBefore || !after, token.isCapitalized, !token.isAllCaps,
      !token.possessive || after
    else { return false }
    // An article is part of the name ("Al-Shabaab"), not another name.
    return classes[k].isDisjoint(
      with: [.titleHead, .titleModifier, .nonName, .month, .weekday, .common, .article])
  }

  /// "Gaza Health Ministry", "Iraqi Communist Party": a place or nationality right before
  /// an unknown organisation name is part of it (but "Iraq's Popular Mobilization Units"
  /// is two names).
  private func mergingPlacePrefixes(known: [Candidate], chunks: [Candidate]) -> [Candidate] {
    // Per token, the known one-word place or people (or, for a region's name before a
    // facility's head, "Sahel International Airport", the location) ending there, as its
    // index in `known`, or -1. Known names do not overlap, so each token has one at most.
    var knownByLast = [Int32](repeating: -1, count: text.tokens.count)
    var placeByLast = [Int32](repeating: -1, count: text.tokens.count)
    for (index, candidate) in known.enumerated()
    where candidate.first == candidate.last && !candidate.watched {
      if candidate.type == .GPE || candidate.type == .NORP {
        knownByLast[candidate.last] = Int32(index)
      } else if candidate.type == .LOC {
        placeByLast[candidate.last] = Int32(index)
      }
    }
    var removed = [Bool](repeating: false, count: known.count)
    var merged = chunks
    for (index, chunk) in chunks.enumerated() {
      // "Baghdad International Airport", "the Dutch Embassy": a facility named after a place.
      let facility =
        chunk.type == .FAC
        || chunk.type == nil && chunk.first == chunk.last
          && classes[chunk.last].contains(.facilityHead)
      guard chunk.type == .ORG || chunk.type == .FACTION || facility else { continue }
      let previous = chunk.first - 1
      guard previous >= 0 else { continue }
      var k = Int(knownByLast[previous])
      if k < 0 && facility { k = Int(placeByLast[previous]) }
      guard k >= 0, text.tokens[chunk.first].softBefore,
        !text.tokens[chunk.first].hyphenBefore, !text.tokens[previous].possessive,
        text.tokens[previous].isCapitalized
      else { continue }
      merged[index].first = previous
      if facility { merged[index].type = .FAC }
      removed[k] = true
    }
    var result: [Candidate] = []
    result.reserveCapacity(known.count + merged.count)
    for (index, candidate) in known.enumerated() where !removed[index] { result.append(candidate) }
    result.append(contentsOf: merged)
    return result
  }

  /// "al-Sadr", "Al Qaeda": the article belongs to the name.
  private func extendOverArticle(_ first: Int) -> Int {
    guard first > 0 else { return first }
    let previous = first - 1
    let token = text.tokens[first]
    guard token.softBefore, isArticleWord(previous) else { return first }
    return token.hyphenBefore || text.tokens[previous].isCapitalized ? previous : first
  }

  private func isArticleWord(_ index: Int) -> Bool {
    let word = classes[index]
    return word.contains(.article)
      || (word.contains(.assimilatedArticle) && text.tokens.indices.contains(index + 1)
        && text.tokens[index + 1].hyphenBefore)
  }

  // MARK: - Titles

  /// Capitalised title words ("President", "Prime Minister", "Gen.") that are never
  /// part of a name span.
  private func titleTokens() -> [Bool] {
    var titles = [Bool](repeating: false, count: text.tokens.count)
    for index in text.tokens.indices where text.tokens[index].isCapitalized {
      guard classes[index].contains(.titleHead) else { continue }
      titles[index] = true
      var k = index - 1
      while k >= 0, text.tokens[k + 1].softBefore, text.tokens[k].isCapitalized,
        classes[k].contains(.titleModifier) || classes[k].contains(.titleHead)
      {
        titles[k] = true
        k -= 1
      }
      // "Secretary of State Antony Blinken", "Minister of Defense X".
      if index + 2 < text.tokens.count, words[index + 1] == "of" {
        var j = index + 2
        if j < text.tokens.count, words[j] == "the" { j += 1 }
        var marked: [Int] = []
        while j < text.tokens.count, text.tokens[j].isCapitalized,
          classes[j].contains(.titleModifier) || words[j] == "affairs"
            || words[j] == "interior" || words[j] == "defense" || words[j] == "state"
        {
          marked.append(j)
          j += 1
        }
        if !marked.isEmpty, j < text.tokens.count, text.tokens[j].isCapitalized {
          for m in marked { titles[m] = true }
          titles[index + 1] = true
          if words[index + 2] == "the" { titles[index + 2] = true }
        }
      }
    }
    return titles
  }

  // MARK: - Capitalised runs

  /// Words introduced as a surname: after a first name that is no English word ("Laura
  /// Baker") or a title ("Secretary Baker"). Alone later, at the start of a clause
  /// ("Baker said"), such a word is the name, whatever the dictionary says.
  private func surnames(titles: [Bool]) -> Set<String> {
    var result = Set<String>()
    let tokens = text.tokens
    for k in tokens.indices.dropFirst()
    where tokens[k].isCapitalized && !tokens[k].isAllCaps && tokens[k].softBefore
      && classes[k].contains(.common) && !tokens[k - 1].possessive
      && sentenceOfToken[k] == sentenceOfToken[k - 1]
    {
      let before = classes[k - 1]
      // A first name: no English word ("Asaad Rivers"), or a name after a title even when
      // it is one ("General Peter Stone").
      let firstName =
        tokens[k - 1].isCapitalized && !tokens[k - 1].isAllCaps
        && before.isDisjoint(with: [.nonName, .month, .weekday, .titleHead, .titleModifier])
        && (!before.contains(.common) || k >= 2 && titles[k - 2] && tokens[k - 1].softBefore)
      if firstName || titles[k - 1],
        classes[k].isDisjoint(with: [
          .nonName, .month, .weekday, .titleHead, .roleWord, .orgHead, .factionHead,
          .facilityHead, .locationHead, .placeHead, .eventHead,
        ])
      {
        result.insert(words[k])
      }
    }
    return result
  }

  /// A surname of the text standing alone ("Baker said"), not the first word of a longer
  /// capitalised phrase ("Political Forces").
  private func isLoneSurname(_ i: Int, _ surnames: Set<String>) -> Bool {
    guard !surnames.isEmpty, surnames.contains(words[i]) else { return false }
    let next = i + 1
    return next >= text.tokens.count || !text.tokens[next].softBefore
      || !text.tokens[next].isCapitalized
  }

  private func chunkCandidates(covered: [Bool], titles: [Bool], surnames: Set<String>)
    -> [Candidate]
  {
    var result: [Candidate] = []
    let tokens = text.tokens
    let headline = headlineSentences()
    var i = 0
    while i < tokens.count {
      guard !covered[i] else {
        i += 1
        continue
      }
      var start = i
      if isLeadingParticle(i, covered: covered) {
        start = i
      } else if !isNameToken(
        i, titles: titles, covered: covered, headline: headline, surnames: surnames)
      {
        i += 1
        continue
      }
      var end = start
      if isLeadingParticle(start, covered: covered) { end = start + 1 }
      while true {
        if tokens[end].possessive { break }
        let next = end + 1
        guard next < tokens.count, !covered[next],
          tokens[next].softBefore || isInitial(end, before: next, start: start),
          sentenceOfToken[next] == sentenceOfToken[start]
        else { break }
        if tokens[next].hyphenBefore && !classes[end].contains(.nameParticle) { break }
        if isNameToken(
          next, titles: titles, covered: covered, headline: headline, surnames: surnames,
          inside: true)
        {
          end = next
          continue
        }
        // Lowercase particles inside a name: "Abu Ali al-Askari", "Osama bin Laden".
        if classes[next].contains(.nameParticle), !tokens[next].isCapitalized,
          next + 1 < tokens.count, !covered[next + 1], tokens[next + 1].isCapitalized,
          tokens[next + 1].softBefore
        {
          end = next + 1
          continue
        }
        // "Ministry of Defense", "Islamic Resistance in Iraq"; but "the People Power
        // Party in Seoul" is a party and a place.
        if (words[next] == "of" || words[next] == "for") && isOrganisationHead(end)
          || words[next] == "in" && words[end] == "resistance"
        {
          var j = next + 1
          if j < tokens.count, words[j] == "the" { j += 1 }
          if j < tokens.count, !covered[j], tokens[j].isCapitalized, tokens[j].softBefore,
            !titles[j]
          {
            end = j
            continue
          }
        }
        break
      }
      // A capitalised title right before an organisation name belongs to it ("Imam Ali Brigades").
      if start > 0, titles[start - 1], tokens[start].softBefore, isOrganisationHead(end) {
        start -= 1
      }
      if let type = facilityOrClub(start, end) ?? classify(start, end, titles: titles) {
        result.append(
          Candidate(
            first: start, last: end, type: type, source: .heuristic, canonical: nil, watched: false)
        )
      } else {
        result.append(
          Candidate(
            first: start, last: end, type: nil, source: .heuristic, canonical: nil, watched: false))
      }
      i = end + 1
    }
    return result
  }

  /// A facility named before its lowercase head ("the Qasr al-Jabal garrison", "at Khor
  /// Safwan port", "on Ain Dhahab air base"), a facility whose own head is capitalised
  /// ("Tahrir Square"), a sports club ("Real Valmora", "Dynamo Kovel"), or an armed group
  /// named before its lowercase head ("the Hurras al-Wadi group").
  private func facilityOrClub(_ first: Int, _ last: Int) -> EntityType? {
    let tokens = text.tokens
    // "Real Valmora"; not an event ("… Games") nor "Real IRA".
    if classes[last].contains(.eventHead) { return nil }
    if classes[first].contains(.clubWord) && first < last && !tokens[last].isAllCaps
      || classes[last].contains(.clubWord) && tokens[last].isAllCaps && first < last
    {
      return .ORG
    }
    var next = last + 1
    // "the Hurras al-Wadi group": a name before a lowercase armed group's head.
    // Only a name that is no run of English words, in a sentence of conflict or politics
    // ("the Resources group for your project" is none).
    if next < tokens.count, first > 0, words[first - 1] == "the", tokens[next].softBefore,
      !tokens[next].isCapitalized, !tokens[last].possessive,
      Self.groupNouns.contains(words[next]),
      (first...last).contains(where: {
        tokens[$0].isCapitalized && !classes[$0].contains(.common)
      }),
      classes[first...last].contains(where: { $0.contains(.factionMarker) })
        || hasFactionCue(around: first...next)
    {
      return .FACTION
    }
    if next + 1 < tokens.count, words[next] == "air", words[next + 1] == "base" { next += 1 }
    if next < tokens.count, tokens[next].softBefore, !tokens[next].isCapitalized,
      !tokens[last].possessive, classes[next].contains(.facilityNoun), first > 0,
      Self.facilityLeads.contains(words[first - 1])
        || text.tokens[first].isCapitalized && classes[first].contains(.article)
    {
      return .FAC
    }
    let head = classes[last]
    if first < last, head.contains(.facilityHead),
      head.isDisjoint(with: [.factionHead, .orgHead]),
      !["camp", "fort"].contains(words[first])
    {
      return .FAC
    }
    return nil
  }

  /// Lowercase heads after the name of an armed group ("the Wagner group").
  private static let groupNouns: Set<String> = [
    "group", "militia", "movement", "brigades", "faction", "rebels", "insurgents",
  ]

  /// Words before a facility's name: an article or a preposition of place ("the Wadi Karam
  /// crossing", "at Khor Safwan port"); after a bare name the head may be a verb ("Ali
  /// Hassan crossing the road").
  private static let facilityLeads: Set<String> = [
    "the", "at", "in", "near", "on", "to", "from", "into", "outside", "inside", "toward",
    "towards", "around", "of", "off", "over", "via", "through", "across",
  ]

  /// "Mary K. Lawson": one capital letter and its full stop inside a name, after a first
  /// name and before another name word.
  private func isInitial(_ k: Int, before next: Int, start: Int) -> Bool {
    let token = text.tokens[k]
    guard k > start, token.end - token.start == 1, token.isCapitalized,
      text.tokens[next].isCapitalized, !text.tokens[next].isAllCaps,
      // After a first name ("Mary K."), not an ordinal ("World War I. Political…").
      !classes[k - 1].contains(.common) || classes[k - 1].contains(.properName)
    else { return false }
    let gap = text.scalars[token.end..<text.tokens[next].start]
    return gap.first == "." && gap.dropFirst().allSatisfy { $0 == " " } && gap.count == 2
  }

  private func isLeadingParticle(_ i: Int, covered: [Bool]) -> Bool {
    guard i + 1 < text.tokens.count, !covered[i + 1],
      !text.tokens[i].isCapitalized || isArticleWord(i)
    else { return false }
    return isArticleWord(i) && text.tokens[i + 1].hyphenBefore && text.tokens[i + 1].isCapitalized
  }

  private func isOrganisationHead(_ token: Int) -> Bool {
    !classes[token].isDisjoint(with: [.factionHead, .orgHead, .facilityHead, .locationHead])
  }

  /// Sentences in title case (most words capitalised): only uncommon words are names there.
  private func headlineSentences() -> Set<Int> {
    var capitalised = [Int](repeating: 0, count: sentences.count)
    var total = [Int](repeating: 0, count: sentences.count)
    for (index, token) in text.tokens.enumerated() where token.hasLetter {
      total[sentenceOfToken[index]] += 1
      if token.isCapitalized { capitalised[sentenceOfToken[index]] += 1 }
    }
    var result: Set<Int> = []
    for s in sentences.indices where total[s] >= 4 && capitalised[s] * 10 >= total[s] * 7 {
      result.insert(s)
    }
    return result
  }

  private func isClauseInitial(_ i: Int) -> Bool {
    if i == 0 || sentenceOfToken[i - 1] != sentenceOfToken[i] { return true }
    var k = text.tokens[i].start - 1
    while k >= 0, CharacterClasses.isWhitespace(text.scalars[k]) { k -= 1 }
    guard k >= 0 else { return true }
    let c = text.scalars[k]
    return CharacterClasses.isQuoteMark(c) || c == "‘" || c == "(" || c == ":" || c == "—"
      || c == "–"
      || c == ";"
  }

  private func isNameToken(
    _ i: Int, titles: [Bool], covered: [Bool], headline: Set<Int>, surnames: Set<String>,
    inside: Bool = false
  ) -> Bool {
    let token = text.tokens[i]
    guard token.hasLetter, token.isCapitalized, !titles[i], !covered[i] else { return false }
    let word = classes[i]
    if !word.isDisjoint(with: [.nonName, .weekday]) { return false }
    if word.contains(.month) && !isFirstName(month: i, covered: covered) { return false }
    if token.isAllCaps && token.end - token.start > 1 && !inside { return true }
    let common = word.contains(.common)
    if headline.contains(sentenceOfToken[i]) {
      return !common || inside && isOrganisationHead(i)
    }
    if !inside && common && isClauseInitial(i) && !isLoneSurname(i, surnames) {
      // "Under the deal" is a sentence start; "Mark Smith said" is a name.
      let next = i + 1
      return next < text.tokens.count && text.tokens[next].softBefore && !covered[next]
        && text.tokens[next].isCapitalized && !titles[next]
        && !classes[next].contains(.common) && !text.tokens[i].possessive
        && !classes[next].contains(.nonName)
    }
    return true
  }

  /// "Jan Wrobel", "June Okafor": a month's name (or its abbreviation) right before a
  /// capitalised word that is no English word nor a known name is a first name; "Jan 14"
  /// and "May Baghdad" are dates and places.
  private func isFirstName(month i: Int, covered: [Bool]) -> Bool {
    let next = i + 1
    guard next < text.tokens.count, !covered[next], text.tokens[next].softBefore,
      text.tokens[next].isCapitalized, !text.tokens[next].isAllCaps,
      sentenceOfToken[next] == sentenceOfToken[i],
      !text.scalars[text.tokens[i].end..<text.tokens[next].start].contains(".")
    else { return false }
    return classes[next].isDisjoint(with: [
      .common, .nonName, .month, .weekday, .titleHead, .titleModifier,
    ])
  }

  // MARK: - Classification

  private func classify(_ first: Int, _ last: Int, titles: [Bool]) -> EntityType? {
    let chunk = Array(words[first...last])
    // In "Ministry of Defense" the head is the word before the connector.
    let connector = chunk.dropFirst().firstIndex { $0 == "of" || $0 == "for" || $0 == "in" }
    let headIndex = first + (connector.map { $0 - 1 } ?? chunk.count - 1)
    let head = words[headIndex]
    let headClass = classes[headIndex]
    let chunkClasses = classes[first...last]
    // Deals, laws, operations and events are not entities ("Strategic Framework Agreement").
    if headClass.contains(.eventHead) || chunk[0] == "operation" { return nil }
    let hasFactionMarker = chunkClasses.contains { $0.contains(.factionMarker) }
    let hasStateMarker = chunkClasses.contains { $0.contains(.stateMarker) }
    let precededByCountry = first > 0 && isCountryWord(first - 1)
    // Honours are no group: "the Legion of Honour".
    if chunk.count > 2, Lexicon.decorations.contains(chunk[chunk.count - 1]) { return nil }
    if headClass.contains(.factionHead) || (hasFactionMarker && chunk.count > 1) {
      let stateLike = [
        "forces", "army", "corps", "division", "regiment", "guard", "guards", "command",
      ]
      if stateLike.contains(head) && (hasStateMarker || precededByCountry) { return .ORG }
      if headClass.contains(.orgHead) && !hasFactionMarker { return .ORG }
      // One word ("Resistance", "Legion") is a common noun, even a marker word.
      return hasFactionMarker && first < last
        ? .FACTION : namedGroupType(first, last, head: headIndex)
    }
    if headClass.contains(.orgHead) { return .ORG }
    // Heads written first: "Camp Taji", "Mount Sinjar", "Lake Tharthar".
    if chunk.count > 1, ["camp", "fort", "forward"].contains(chunk[0]) { return .FAC }
    if chunk.count > 1, ["mount", "lake", "cape", "wadi", "jebel", "jabal"].contains(chunk[0]) {
      return .LOC
    }
    if headClass.contains(.facilityHead) && chunk.count > 1 { return .FAC }
    if headClass.contains(.locationHead) && chunk.count > 1 { return .LOC }
    if headClass.contains(.placeHead) && chunk.count > 1 { return .GPE }
    if chunkClasses.contains(where: { $0.contains(.personParticle) }) { return .PERSON }
    let single = first == last || (first + 1 == last && isArticleWord(first))
    // "MR KIRBY:" in a transcript is a person, not an acronym.
    if hasPersonContext(first, last, titles: titles) { return .PERSON }
    if single && text.tokens[last].isAllCaps && text.tokens[last].end - text.tokens[last].start <= 6
    {
      return .ORG
    }
    let placePreposition =
      first > 0
      && ["in", "near", "outside", "from", "to", "across", "into", "towards", "toward"].contains(
        words[first - 1])
    if !single && placePreposition && !text.tokens[first].isAllCaps { return .GPE }
    if !single {
      // A person's name has a word that is a known name or not an ordinary English word
      // ("Strategic Dialogue" is neither).
      let allCommon = (first...last).allSatisfy { k in
        // Lowercase tokens were not looked up in the dictionary (connectors, particles).
        let word =
          text.tokens[k].isCapitalized
          ? classes[k] : classes[k].union(WordClass.dictionaryClasses(text.foldedBytes(k)))
        return (word.contains(.common) && !word.contains(.properName))
          || word.contains(.nameParticle)
      }
      if allCommon { return nil }
      return chunk.count <= 4 ? .PERSON : .ORG
    }
    if placePreposition && !text.tokens[first].isAllCaps {
      return .GPE
    }
    return nil
  }

  /// A generic head ("Party", "League", "Army", "Alliance") names a faction only after a
  /// name and with a word of conflict or politics in the sentence ("the Communist Party
  /// won"), or, for a name that is no ordinary English word or follows a known place or
  /// people, a word of armed conflict anywhere in the text. Without one a name that is no ordinary word is at most
  /// an organisation (a product's "DZero Units"); in a sentence on sport, business,
  /// fiction and the like too ("Jupiler Pro League"), and "the Birthday Party" is none.
  /// A name that starts inside a hyphenated word ("Wi-Fi Alliance") is not one.
  private func namedGroupType(_ first: Int, _ last: Int, head: Int) -> EntityType? {
    if text.tokens[first].hyphenBefore { return nil }
    let nameWords = (first...last).filter { k in
      k != head && text.tokens[k].isCapitalized && !classes[k].contains(.nameParticle)
    }
    guard !nameWords.isEmpty else { return nil }
    let uncommon = nameWords.contains { !classes[$0].contains(.common) }
    if otherSubjectSentences[sentenceOfToken[first]] { return uncommon ? .ORG : nil }
    let afterKnownName =
      first > 0 && text.tokens[first].softBefore && text.tokens[first - 1].isCapitalized
      && !text.tokens[first - 1].possessive && !isClauseInitial(first - 1)
    if hasFactionCue(around: first...last) || (uncommon || afterKnownName) && textHasArmedCue {
      return .FACTION
    }
    return uncommon ? .ORG : nil
  }

  /// A title or role just before, or a speech verb just after.
  private func hasPersonContext(_ first: Int, _ last: Int, titles: [Bool]) -> Bool {
    if first > 0, text.tokens[first].softBefore,
      titles[first - 1] || classes[first - 1].contains(.roleWord)
    {
      return true
    }
    if last + 1 < text.tokens.count, text.tokens[last + 1].softBefore,
      classes[last + 1].contains(.speechVerb) && !text.tokens[last].possessive
    {
      return true
    }
    // "…," said Haddad. / according to Haddad: the name ends the attribution.
    let endsClause = last + 1 >= text.tokens.count || !text.tokens[last + 1].softBefore
    if first > 0, text.tokens[first].softBefore, endsClause, !text.tokens[first - 1].isCapitalized,
      Lexicon.invertedSpeechVerbs.contains(words[first - 1])
    {
      return true
    }
    if first > 1, text.tokens[first].softBefore, text.tokens[first - 1].softBefore,
      words[first - 2] == "according", words[first - 1] == "to"
    {
      return true
    }
    return hasPersonAppositive(after: last)
  }

  /// "Haddad, a spokesman for the group," / "Haddad, the group's military commander,": a
  /// person's role right after the name's comma (not "…, the political wing of …").
  private func hasPersonAppositive(after last: Int) -> Bool {
    let next = last + 1
    guard next < text.tokens.count, !text.tokens[next].softBefore,
      text.gap(between: last, and: next, contains: ",")
    else { return false }
    var k = next
    while k < text.tokens.count, k - next < 4, k == next || text.tokens[k].softBefore {
      if !text.tokens[k].isCapitalized, classes[k].contains(.roleWord) {
        return !Lexicon.organisationRoles.contains(words[k])
      }
      k += 1
    }
    return false
  }

  private func isCountryWord(_ i: Int) -> Bool {
    text.tokens[i].isCapitalized
      && (words[i] == "us" || words[i] == "iraqi" || words[i] == "american")
  }

  // MARK: - Linking mentions into entities

  /// The names-mode keys of tokens `first...last`, joined by spaces, into `bytes`.
  private func nameKey(_ first: Int, _ last: Int, into bytes: inout [UInt8]) {
    bytes.removeAll(keepingCapacity: true)
    for k in first...last {
      let part = nameStream.key(ofToken: k)
      guard !part.isEmpty else { continue }
      if !bytes.isEmpty { bytes.append(0x20) }
      bytes.append(contentsOf: part)
    }
  }

  /// A source as one number: a watch entry or a gazetteer entry.
  private static func sourceNumber(_ source: Source) -> Int? {
    switch source {
    case .watch(let entry): return 2 * entry
    case .gazetteer(let entry): return 2 * entry + 1
    case .heuristic: return nil
    }
  }

  private func link(_ candidates: [Candidate]) -> EntityAnalysis {
    var entities: [Entity] = []
    var mentions: [EntityAnalysis.Located] = []
    mentions.reserveCapacity(candidates.count)
    var bySource: [Int: Int] = [:]
    bySource.reserveCapacity(candidates.count)
    var byKey = NameIndex(capacity: candidates.count)
    var bySurname = NameIndex(capacity: candidates.count)
    var byAcronym = NameIndex(capacity: 4)
    /// Scalar length of each entity's current name, to keep the fullest spelling.
    var nameLengths: [Int] = []
    /// Per entity: a known name (watch list, gazetteer) gave it its type.
    var typedByKnownName: [Bool] = []
    var keyBytes: [UInt8] = []
    var acronymBytes: [UInt8] = []
    // Typed names first, so a bare "Nujaba" before "Al-Nujaba" still finds its entity.
    var ordered: [Candidate] = []
    ordered.reserveCapacity(candidates.count)
    for candidate in candidates where candidate.type != nil { ordered.append(candidate) }
    for candidate in candidates where candidate.type == nil { ordered.append(candidate) }
    for candidate in ordered {
      nameKey(candidate.first, candidate.last, into: &keyBytes)
      let key = keyBytes[...]
      let source = EntityRecognizer.sourceNumber(candidate.source)
      var index: Int?
      if let source {
        index = bySource[source] ?? byKey[key]
      } else {
        index = byKey[key] ?? byAcronym[key]
        if index == nil, candidate.type == nil || candidate.type == .PERSON,
          candidate.first == candidate.last || !key.contains(0x20)
        {
          index = bySurname[key]
        }
      }
      // An untyped run that names nothing seen before is not an entity.
      if index == nil && candidate.type == nil { continue }
      let span = TextSpan(
        start: text.tokens[candidate.first].start, end: text.tokens[candidate.last].end)
      let mention = Mention(text: text.text(span.start, span.end), start: span.start, end: span.end)
      if index == nil, let type = candidate.type {
        index = entities.count
        entities.append(
          Entity(
            name: candidate.canonical ?? mention.text, type: type, mentions: [],
            watched: candidate.watched))
        nameLengths.append(candidate.canonical?.unicodeScalars.count ?? span.end - span.start)
        typedByKnownName.append(false)
      }
      let e = index!
      // "PKK says" alone in a headline reads as a person or some organisation's acronym;
      // the gazetteer's faction, confirmed by a cue further on, says what it is.
      if candidate.type == .FACTION, candidate.source != .heuristic, !typedByKnownName[e],
        entities[e].type == .ORG || entities[e].type == .PERSON
      {
        entities[e].type = .FACTION
      }
      if candidate.source != .heuristic { typedByKnownName[e] = true }
      entities[e].mentions.append(mention)
      mentions.append(
        EntityAnalysis.Located(entity: e, firstToken: candidate.first, lastToken: candidate.last))
      if let source { bySource[source] = e }
      byKey.setIfAbsent(key, to: e)
      if entities[e].type == .PERSON {
        let surname = key.lastIndex(of: 0x20).map { key[($0 + 1)...] } ?? key
        bySurname.setIfAbsent(surname, to: e)
      }
      // An acronym defined in parentheses: "Popular Mobilization Units (PMU)".
      if parenthesisedAcronym(after: candidate.last, into: &acronymBytes) {
        byAcronym.set(acronymBytes[...], to: e)
      }
      // Canonical name: the config's, else the fullest spelling in the article.
      if !entities[e].watched, span.end - span.start > nameLengths[e],
        !(text.tokens[candidate.first].isAllCaps && candidate.first == candidate.last)
      {
        entities[e].name = mention.text
        nameLengths[e] = span.end - span.start
      }
    }
    for e in entities.indices { entities[e].mentions.sort { $0.start < $1.start } }
    mentions.sort { $0.firstToken < $1.firstToken }
    return EntityAnalysis(entities: entities, mentions: mentions)
  }

  /// Whether an acronym in parentheses follows token `last`; its key goes into `bytes`.
  private func parenthesisedAcronym(after last: Int, into bytes: inout [UInt8]) -> Bool {
    let next = last + 1
    guard next < text.tokens.count, text.tokens[next].isAllCaps else { return false }
    let open = text.tokens[next].start - 1
    let close = text.tokens[next].end
    guard open >= 0, close < text.scalars.count, text.scalars[open] == "(",
      text.scalars[close] == ")"
    else {
      return false
    }
    nameKey(next, next, into: &bytes)
    return true
  }
}
