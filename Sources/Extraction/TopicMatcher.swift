/// Topics and keywords compiled into one word-mode automaton. A term counts when its
/// topic needs no context, or when one of the topic's context phrases (as written or in
/// the plural) or an entity of its context types is in the term's clause, and no
/// exclude phrase is in the sentence. A term inside code or markup is not a term, and a
/// context word inside an idiom of another sense ("market forces", "price war") is no
/// context.
struct TopicMatcher: Sendable {
  private let topics: [TopicDefinition]
  /// The distinct topic names, and each definition's number among them (a topic's groups
  /// share its name).
  private let topicNames: [String]
  private let nameOfTopic: [Int]
  /// Each flattened definition's group number within its topic (0: the topic's own terms).
  private let groupNumbers: [Int]
  private let keywords: [String]
  /// Every phrase of every definition and the keywords, in definition order (a term's
  /// number is its place here).
  private let phrases: [String]
  /// What each distinct phrase is for: the vocabularies of the definitions share most of
  /// their words ("forces" is context for many groups, "company" excludes nearly all), so
  /// the automaton holds each phrase once and one hit serves every use.
  private let uses: [PhraseUses]
  /// How each distinct phrase of the definitions is written.
  private let forms: [PhraseForm]
  /// Per term number: its distinct phrase, and its definition when it is a topic term.
  private let distinctOfTerm: [Int]
  private let topicOfTerm: [Int]
  /// Term numbers below this are the definitions' phrases; the keywords follow.
  private let termCount: Int
  private let matcher: TermMatcher

  /// The uses of one distinct phrase.
  private struct PhraseUses: Sendable {
    /// Term number and definition of each use as a topic term.
    var terms: [(term: Int, topic: Int)] = []
    var contexts: [Int] = []
    var excludes: [Int] = []
    /// Term number of a keyword (a keyword has a phrase of its own, which needs no form
    /// and no lookup table while a long watch list is compiled), or -1.
    var keyword = -1
    /// An idiom (TopicVocabulary.idioms): the context words inside it license nothing.
    var idiom = false

    var isTopicPhrase: Bool { !terms.isEmpty || !contexts.isEmpty || !excludes.isEmpty || idiom }
  }

  init(topics: [TopicDefinition], keywords: [String]) {
    var flattened: [TopicDefinition] = []
    var groupNumbers: [Int] = []
    for topic in topics {
      let own = topic.flattened
      flattened += own
      groupNumbers += own.indices
    }
    var phrases: [String] = []
    var distinct: [String] = []
    var numberOf: [String: Int] = [:]
    var uses: [PhraseUses] = []
    var distinctOfTerm: [Int] = []
    var topicOfTerm: [Int] = []
    func use(_ phrase: String, _ add: (inout PhraseUses) -> Void) {
      let number =
        numberOf[phrase]
        ?? {
          numberOf[phrase] = distinct.count
          distinct.append(phrase)
          uses.append(PhraseUses())
          return distinct.count - 1
        }()
      add(&uses[number])
      distinctOfTerm.append(number)
    }
    for (index, topic) in flattened.enumerated() {
      for term in topic.terms {
        let number = phrases.count
        phrases.append(term)
        use(term) { $0.terms.append((number, index)) }
        topicOfTerm.append(index)
      }
      for term in topic.context {
        phrases.append(term)
        use(term) { $0.contexts.append(index) }
        topicOfTerm.append(-1)
      }
      for term in topic.exclude {
        phrases.append(term)
        use(term) { $0.excludes.append(index) }
        topicOfTerm.append(-1)
      }
    }
    termCount = phrases.count
    // Idioms have no term number: they only cancel the context words they hold.
    for idiom in TopicVocabulary.idioms {
      if let number = numberOf[idiom] {
        uses[number].idiom = true
      } else {
        numberOf[idiom] = distinct.count
        distinct.append(idiom)
        var idiomUse = PhraseUses()
        idiomUse.idiom = true
        uses.append(idiomUse)
      }
    }
    // How the definitions' phrases are written; keywords are never checked.
    self.forms = distinct.map(PhraseForm.init)
    for keyword in keywords {
      var keywordUse = PhraseUses()
      keywordUse.keyword = phrases.count
      phrases.append(keyword)
      distinctOfTerm.append(distinct.count)
      distinct.append(keyword)
      uses.append(keywordUse)
      topicOfTerm.append(-1)
    }
    self.topics = flattened
    var topicNames: [String] = []
    var numberOfName: [String: Int] = [:]
    self.nameOfTopic = flattened.map { topic in
      if let number = numberOfName[topic.name] { return number }
      numberOfName[topic.name] = topicNames.count
      topicNames.append(topic.name)
      return topicNames.count - 1
    }
    self.topicNames = topicNames
    self.groupNumbers = groupNumbers
    self.keywords = keywords
    self.phrases = phrases
    self.uses = uses
    self.distinctOfTerm = distinctOfTerm
    self.topicOfTerm = topicOfTerm
    matcher = TermMatcher(terms: distinct, mode: .words)
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

  /// `sentenceOfToken` is `SentenceIndex.sentenceOfTokens(text, sentences)`.
  func match(
    _ text: TokenizedText, stream: MatchStream, sentences: [TextSpan], sentenceOfToken: [Int],
    names: [NamedSpan], headline: TextSpan? = nil
  ) -> Result {
    // Distinct phrases: a context or exclude phrase is checked once for all its
    // definitions.
    let found = matcher.matches(in: stream)
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
    // Term and keyword uses, by term number: in text order (start, end, term number),
    // so evidence comes out sorted. Context and exclude phrases as written (the distinct
    // phrase hits), in text order: most items have no term hit, so they are only read
    // for the few terms there are.
    var hits: [TermMatcher.Hit] = []
    var contextHits: [TermMatcher.Hit] = []
    contextHits.reserveCapacity(found.count)
    var excludeHits: [TermMatcher.Hit] = []
    // The uses are read in place: a copy of one would retain its three arrays.
    for hit in found {
      let keyword = uses[hit.term].keyword
      if keyword >= 0 {
        hits.append(
          TermMatcher.Hit(term: keyword, firstToken: hit.firstToken, lastToken: hit.lastToken))
      }
      guard uses[hit.term].isTopicPhrase else { continue }
      guard !forms[hit.term].spansSeparateWords(text, first: hit.firstToken, last: hit.lastToken)
      else { continue }
      for (term, _) in uses[hit.term].terms {
        hits.append(
          TermMatcher.Hit(term: term, firstToken: hit.firstToken, lastToken: hit.lastToken))
      }
      if !uses[hit.term].contexts.isEmpty || !uses[hit.term].excludes.isEmpty
        || uses[hit.term].idiom
      {
        contextHits.append(hit)
      }
    }
    hits.sort { ($0.firstToken, $0.lastToken, $0.term) < ($1.firstToken, $1.lastToken, $1.term) }
    var termHits: [Int] = []
    var keywordHits: [KeywordHit] = []
    for (h, hit) in hits.enumerated() {
      guard hit.term >= termCount else {
        termHits.append(h)
        continue
      }
      let start = text.tokens[hit.firstToken].start
      let end = text.tokens[hit.lastToken].end
      keywordHits.append(
        KeywordHit(
          keyword: phrases[hit.term], text: text.text(start, end), start: start, end: end,
          sentence: sentences.isEmpty
            ? TextSpan(start: start, end: end) : sentences[sentenceOfToken[hit.firstToken]]))
    }
    guard !termHits.isEmpty else {
      return Result(topics: [], keywords: keywordHits, explanations: [])
    }
    // A context phrase licenses only as written or in the plural. One word excludes only
    // as written ("innings" is not "in"); phrases exclude in any inflection ("withdrew
    // support").
    // In text order (start, then end): the first licence of a slot is the first written.
    let candidates = contextHits.sorted {
      ($0.firstToken, $0.lastToken, $0.term) < ($1.firstToken, $1.lastToken, $1.term)
    }
    contextHits = []
    let idioms = candidates.filter { uses[$0.term].idiom }
    for hit in candidates {
      let form = forms[hit.term]
      let written = form.isWritten(in: text, first: hit.firstToken, last: hit.lastToken)
      // "market forces", "price war": the context word means something else here.
      let inIdiom = idioms.contains { idiom in
        idiom.term != hit.term && idiom.firstToken <= hit.firstToken
          && hit.lastToken <= idiom.lastToken
      }
      if written && !inIdiom && !uses[hit.term].contexts.isEmpty { contextHits.append(hit) }
      if !uses[hit.term].excludes.isEmpty && (!form.isOneWord || written) {
        excludeHits.append(hit)
      }
    }
    // The headline gives the item's subject: an exclude phrase there ("a strategy game")
    // holds for every sentence.
    func isExcluded(_ topic: Int, sentence: Int) -> Bool {
      excludeHits.contains { hit in
        (sentenceOfToken[hit.firstToken] == sentence
          || headline.map { text.tokens[hit.firstToken].start < $0.end } == true)
          && uses[hit.term].excludes.contains(topic)
      }
    }
    // What licenses a term of `topic` at `tokens`: the first context phrase of the
    // definition in the term's slot, else the first name of its context types there. A
    // term's own words never license it ("polls" is not its own context), so a later one
    // may be needed.
    func licence(_ topic: Int, _ tokens: ClosedRange<Int>) -> Licence? {
      let own = slot(topic, tokens.lowerBound)
      if let hit = contextHits.first(where: { hit in
        slot(topic, hit.firstToken) == own && !(hit.firstToken...hit.lastToken).overlaps(tokens)
          && uses[hit.term].contexts.contains(topic)
      }) {
        return .phrase(first: hit.firstToken, last: hit.lastToken)
      }
      guard let types = topics[topic].contextTypes, !types.isEmpty,
        let name = names.first(where: { name in
          types.contains(name.type) && slot(topic, name.first) == own
            && !(name.first...name.last).overlaps(tokens)
        })
      else { return nil }
      return .entity(first: name.first, last: name.last)
    }
    // Term hits that hold, as spans per topic name.
    // By the number of the topic's name, and those numbers in the order first found.
    var spansByName = [[(span: TextSpan, hit: Int, topic: Int, licence: Licence?)]](
      repeating: [], count: topicNames.count)
    var namesFound: [Int] = []
    for h in termHits {
      let hit = hits[h]
      let topic = topicOfTerm[hit.term]
      guard !isExcluded(topic, sentence: sentenceOfToken[hit.firstToken]),
        !(hit.firstToken...hit.lastToken).contains(where: { CodeSpans.isCode(text, token: $0) })
      else { continue }
      let granted = licence(topic, hit.firstToken...hit.lastToken)
      let needsContext = topics[topic].needsContext
      guard granted != nil || !needsContext,
        // A term that needs nothing else must be the word as written ("shelling" is
        // not "shell"); one with context may be any inflection ("withdrew").
        needsContext || !forms[distinctOfTerm[hit.term]].isOneWord
          || forms[distinctOfTerm[hit.term]].isWritten(
            in: text, first: hit.firstToken, last: hit.lastToken),
        !NameWords.isInsideName(
          text, first: hit.firstToken, last: hit.lastToken, sentences: sentences,
          sentenceOfToken: sentenceOfToken)
      else { continue }
      let span = TextSpan(
        start: text.tokens[hit.firstToken].start, end: text.tokens[hit.lastToken].end)
      let name = nameOfTopic[topic]
      if spansByName[name].isEmpty { namesFound.append(name) }
      // Two terms with one stem ("withdraw", "withdrawal") hit the same words once.
      if spansByName[name].contains(where: { $0.span == span }) { continue }
      spansByName[name].append((span, h, topic, granted))
    }
    var topicHits: [TopicHit] = []
    var explanations: [TopicExplanation] = []
    for name in namesFound {
      let spans = spansByName[name].sorted {
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
      topicHits.append(TopicHit(name: topicNames[name], evidence: evidence))
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
