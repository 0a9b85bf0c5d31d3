/// Credits each quote to a speaker. In order: an attribution after the quote
/// ("…," X said / said X / it added / he said), "according to X", an attribution before
/// it in the same sentence (X said: “…”, X said it considered the deal “…”), the speaker
/// of an earlier quote in the same sentence, and — for a quote that opens its sentence
/// with no attribution — the previous speaker. A short quote inside a sentence with no
/// attribution is a scare quote (no speaker). An outlet relaying words ("…," Press TV
/// wrote) is never the speaker; a joint statement has none.
///
/// After a quote the name may sit inside a long apposition ("…," Hadi Karim, a brigade
/// commander in the province, told Reuters / "…," the ministry's deputy director, Samir
/// Haddad, said). An unnamed spokesperson of a named organisation ("a party official")
/// is that organisation; any other unnamed source has no speaker. "The ministry said" is
/// the organisation so described lately; "the statement said" the one that spoke or issued
/// it. A quote continuing with no cue goes to whoever spoke last, in quotes or in reported
/// speech between them.
struct QuoteAttributor {
  let text: TokenizedText
  let words: [String]
  let classes: [WordClass]
  let sentences: [TextSpan]
  let analysis: EntityAnalysis

  static let pronounsPerson: Set<String> = ["he", "she"]
  static let pronounsGroup: Set<String> = ["it", "they", "we"]
  static let groupDescriptions: Set<String> = [
    "statement", "group", "movement", "militia", "organisation", "organization", "alliance",
    "ministry", "faction", "spokesman", "spokeswoman", "spokesperson", "office", "brigades",
    "party", "coalition", "bloc", "army", "council", "command", "embassy", "government",
    "department", "agency", "committee", "force", "forces", "communique", "mission",
    "authority", "brigade", "wing",
  ]
  static let personDescriptions: Set<String> = [
    "cleric", "leader", "commander", "minister", "president", "official", "envoy", "lawmaker",
    "general", "prime", "premier", "secretary",
  ]

  struct Attribution {
    var speaker: Int?
    var cue: String?
    var rule: QuoteExplanation.Rule
    var subject: QuoteExplanation.Subject?
  }

  /// Each quote with the rule that chose its speaker (or found none), in text order.
  func attributeExplained(_ allSpans: [TextSpan], topics: [TopicHit]) -> [(
    quote: Quote, explanation: QuoteExplanation
  )] {
    // Quotes nested inside another (‘…’ within “…”) are credited after the outer ones.
    let spans = allSpans.filter { !isNested($0, in: allSpans) }
    let mentionAtToken = mentionIndexByToken()
    var quotes: [(quote: Quote, explanation: QuoteExplanation)] = []
    var lastPersonSpeaker: Int?
    var lastGroupSpeaker: Int?
    var lastSpeaker: Int?
    var lastQuoteSentence = -10
    var previousInSentence: (sentence: Int, speaker: Int?, end: Int)?
    for span in spans {
      let sentence = sentenceIndex(containing: max(span.start - 1, 0))
      let sentenceSpan = sentences.indices.contains(sentence) ? sentences[sentence] : span
      let closing = min(span.end + 1, text.scalars.count)
      let endSentence = sentenceIndex(containing: max(span.end - 1, span.start))
      let afterEnd =
        nextQuoteStart(after: span, in: spans).map {
          min($0, sentences.indices.contains(endSentence) ? sentences[endSentence].end : $0)
        }
        ?? (sentences.indices.contains(endSentence)
          ? sentences[endSentence].end : text.scalars.count)
      let sameSentencePrevious = previousInSentence.flatMap { $0.sentence == sentence ? $0 : nil }
      let beforeStart = sameSentencePrevious.map { $0.end } ?? sentenceSpan.start

      func resolve(_ subject: Subject) -> Int? {
        switch subject {
        case .entity(let e): return e
        case .person:
          return recentSubject(before: span.start, person: true, quotes: spans) ?? lastPersonSpeaker
        case .group:
          return recentSubject(before: span.start, person: false, quotes: spans) ?? lastGroupSpeaker
        case .statement:
          return lastSpeakingMention(before: span.start)
            ?? recentSubject(before: span.start, person: false, quotes: spans) ?? lastGroupSpeaker
        case .none: return nil
        }
      }

      var result: Attribution?
      if let after = cue(
        in: closing..<max(closing, afterEnd), quoteStart: span.start, before: false, mentionAtToken),
        !after.isRelay
      {
        result = Attribution(
          speaker: after.joint ? nil : resolve(after.subject), cue: after.cue,
          rule: after.joint ? after.jointRule : .attributionAfter, subject: after.via)
      }
      if result == nil,
        let before = cue(
          in: beforeStart..<max(beforeStart, span.start - 1), quoteStart: span.start, before: true,
          mentionAtToken),
        !before.isRelay
      {
        var speaker = before.joint ? nil : resolve(before.subject)
        var rule: QuoteExplanation.Rule = before.joint ? before.jointRule : .attributionBefore
        var via = before.via
        if speaker == nil, !before.joint, let previous = sameSentencePrevious {
          speaker = previous.speaker
          rule = .earlierQuoteInSentence
          via = nil
        }
        result = Attribution(speaker: speaker, cue: before.cue, rule: rule, subject: via)
      }
      if result == nil, let previous = sameSentencePrevious, previous.speaker != nil {
        result = Attribution(
          speaker: previous.speaker, cue: nil, rule: .earlierQuoteInSentence, subject: nil)
      }
      if result == nil {
        let opensSentence = span.start - 1 <= sentenceSpan.start
        if opensSentence && sentence - lastQuoteSentence <= 3 {
          // "The commander, Talib al-Musawi, said that …" between the quotes: he goes on.
          var speaker = lastSpeaker
          for s in stride(from: sentence - 1, to: lastQuoteSentence, by: -1) {
            let between = sentences[s]
            guard !spans.contains(where: { $0.start < between.end && $0.end > between.start }),
              let reported = cue(
                in: between.start..<between.end, quoteStart: between.end, before: true,
                mentionAtToken),
              !reported.joint, !reported.isRelay
            else { continue }
            if case .entity(let e) = reported.subject { speaker = e }
            break
          }
          result = Attribution(
            speaker: speaker, cue: nil, rule: .continuesPreviousSpeaker, subject: nil)
        } else {
          result = Attribution(
            speaker: nil, cue: nil,
            rule: opensSentence ? .noAttributionNearby : .scareQuote, subject: nil)
        }
      }
      let speaker = result?.speaker
      if let speaker {
        lastSpeaker = speaker
        if analysis.entities[speaker].type == .PERSON {
          lastPersonSpeaker = speaker
        } else {
          lastGroupSpeaker = speaker
        }
        lastQuoteSentence = endSentence
      }
      previousInSentence = (sentence: endSentence, speaker: speaker, end: closing)
      let quoteTopics = topics.filter { topic in
        topic.evidence.contains { $0.start >= span.start && $0.end <= span.end }
      }.map(\.name)
      let quote = Quote(
        text: text.text(span.start, span.end), start: span.start, end: span.end,
        speaker: speaker.map { analysis.entities[$0].name }, cue: result?.cue, topics: quoteTopics)
      quotes.append(
        (
          quote,
          QuoteExplanation(
            text: quote.text, start: quote.start, end: quote.end, speaker: quote.speaker,
            cue: quote.cue, rule: result?.rule ?? .scareQuote, subject: result?.subject)
        ))
    }
    for inner in allSpans where isNested(inner, in: allSpans) {
      guard
        let outer = quotes.first(where: {
          $0.quote.start <= inner.start && inner.end <= $0.quote.end
        })?.quote
      else { continue }
      // The outer speaker's words, unless only a term is set off ("so-called ‘advisory role’").
      let scareTerm = tokenRange(inner.start..<inner.end).count <= 3
      let quote = Quote(
        text: text.text(inner.start, inner.end), start: inner.start, end: inner.end,
        speaker: scareTerm ? nil : outer.speaker, cue: scareTerm ? nil : outer.cue,
        topics: topics.filter { topic in
          topic.evidence.contains { $0.start >= inner.start && $0.end <= inner.end }
        }.map(\.name))
      quotes.append(
        (
          quote,
          QuoteExplanation(
            text: quote.text, start: quote.start, end: quote.end, speaker: quote.speaker,
            cue: quote.cue, rule: scareTerm ? .termInsideQuote : .insideQuote, subject: nil)
        ))
    }
    return quotes.sorted { ($0.quote.start, $0.quote.end) < ($1.quote.start, $1.quote.end) }
  }

  private func isNested(_ span: TextSpan, in spans: [TextSpan]) -> Bool {
    spans.contains { $0 != span && $0.start <= span.start && span.end <= $0.end }
  }

  enum Subject {
    case entity(Int)
    /// "he", "she", "the cleric": the person last named as a sentence's subject.
    case person
    /// "it", "they", "the group": the organisation last named as a sentence's subject.
    case group
    /// "the statement": the organisation last named saying something.
    case statement
    case none
  }

  struct Cue {
    var subject: Subject
    var cue: String
    var isRelay: Bool
    var joint: Bool
    /// How the subject was found.
    var via: QuoteExplanation.Subject? = nil
    /// Why a cue with no speaker has none.
    var jointRule: QuoteExplanation.Rule = .jointStatement
  }

  /// The attribution in a window of text before or after a quote, if any.
  private func cue(in window: Range<Int>, quoteStart: Int, before: Bool, _ mentionAtToken: [Int])
    -> Cue?
  {
    let tokens = tokenRange(window)
    guard !tokens.isEmpty else { return nil }
    // "according to X"
    for k in tokens
    where words[k] == "according" && k + 1 < tokens.upperBound && words[k + 1] == "to" {
      var name = k + 2
      if name < tokens.upperBound, ["a", "an", "the"].contains(words[name]) { name += 1 }
      if name < tokens.upperBound {
        let subject = subjectAt(name, mentionAtToken)
        if case .none = subject {
        } else {
          return Cue(
            subject: subject, cue: "according to", isRelay: false, joint: false,
            via: .accordingTo)
        }
      }
    }
    let verbs = tokens.filter {
      classes[$0].contains(.speechVerb) && !text.tokens[$0].isCapitalized
    }
    // Before a quote the main clause's verb carries the attribution ("X said it
    // considered the deal “…”"); after it, the verb must follow the quote directly,
    // with only a name, pronoun or title in between ("…," Nujaba spokesman X said).
    guard var verb = before ? verbs.last : verbs.first else { return nil }
    if !before, let person = appositiveSpeaker(tokens.lowerBound..<verb, mentionAtToken) {
      return Cue(
        subject: .entity(person), cue: text.surface(verb), isRelay: false, joint: false,
        via: .appositive)
    }
    if !before && !onlySubjectWords(tokens.lowerBound..<verb, mentionAtToken) {
      // "…," a resident of Qamishli told Reuters: an unnamed source, no speaker.
      let lead = tokens.lowerBound..<verb
      // "a spokesman for the group told AFP", "a party official told the BBC": an unnamed
      // spokesperson of a named organisation is that organisation.
      if verb - tokens.lowerBound <= 8, let first = lead.first,
        ["a", "an", "one"].contains(words[first]),
        lead.contains(where: { classes[$0].contains(.unnamedSource) }),
        let organisation = spokespersonOrganisation(lead, mentionAtToken)
      {
        return Cue(
          subject: .entity(organisation), cue: text.surface(verb), isRelay: false, joint: false,
          via: .unnamedSpokesperson)
      }
      if verb - tokens.lowerBound <= 8,
        lead.contains(where: { classes[$0].contains(.unnamedSource) }),
        lead.first.map({
          ["a", "an", "the", "one", "some", "several", "two", "three", "other"].contains(words[$0])
            || classes[$0].contains(.unnamedSource)
        }) == true
      {
        return Cue(
          subject: .none, cue: text.surface(verb), isRelay: false, joint: true,
          jointRule: .unnamedSource)
      }
      return nil
    }
    // "said it considered the deal “…”": the attribution is the earlier verb.
    if before, verbs.count >= 2 {
      let previous = verbs[verbs.count - 2]
      if verb - previous <= 3,
        ((previous + 1)..<verb).allSatisfy({
          classes[$0].contains(.personPronoun)
            || classes[$0].contains(.groupPronoun) || words[$0] == "that"
        })
      {
        verb = previous
      }
    }
    let verbWord = text.surface(verb)
    let joint =
      tokens.lowerBound < verb
      && (tokens.lowerBound..<verb).contains { words[$0] == "joint" || words[$0] == "jointly" }
    var isRelay = false
    // Subject before the verb: the nearest name (skipping an appositive), else the
    // clause's first name, else a pronoun or description.
    var subject: Subject = .none
    var via: QuoteExplanation.Subject?
    var cueText = verbWord
    let start = before ? clauseStart(verb: verb, windowStart: tokens.lowerBound) : tokens.lowerBound
    if verb > start {
      if let adjacent = nearestMention(endingBefore: verb, from: start, mentionAtToken, maxGap: 1) {
        subject = .entity(adjacent)
        via = .nameBeforeVerb
      } else if let appositive = mentionBeforeAppositive(verb: verb, from: start, mentionAtToken) {
        subject = .entity(appositive)
        via = .appositive
      } else if let pronoun = (start..<verb).last(where: {
        classes[$0].contains(.personPronoun)
          || classes[$0].contains(.groupPronoun)
      }), verb - pronoun <= 3 {
        subject = classes[pronoun].contains(.personPronoun) ? .person : .group
        via = .pronoun
        cueText = text.surface(pronoun) + " " + verbWord
      } else if let first = firstSpeakerMention(from: start, to: verb, mentionAtToken) {
        subject = .entity(first)
        via = .clauseSubject
      } else if let description = (start..<verb).last(where: {
        classes[$0].contains(.groupDescription) || isPersonDescription($0)
      }) {
        let indefinite = isIndefinite(description, from: start, mentionAtToken)
        if indefinite {
          // "a party official told the BBC": the party named just before speaks; any
          // other unnamed source has no speaker.
          if let organisation = describedOrganisation(
            in: start..<verb, before: text.tokens[start].start)
          {
            subject = .entity(organisation)
            via = .unnamedSpokesperson
          } else if classes[description].contains(.unnamedSource) {
            return Cue(
              subject: .none, cue: verbWord, isRelay: false, joint: true,
              jointRule: .unnamedSource)
          }
        } else if classes[description].contains(.groupDescription),
          !["statement", "communique"].contains(words[description]),
          let organisation = describedOrganisation(
            in: description..<(description + 1), before: text.tokens[description].start)
        {
          // "the ministry said" after "Russia's foreign ministry": the one so described.
          subject = .entity(organisation)
          via = .description
        } else {
          // "the spokesman added" after "Nujaba spokesman Nasr al-Shammari said": the
          // named holder of that role, else a person or the organisation speaking.
          if let holder = namedHolder(
            ofRole: words[description], before: text.tokens[description].start)
          {
            subject = .entity(holder)
            via = .roleHolder
          } else if classes[description].contains(.unnamedSource),
            let organisation = organisationOfSource(
              words[description], before: text.tokens[description].start)
          {
            // "the official said" after "A Hezbollah official …".
            subject = .entity(organisation)
            via = .unnamedSpokesperson
          } else {
            subject = isPersonDescription(description) ? .person : .statement
            via = .description
          }
        }
      }
    }
    // "said X" after the verb.
    if case .none = subject, verb + 1 < tokens.upperBound {
      var k = verb + 1
      if k < tokens.upperBound, ["the", "a", "an"].contains(words[k]) { k += 1 }
      // "said spokesman Abu Obaida", "said senior commander X": the role before the name.
      var roles = 0
      while k + 1 < tokens.upperBound, roles < 3, !text.tokens[k].isCapitalized,
        mentionAtToken[k] < 0,
        !classes[k].isDisjoint(with: [.roleWord, .titleHead, .titleModifier])
      {
        k += 1
        roles += 1
      }
      if k < tokens.upperBound {
        let after = subjectAt(k, mentionAtToken)
        if case .none = after {
        } else {
          subject = after
          via = .afterVerb
          if case .person = after { cueText = verbWord + " " + text.surface(k) }
          if case .group = after { cueText = verbWord + " " + text.surface(k) }
        }
      }
    }
    if classes[verb].contains(.relayVerb), case .entity(let e) = subject,
      analysis.entities[e].type == .ORG
    {
      isRelay = true
    }
    if case .none = subject, !before { return nil }
    return Cue(subject: subject, cue: cueText, isRelay: isRelay, joint: joint, via: via)
  }

  /// "…," Hadi Karim, a brigade commander in the province, told Reuters / "…," the
  /// ministry's deputy director for border security, Samir Haddad, said / "…," Ilham
  /// Derik of the SDF told the general: the person the attribution names, however long
  /// the apposition around the name.
  private func appositiveSpeaker(_ lead: Range<Int>, _ mentionAtToken: [Int]) -> Int? {
    guard lead.count >= 2, lead.count <= 24 else { return nil }
    let verb = lead.upperBound
    func person(at k: Int) -> EntityAnalysis.Located? {
      guard mentionAtToken[k] >= 0 else { return nil }
      let m = analysis.mentions[mentionAtToken[k]]
      return analysis.entities[m.entity].type == .PERSON && !text.tokens[m.lastToken].possessive
        ? m : nil
    }
    // A name set off by commas right before the verb.
    if text.gap(between: verb - 1, and: verb, contains: ","), let m = person(at: verb - 1),
      m.firstToken > lead.lowerBound,
      text.gap(between: m.firstToken - 1, and: m.firstToken, contains: ",")
    {
      return m.entity
    }
    // A name opening the attribution, then an appositive closed by a comma before the verb,
    // or "of"/"from" and the organisation.
    guard let m = person(at: lead.lowerBound), m.lastToken + 1 < verb else { return nil }
    let after = m.lastToken + 1
    if text.gap(between: m.lastToken, and: after, contains: ","),
      text.gap(between: verb - 1, and: verb, contains: ","),
      !(after..<verb).contains(where: { classes[$0].contains(.speechVerb) })
    {
      return m.entity
    }
    if ["of", "from"].contains(words[after]), text.tokens[after].softBefore {
      var k = after + 1
      if k < verb, words[k] == "the" { k += 1 }
      // Names up to the verb ("of the Lebanese Red Cross" is NORP + ORG).
      while k < verb, mentionAtToken[k] >= 0 {
        let named = analysis.mentions[mentionAtToken[k]]
        if named.lastToken == verb - 1 { return m.entity }
        k = named.lastToken + 1
      }
    }
    return nil
  }

  /// Whether the description at `k` belongs to an indefinite phrase ("a senior party
  /// official", "one economist"): a source the text does not name.
  private func isIndefinite(_ k: Int, from start: Int, _ mentionAtToken: [Int]) -> Bool {
    var j = k - 1
    while j >= start, mentionAtToken[j] < 0, text.tokens[j + 1].softBefore {
      if ["a", "an", "one", "joint", "some", "several", "another"].contains(words[j]) {
        return true
      }
      if classes[j].isDisjoint(with: [
        .titleModifier, .titleHead, .roleWord, .groupDescription, .personDescription,
      ]) {
        return false
      }
      j -= 1
    }
    return false
  }

  /// The organisation an unnamed spokesperson speaks for: one named in the phrase ("a
  /// spokesman for Hamas"), else one named lately whose kind the phrase gives ("a party
  /// official" after "the National Renewal Party").
  private func spokespersonOrganisation(_ lead: Range<Int>, _ mentionAtToken: [Int]) -> Int? {
    for k in lead where mentionAtToken[k] >= 0 {
      let e = analysis.mentions[mentionAtToken[k]].entity
      let type = analysis.entities[e].type
      if type == .ORG || type == .FACTION { return e }
      return nil
    }
    return describedOrganisation(in: lead, before: text.tokens[lead.lowerBound].start)
  }

  /// The organisation named in the last few sentences that a lowercase word of `range`
  /// describes: its name ends in that word ("the National Renewal Party" for "party") or
  /// the word follows it ("Russia's foreign ministry" for "ministry").
  private func describedOrganisation(in range: Range<Int>, before offset: Int) -> Int? {
    let kinds = Set(
      range.filter {
        classes[$0].contains(.groupDescription) && !text.tokens[$0].isCapitalized
          && ![
            "statement", "communique", "spokesman", "spokeswoman",
            "spokesperson", "office", "force", "forces",
          ].contains(words[$0])
      }.map { words[$0] })
    guard !kinds.isEmpty else { return nil }
    let earliest = sentences[max(0, sentenceIndex(containing: offset) - 4)].start
    for m in analysis.mentions.reversed() where text.tokens[m.firstToken].start < offset {
      if text.tokens[m.firstToken].start < earliest { break }
      let type = analysis.entities[m.entity].type
      guard type == .ORG || type == .FACTION || type == .GPE else { continue }
      if type != .GPE, kinds.contains(words[m.lastToken]) { return m.entity }
      var k = m.lastToken + 1
      var steps = 0
      // "Russia's foreign ministry", "the Hurras al-Wadi group"; not "Iraq, the ministry".
      while k < text.tokens.count, steps < 3, text.tokens[k].softBefore,
        !text.tokens[k].isCapitalized
      {
        if kinds.contains(words[k]), type != .GPE || text.tokens[m.lastToken].possessive {
          return m.entity
        }
        k += 1
        steps += 1
      }
    }
    return nil
  }

  /// "the official said" after "A Hezbollah official, speaking on condition of
  /// anonymity, …": the organisation last named, when that word follows it.
  private func organisationOfSource(_ role: String, before offset: Int) -> Int? {
    let earliest = sentences[max(0, sentenceIndex(containing: offset) - 3)].start
    for m in analysis.mentions.reversed() where text.tokens[m.firstToken].start < offset {
      if text.tokens[m.firstToken].start < earliest { break }
      let type = analysis.entities[m.entity].type
      guard type == .ORG || type == .FACTION else { continue }
      let next = m.lastToken + 1
      // Another organisation named since: "the spokesman" is more likely its.
      guard next < text.tokens.count, text.tokens[next].softBefore, words[next] == role
      else { return nil }
      return m.entity
    }
    return nil
  }

  /// "the minister", "the senator": a person's description or title, in lowercase.
  private func isPersonDescription(_ k: Int) -> Bool {
    classes[k].contains(.personDescription)
      || classes[k].contains(.titleHead) && !text.tokens[k].isCapitalized
        && !classes[k].contains(.groupDescription)
  }

  /// The person most recently named (within the last few sentences) with a role ending
  /// in `role` ("spokesman", "Iraqi security official"), provided no other organisation
  /// was named since (then "the spokesman" is that organisation's).
  private func namedHolder(ofRole role: String, before offset: Int) -> Int? {
    let earliest = sentences[max(0, sentenceIndex(containing: offset) - 4)].start
    var organisationsSince: [Int] = []
    for m in analysis.mentions.reversed() where text.tokens[m.firstToken].start < offset {
      if text.tokens[m.firstToken].start < earliest { break }
      // Fields read in place: a copy of the entity would retain its strings and arrays.
      let type = analysis.entities[m.entity].type
      if type == .ORG || type == .FACTION { organisationsSince.append(m.entity) }
      guard type == .PERSON,
        analysis.entities[m.entity].roles.contains(where: {
          $0.lowercased().split(separator: " ").last == Substring(role)
        })
      else { continue }
      let affiliation = analysis.entities[m.entity].affiliation
      let ownOrganisation = organisationsSince.allSatisfy {
        analysis.entities[$0].name == affiliation
      }
      return ownOrganisation ? m.entity : nil
    }
    return nil
  }

  /// The start of the clause holding the verb: after ", and", ", but", ", while" or ";".
  private func clauseStart(verb: Int, windowStart: Int) -> Int {
    var k = verb - 1
    while k > windowStart {
      if ["and", "but", "while", "whereas", "as"].contains(words[k]),
        text.gap(between: k - 1, and: k, contains: ",")
          || text.gap(between: k - 1, and: k, contains: ";")
      {
        return k + 1
      }
      if text.gap(between: k - 1, and: k, contains: ";") { return k }
      k -= 1
    }
    return windowStart
  }

  /// Descriptions of sources that are not named.
  static let unnamedSources: Set<String> = [
    "resident", "residents", "official", "officials", "source", "sources", "witness",
    "witnesses", "analyst", "analysts", "diplomat", "diplomats", "observer", "observers",
    "people", "person", "man", "woman", "fighter", "fighters", "soldier", "soldiers", "doctor",
    "doctors", "member", "members", "activist", "activists", "commander", "spokesman",
    "spokeswoman", "spokesperson", "lawmaker", "lawmakers", "politician", "politicians",
    "economist", "economists", "expert", "experts", "driver", "drivers", "trader", "traders",
    "farmer", "farmers", "villager", "villagers", "local", "locals", "worker", "workers",
    "medic", "medics", "nurse", "survivor", "survivors", "relative", "relatives", "student",
    "students", "teacher", "shopkeeper", "engineer", "journalist", "journalists",
  ]

  static let subjectFillers: Set<String> = [
    "the", "a", "an", "its", "his", "her", "their", "also", "then", "later", "spokesman's",
    "group's",
  ]

  private func onlySubjectWords(_ range: Range<Int>, _ mentionAtToken: [Int]) -> Bool {
    guard range.count <= 9 else { return false }
    let subjectWords: WordClass = [
      .subjectFiller, .personPronoun, .groupPronoun, .roleWord, .titleHead, .titleModifier,
      .groupDescription, .personDescription,
    ]
    for k in range where mentionAtToken[k] < 0 && classes[k].isDisjoint(with: subjectWords) {
      return false
    }
    return true
  }

  private func subjectAt(_ k: Int, _ mentionAtToken: [Int]) -> Subject {
    if mentionAtToken[k] >= 0 {
      let e = analysis.mentions[mentionAtToken[k]].entity
      if isSpeakerType(analysis.entities[e].type) { return .entity(e) }
    }
    if classes[k].contains(.personPronoun) { return .person }
    if classes[k].contains(.groupPronoun) && words[k] != "we" { return .group }
    return .none
  }

  private func isSpeakerType(_ type: EntityType) -> Bool {
    type == .PERSON || type == .ORG || type == .FACTION || type == .GPE
  }

  /// A name ending within `maxGap` tokens before the verb ("Joe Biden declared on Monday").
  private func nearestMention(
    endingBefore verb: Int, from start: Int, _ mentionAtToken: [Int], maxGap: Int
  ) -> Int? {
    var k = verb - 1
    var gap = 0
    while k >= start && gap <= maxGap + 2 {
      if !text.tokens[k + 1].softBefore { return nil }
      if mentionAtToken[k] >= 0 {
        let m = analysis.mentions[mentionAtToken[k]]
        let e = m.entity
        let type = analysis.entities[e].type
        guard isSpeakerType(type), !text.tokens[m.lastToken].possessive else { return nil }
        // "an official in Beirut said": the place is not the speaker.
        if type == .GPE, m.firstToken > 0,
          ["in", "from", "at", "near", "to", "of"].contains(words[m.firstToken - 1])
        {
          return nil
        }
        // Only time words may sit between a name and its verb ("said on Monday" is after).
        if gap > maxGap { return nil }
        return e
      }
      gap += 1
      k -= 1
    }
    return nil
  }

  /// "X, the political wing of Y, said": the name before the appositive's opening comma.
  private func mentionBeforeAppositive(verb: Int, from start: Int, _ mentionAtToken: [Int]) -> Int?
  {
    guard verb > start, !text.tokens[verb].softBefore,
      text.gap(between: verb - 1, and: verb, contains: ",")
    else { return nil }
    var k = verb - 1
    while k > start {
      if !text.tokens[k].softBefore,
        text.gap(between: k - 1, and: k, contains: ",")
      {
        // "A spokesman for X, Mohammed Abdulsalam, told AFP": the appositive is the speaker.
        if mentionAtToken[k] >= 0 {
          let inner = analysis.mentions[mentionAtToken[k]]
          if inner.lastToken == verb - 1, analysis.entities[inner.entity].type == .PERSON {
            return inner.entity
          }
        }
        let before = k - 1
        if mentionAtToken[before] >= 0 {
          let e = analysis.mentions[mentionAtToken[before]].entity
          if isSpeakerType(analysis.entities[e].type) && analysis.entities[e].type != .GPE {
            return e
          }
        }
        return nil
      }
      k -= 1
    }
    return nil
  }

  /// The first person or organisation named in the clause (its grammatical subject).
  private func firstSpeakerMention(from start: Int, to verb: Int, _ mentionAtToken: [Int]) -> Int? {
    var k = start
    while k < verb {
      if mentionAtToken[k] >= 0 {
        let m = analysis.mentions[mentionAtToken[k]]
        let type = analysis.entities[m.entity].type
        if (type == .PERSON || type == .ORG || type == .FACTION)
          && !text.tokens[m.lastToken].possessive
        {
          return m.entity
        }
        k = m.lastToken + 1
        continue
      }
      k += 1
    }
    return nil
  }

  /// What a pronoun refers to: going back sentence by sentence (up to five), the first
  /// person (or organisation) named outside quotes in that sentence.
  private func recentSubject(before offset: Int, person: Bool, quotes: [TextSpan]) -> Int? {
    let current = sentenceIndex(containing: offset)
    for s in stride(from: current, through: max(0, current - 4), by: -1) {
      let sentence = sentences[s]
      for m in analysis.mentions {
        let start = text.tokens[m.firstToken].start
        if start < sentence.start { continue }
        if start >= sentence.end || start >= offset { break }
        if quotes.contains(where: { $0.start <= start && start < $0.end }) { continue }
        // "Hamas' armed wing, the Qassam Brigades, …": the possessor is not the subject.
        if text.tokens[m.lastToken].possessive { continue }
        let type = analysis.entities[m.entity].type
        if person ? type == .PERSON : (type == .ORG || type == .FACTION) { return m.entity }
      }
    }
    return nil
  }

  /// The last organisation (or government) named as saying something within the last
  /// few sentences: "The Iraqi Ministry of Defense said", "The Kurdistan Region's
  /// interior ministry said".
  private func lastSpeakingMention(before offset: Int) -> Int? {
    let earliest = sentences[max(0, sentenceIndex(containing: offset) - 3)].start
    for m in analysis.mentions.reversed() where text.tokens[m.firstToken].start < offset {
      if text.tokens[m.firstToken].start < earliest { break }
      let type = analysis.entities[m.entity].type
      guard type == .ORG || type == .FACTION || type == .GPE else { continue }
      var next = m.lastToken + 1
      var steps = 0
      if type == .GPE && !text.tokens[m.lastToken].possessive { continue }
      while next < text.tokens.count, steps < 3, text.tokens[next].softBefore,
        !text.tokens[next].isCapitalized, !classes[next].contains(.speechVerb)
      {
        next += 1
        steps += 1
      }
      if next < text.tokens.count, text.tokens[next].softBefore,
        classes[next].contains(.speechVerb)
      {
        return m.entity
      }
    }
    return nil
  }

  private func mentionIndexByToken() -> [Int] {
    var result = [Int](repeating: -1, count: text.tokens.count)
    for (m, located) in analysis.mentions.enumerated() {
      for k in located.firstToken...located.lastToken { result[k] = m }
    }
    return result
  }

  private func nextQuoteStart(after span: TextSpan, in spans: [TextSpan]) -> Int? {
    spans.first { $0.start > span.end }.map { $0.start - 1 }
  }

  private func sentenceIndex(containing offset: Int) -> Int {
    var low = 0
    var high = sentences.count - 1
    var best = 0
    while low <= high {
      let mid = (low + high) / 2
      if sentences[mid].start <= offset {
        best = mid
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    return best
  }

  /// Tokens lying entirely inside a scalar range.
  private func tokenRange(_ window: Range<Int>) -> Range<Int> {
    let tokens = text.tokens
    var low = 0
    var high = tokens.count
    while low < high {
      let mid = (low + high) / 2
      if tokens[mid].start < window.lowerBound { low = mid + 1 } else { high = mid }
    }
    var end = low
    while end < tokens.count && tokens[end].end <= window.upperBound { end += 1 }
    return low..<end
  }
}
