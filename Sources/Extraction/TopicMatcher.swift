/// Topics and keywords compiled into one word-mode automaton. A sentence is about a
/// topic when it holds one of the topic's terms, one of its context terms (if it has
/// any) and none of its exclude terms.
struct TopicMatcher: Sendable {
  private enum Role: Sendable {
    case term(topic: Int)
    case context(topic: Int)
    case exclude(topic: Int)
    case keyword
  }

  private let topics: [TopicDefinition]
  private let keywords: [String]
  private let phrases: [String]
  private let roles: [Role]
  private let matcher: TermMatcher

  init(topics: [TopicDefinition], keywords: [String]) {
    let topics = topics.flatMap(\.flattened)
    var phrases: [String] = []
    var roles: [Role] = []
    for (index, topic) in topics.enumerated() {
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
    self.topics = topics
    self.keywords = keywords
    self.phrases = phrases
    self.roles = roles
    matcher = TermMatcher(terms: phrases, mode: .words)
  }

  struct Result {
    var topics: [TopicHit]
    var keywords: [KeywordHit]
  }

  func match(_ text: TokenizedText, stream: MatchStream, sentences: [TextSpan]) -> Result {
    let hits = matcher.matches(in: stream).sorted {
      ($0.firstToken, $0.lastToken, $0.term) < ($1.firstToken, $1.lastToken, $1.term)
    }
    let sentenceOf = SentenceIndex(sentences)
    struct SentenceFlags {
      var context = false
      var excluded = false
      var evidence: [TopicEvidence] = []
    }
    // Per topic, per sentence: what was seen.
    var perTopic = [[Int: SentenceFlags]](repeating: [:], count: topics.count)
    var keywordHits: [KeywordHit] = []
    for hit in hits {
      let start = text.tokens[hit.firstToken].start
      let end = text.tokens[hit.lastToken].end
      let sentenceNumber = sentenceOf.index(containing: start)
      let sentence = sentenceNumber.map { sentences[$0] } ?? TextSpan(start: start, end: end)
      let key = sentenceNumber ?? -1
      switch roles[hit.term] {
      case .term(let topic):
        perTopic[topic][key, default: SentenceFlags()].evidence.append(
          TopicEvidence(
            term: phrases[hit.term], text: text.text(start, end), start: start, end: end,
            sentence: sentence))
      case .context(let topic):
        perTopic[topic][key, default: SentenceFlags()].context = true
      case .exclude(let topic):
        perTopic[topic][key, default: SentenceFlags()].excluded = true
      case .keyword:
        keywordHits.append(
          KeywordHit(
            keyword: phrases[hit.term], text: text.text(start, end), start: start,
            end: end, sentence: sentence))
      }
    }
    var topicHits: [TopicHit] = []
    for (index, topic) in topics.enumerated() {
      let needsContext = !topic.context.isEmpty
      var evidence: [TopicEvidence] = []
      for (_, flags) in perTopic[index].sorted(by: { $0.key < $1.key })
      where !flags.excluded && (flags.context || !needsContext) {
        evidence.append(contentsOf: flags.evidence)
      }
      guard !evidence.isEmpty else { continue }
      evidence.sort { ($0.start, $0.end) < ($1.start, $1.end) }
      // Two terms with one stem ("withdraw", "withdrawal") hit the same words once.
      var seen = Set<TextSpan>()
      evidence = evidence.filter { seen.insert(TextSpan(start: $0.start, end: $0.end)).inserted }
      // A term inside a longer matched phrase ("end" in "end combat mission") adds nothing.
      evidence = evidence.filter { item in
        !evidence.contains {
          $0.start <= item.start && item.end <= $0.end
            && ($0.end - $0.start) > (item.end - item.start)
        }
      }
      if let existing = topicHits.firstIndex(where: { $0.name == topic.name }) {
        topicHits[existing].evidence.append(contentsOf: evidence)
        topicHits[existing].evidence.sort { ($0.start, $0.end) < ($1.start, $1.end) }
      } else {
        topicHits.append(TopicHit(name: topic.name, evidence: evidence))
      }
    }
    return Result(topics: topicHits, keywords: keywordHits)
  }
}

/// Finds the sentence holding an offset by binary search.
struct SentenceIndex {
  let sentences: [TextSpan]
  init(_ sentences: [TextSpan]) { self.sentences = sentences }

  func index(containing offset: Int) -> Int? {
    var low = 0
    var high = sentences.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let s = sentences[mid]
      if offset < s.start {
        high = mid - 1
      } else if offset >= s.end {
        low = mid + 1
      } else {
        return mid
      }
    }
    return nil
  }
}
