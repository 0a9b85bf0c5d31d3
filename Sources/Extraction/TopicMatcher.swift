/// Topics and keywords compiled into one word-mode automaton. A term counts when its
/// topic needs no context, or when one of the topic's context phrases (as written or in
/// the plural) or an entity of its context types is in the term's clause, and no
/// exclude phrase is in the sentence. A term inside code or markup is not a term.
struct TopicMatcher: Sendable {
  private enum Role: Sendable {
    case term(topic: Int)
    case context(topic: Int)
    case exclude(topic: Int)
    case keyword
  }

  private let topics: [TopicDefinition]
  /// Each flattened definition's group number within its topic (0: the topic's own terms).
  private let groupNumbers: [Int]
  private let keywords: [String]
  private let phrases: [String]
  private let forms: [PhraseForm]
  private let roles: [Role]
  private let matcher: TermMatcher

  init(topics: [TopicDefinition], keywords: [String]) {
    var flattened: [TopicDefinition] = []
    var groupNumbers: [Int] = []
    for topic in topics {
      let own = topic.flattened
      flattened += own
      groupNumbers += own.indices
    }
    var phrases: [String] = []
    var roles: [Role] = []
    for (index, topic) in flattened.enumerated() {
      for term in topic.terms {
        phrases.append(term)
        roles.append(.term(topic: index))
      }
      for term in topic.context {
        phrases.append(term)
        roles.append(.context(topic: index))
      }
      for term in topic.exclude {
        phrases.append(term)
        roles.append(.exclude(topic: index))
      }
    }
    for keyword in keywords {
      phrases.append(keyword)
      roles.append(.keyword)
    }
    self.topics = flattened
    self.groupNumbers = groupNumbers
    self.keywords = keywords
    self.phrases = phrases
    self.forms = phrases.map(PhraseForm.init)
    self.roles = roles
    matcher = TermMatcher(terms: phrases, mode: .words)
  }

  struct Result {
    var topics: [TopicHit]
    var keywords: [KeywordHit]
    /// One per piece of topic evidence, in the same order.
    var explanations: [TopicExplanation]
  }

  /// Tokens of a name the entity recogniser found, with its type.
  struct NamedSpan {
    var first: Int
    var last: Int
    var type: EntityType
  }

  /// What licensed the terms of one definition in one clause.
  private enum Licence {
    case phrase(first: Int, last: Int)
    case entity(first: Int, last: Int)

    var tokens: ClosedRange<Int> {
      switch self {
      case .phrase(let first, let last), .entity(let first, let last): return first...last
      }
    }
  }

  func match(
    _ text: TokenizedText, stream: MatchStream, sentences: [TextSpan], names: [NamedSpan],
    headline: TextSpan? = nil
  ) -> Result {
    // In text order (start, then end), so evidence comes out sorted.
    let hits = matcher.matches(in: stream).filter {
      if case .keyword = roles[$0.term] { return true }
      return !forms[$0.term].spansSeparateWords(text, first: $0.firstToken, last: $0.lastToken)
    }.sorted {
      ($0.firstToken, $0.lastToken, $0.term) < ($1.firstToken, $1.lastToken, $1.term)
    }
    let sentenceOfToken = SentenceIndex.sentenceOfTokens(text, sentences)
    let clauseOfToken = Clauses.ofTokens(text, sentenceOfToken: sentenceOfToken)
    let clauses = Int(clauseOfToken.last ?? 0) + 1
    // A topic's own terms are strong: their context may be anywhere in the sentence. A
    // group's everyday words need it in their clause.
    let slots = clauses + max(1, sentences.count)
    func slot(_ topic: Int, _ token: Int) -> Int {
      topic * slots
        + (groupNumbers[topic] == 0
          ? clauses + sentenceOfToken[token] : Int(clauseOfToken[token]))
    }
    // Per definition and clause: what licensed its terms. Per definition and sentence:
    // excluded.
    // Every licence per slot: a term's own words never license it ("polls" is not its
    // own context), so a later one may be needed.
    var licences: [Int: [Licence]] = [:]
    var excluded = Set<Int>()
    var excludedEverywhere = Set<Int>()
    var termHits: [Int] = []
    var keywordHits: [KeywordHit] = []
    for (h, hit) in hits.enumerated() {
      switch roles[hit.term] {
      case .term: termHits.append(h)
      case .context(let topic):
        guard forms[hit.term].isWritten(in: text, first: hit.firstToken, last: hit.lastToken)
        else { continue }
        licences[slot(topic, hit.firstToken), default: []].append(
          .phrase(first: hit.firstToken, last: hit.lastToken))
      case .exclude(let topic):
        // One word is a subject's word only as written ("innings" is not "in");
        // phrases are specific enough in any inflection ("withdrew support").
        guard
          !forms[hit.term].isOneWord
            || forms[hit.term].isWritten(in: text, first: hit.firstToken, last: hit.lastToken)
        else { continue }
        // The headline gives the item's subject: an exclude phrase there ("a strategy
        // game") holds for every sentence.
        if let headline, text.tokens[hit.firstToken].start < headline.end {
          excludedEverywhere.insert(topic)
        }
        excluded.insert(topic * sentences.count + sentenceOfToken[hit.firstToken])
      case .keyword:
        let start = text.tokens[hit.firstToken].start
        let end = text.tokens[hit.lastToken].end
        keywordHits.append(
          KeywordHit(
            keyword: phrases[hit.term], text: text.text(start, end), start: start, end: end,
            sentence: sentences.isEmpty
              ? TextSpan(start: start, end: end) : sentences[sentenceOfToken[hit.firstToken]]))
      }
    }
    for (topic, definition) in topics.enumerated() {
      guard let types = definition.contextTypes, !types.isEmpty else { continue }
      for name in names where types.contains(name.type) {
        licences[slot(topic, name.first), default: []].append(
          .entity(first: name.first, last: name.last))
      }
    }
    // Term hits that hold, as spans per topic name.
    var spansByName: [String: [(span: TextSpan, hit: Int, topic: Int, licence: Licence?)]] = [:]
    var names: [String] = []
    for h in termHits {
      let hit = hits[h]
      guard case .term(let topic) = roles[hit.term],
        !excluded.contains(topic * sentences.count + sentenceOfToken[hit.firstToken]),
        !excludedEverywhere.contains(topic),
        !(hit.firstToken...hit.lastToken).contains(where: { CodeSpans.isCode(text, token: $0) })
      else { continue }
      let granted = licences[slot(topic, hit.firstToken)]?.first {
        !$0.tokens.overlaps(hit.firstToken...hit.lastToken)
      }
      let needsContext = topics[topic].needsContext
      guard granted != nil || !needsContext,
        // A term that needs nothing else must be the word as written ("shelling" is
        // not "shell"); one with context may be any inflection ("withdrew").
        needsContext || !forms[hit.term].isOneWord
          || forms[hit.term].isWritten(in: text, first: hit.firstToken, last: hit.lastToken),
        !NameWords.isInsideName(
          text, first: hit.firstToken, last: hit.lastToken, sentences: sentences,
          sentenceOfToken: sentenceOfToken)
      else { continue }
      let span = TextSpan(
        start: text.tokens[hit.firstToken].start, end: text.tokens[hit.lastToken].end)
      let name = topics[topic].name
      if spansByName[name] == nil { names.append(name) }
      // Two terms with one stem ("withdraw", "withdrawal") hit the same words once.
      if spansByName[name]?.contains(where: { $0.span == span }) == true { continue }
      spansByName[name, default: []].append((span, h, topic, granted))
    }
    var topicHits: [TopicHit] = []
    var explanations: [TopicExplanation] = []
    for name in names {
      let spans = spansByName[name]!.sorted {
        ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end)
      }
      // A term inside a longer matched phrase ("end" in "end combat mission") adds nothing.
      let kept = spans.filter { item in
        !spans.contains {
          $0.span.start <= item.span.start && item.span.end <= $0.span.end
            && ($0.span.end - $0.span.start) > (item.span.end - item.span.start)
        }
      }
      var evidence: [TopicEvidence] = []
      for item in kept {
        let hit = hits[item.hit]
        let words = text.text(item.span.start, item.span.end)
        evidence.append(
          TopicEvidence(
            term: phrases[hit.term], text: words, start: item.span.start, end: item.span.end,
            sentence: sentences.isEmpty ? item.span : sentences[sentenceOfToken[hit.firstToken]]))
        explanations.append(
          explanation(
            of: item.licence, topic: item.topic, term: phrases[hit.term], words: words,
            span: item.span, text: text))
      }
      topicHits.append(TopicHit(name: name, evidence: evidence))
    }
    return Result(topics: topicHits, keywords: keywordHits, explanations: explanations)
  }

  private func explanation(
    of licence: Licence?, topic: Int, term: String, words: String, span: TextSpan,
    text: TokenizedText
  ) -> TopicExplanation {
    var result = TopicExplanation(
      topic: topics[topic].name, term: term, text: words, start: span.start, end: span.end,
      license: .termAlone, context: nil, group: groupNumbers[topic])
    switch licence {
    case .phrase(let first, let last):
      result.license = .contextPhrase
      result.context = text.text(text.tokens[first].start, text.tokens[last].end)
    case .entity(let first, let last):
      result.license = .contextEntity
      result.context = text.text(text.tokens[first].start, text.tokens[last].end)
    case nil: break
    }
    return result
  }
}

/// Which sentence each token is in.
enum SentenceIndex {
  /// The sentence of every token: the last sentence starting at or before it (0 before
  /// the first).
  static func sentenceOfTokens(_ text: TokenizedText, _ sentences: [TextSpan]) -> [Int] {
    var result = [Int](repeating: 0, count: text.tokens.count)
    var s = 0
    for (index, token) in text.tokens.enumerated() {
      while s + 1 < sentences.count && token.start >= sentences[s + 1].start { s += 1 }
      result[index] = s
    }
    return result
  }
}
