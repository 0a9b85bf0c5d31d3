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
    // In text order (start, then end), so evidence comes out sorted.
    let hits = matcher.matches(in: stream).sorted {
      ($0.firstToken, $0.lastToken, $0.term) < ($1.firstToken, $1.lastToken, $1.term)
    }
    let sentenceOf = SentenceIndex(sentences)
    // Per topic and sentence (slot 0: outside every sentence): context seen, excluded.
    let slots = sentences.count + 1
    var context = [Bool](repeating: false, count: topics.count * slots)
    var excluded = [Bool](repeating: false, count: topics.count * slots)
    var termHits: [(topic: Int, slot: Int, hit: Int)] = []
    var keywordHits: [KeywordHit] = []
    var hitSentence = [Int?](repeating: nil, count: hits.count)
    for (h, hit) in hits.enumerated() {
      let start = text.tokens[hit.firstToken].start
      let sentence = sentenceOf.index(containing: start)
      hitSentence[h] = sentence
      let slot = sentence.map { $0 + 1 } ?? 0
      switch roles[hit.term] {
      case .term(let topic): termHits.append((topic, slot, h))
      case .context(let topic): context[topic * slots + slot] = true
      case .exclude(let topic): excluded[topic * slots + slot] = true
      case .keyword:
        let end = text.tokens[hit.lastToken].end
        keywordHits.append(
          KeywordHit(
            keyword: phrases[hit.term], text: text.text(start, end), start: start, end: end,
            sentence: sentenceSpan(sentence, sentences, start, end)))
      }
    }
    // Term hits in sentences where their topic holds, as spans per topic.
    var spansByTopic = [[(span: TextSpan, hit: Int)]](repeating: [], count: topics.count)
    for (topic, slot, h) in termHits
    where !excluded[topic * slots + slot]
      && (context[topic * slots + slot] || topics[topic].context.isEmpty)
    {
      let hit = hits[h]
      let span = TextSpan(
        start: text.tokens[hit.firstToken].start, end: text.tokens[hit.lastToken].end)
      // Two terms with one stem ("withdraw", "withdrawal") hit the same words once.
      if spansByTopic[topic].last?.span == span { continue }
      spansByTopic[topic].append((span, h))
    }
    var topicHits: [TopicHit] = []
    for (index, topic) in topics.enumerated() where !spansByTopic[index].isEmpty {
      let spans = spansByTopic[index]
      // A term inside a longer matched phrase ("end" in "end combat mission") adds nothing.
      let evidence = spans.filter { item in
        !spans.contains {
          $0.span.start <= item.span.start && item.span.end <= $0.span.end
            && ($0.span.end - $0.span.start) > (item.span.end - item.span.start)
        }
      }.map { item -> TopicEvidence in
        let term = hits[item.hit].term
        return TopicEvidence(
          term: phrases[term], text: text.text(item.span.start, item.span.end),
          start: item.span.start, end: item.span.end,
          sentence: sentenceSpan(hitSentence[item.hit], sentences, item.span.start, item.span.end))
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

  private func sentenceSpan(_ index: Int?, _ sentences: [TextSpan], _ start: Int, _ end: Int)
    -> TextSpan
  {
    index.map { sentences[$0] } ?? TextSpan(start: start, end: end)
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
