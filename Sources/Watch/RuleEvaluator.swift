import Extraction
import FeedParser
import TextTrimming

/// One piece of evidence for an alert: which term matched, and the sentence (or quote) it matched in.
public struct AlertMatch: Sendable, Codable, Equatable {
  public var kind: MatchKind
  public var term: String
  public var text: String
  /// Offsets of the matched words in the analysed text (title + "\n\n" + body), Unicode scalars.
  public var start: Int?
  public var end: Int?
  /// For quote terms: who said it.
  public var speaker: String?
  /// The word or phrase that fired, as written in the text (`term` is the topic's or
  /// entity's name). Absent on alerts written before it existed.
  public var matched: String?
}

extension RuleExpression {
  /// The evidence when the expression holds for the item, nil when it does not.
  /// A NOT that holds contributes no evidence; an OR keeps the evidence of every branch that held.
  public func evaluate(_ context: MatchContext) -> [AlertMatch]? {
    switch self {
    case .term(let term):
      let evidence = term.evidence(in: context)
      return evidence.isEmpty ? nil : evidence
    case .not(let inner):
      return inner.evaluate(context) == nil ? [] : nil
    case .and(let lhs, let rhs):
      guard let left = lhs.evaluate(context), let right = rhs.evaluate(context) else { return nil }
      return left + right
    case .or(let lhs, let rhs):
      let left = lhs.evaluate(context)
      let right = rhs.evaluate(context)
      if left == nil && right == nil { return nil }
      return (left ?? []) + (right ?? [])
    }
  }
}

extension RuleTerm {
  /// At most this many pieces of evidence per term, so an alert stays readable.
  static let evidenceLimit = 3

  /// What kind of evidence the term gives.
  var matchKind: MatchKind {
    switch self {
    case .topic: .topic
    case .faction: .faction
    case .person: .person
    case .organisation: .org
    case .keyword: .keyword
    case .feed: .feed
    case .tag: .tag
    case .quoteByFaction, .quoteByPerson: .quoteBy
    case .quoteAboutTopic: .quoteAbout
    }
  }

  func evidence(in context: MatchContext) -> [AlertMatch] {
    let kind = matchKind
    // For compound kinds (quote.by:faction:X) the term is what follows the kind: faction:X.
    let label = String(description.dropFirst(kind.rawValue.count + 1))
    switch self {
    case .topic(let value):
      let hits = context.extraction.topics.filter { value.matches($0.name) }
      var seenSentences = Set<TextSpan>()
      var result: [AlertMatch] = []
      for hit in hits {
        for ev in hit.evidence where seenSentences.insert(ev.sentence).inserted {
          result.append(
            AlertMatch(
              kind: kind, term: hit.name,
              text: context.slice(ev.sentence.start, ev.sentence.end).trimmingWhitespace(),
              start: ev.start, end: ev.end, matched: ev.text))
        }
      }
      return Array(result.prefix(Self.evidenceLimit))
    case .faction(let value):
      return entityEvidence(type: .FACTION, value: value, kind: kind, context: context)
    case .person(let value):
      return entityEvidence(type: .PERSON, value: value, kind: kind, context: context)
    case .organisation(let value):
      return entityEvidence(type: .ORG, value: value, kind: kind, context: context)
    case .keyword(let phrase):
      let wanted = foldedName(phrase)
      let hits = context.extraction.keywords.filter { foldedName($0.keyword) == wanted }
      return hits.prefix(Self.evidenceLimit).map {
        AlertMatch(
          kind: kind, term: phrase,
          text: context.slice($0.sentence.start, $0.sentence.end).trimmingWhitespace(),
          start: $0.start, end: $0.end, matched: $0.text)
      }
    case .feed(let name):
      guard foldedName(name) == foldedName(context.feedName) else { return [] }
      return [AlertMatch(kind: kind, term: name, text: context.feedName)]
    case .tag(let tag):
      let wanted = foldedName(tag)
      guard let found = context.tags.first(where: { foldedName($0) == wanted }) else { return [] }
      return [AlertMatch(kind: kind, term: tag, text: found)]
    case .quoteByFaction(let value):
      return quoteEvidence(kind: kind, label: label, context: context) { speaker in
        speaker.type == .FACTION && value.matches(speaker.name)
          || speaker.type == .PERSON
            && speaker.affiliation.map { affiliation in
              value.matches(affiliation)
                && (value != .any
                  || context.extraction.entities.contains {
                    $0.type == .FACTION && $0.name == affiliation
                  })
            } == true
      }
    case .quoteByPerson(let value):
      return quoteEvidence(kind: kind, label: label, context: context) { speaker in
        speaker.type == .PERSON && value.matches(speaker.name)
      }
    case .quoteAboutTopic(let value):
      let quotes = context.extraction.quotes.filter { quote in
        quote.topics.contains { value.matches($0) }
      }
      return quotes.prefix(Self.evidenceLimit).map {
        AlertMatch(
          kind: kind, term: label, text: $0.text, start: $0.start, end: $0.end,
          speaker: $0.speaker)
      }
    }
  }

  private func entityEvidence(
    type: EntityType, value: TermValue, kind: MatchKind, context: MatchContext
  ) -> [AlertMatch] {
    let entities = context.extraction.entities.filter { $0.type == type && value.matches($0.name) }
    return entities.prefix(Self.evidenceLimit).compactMap { entity in
      guard let mention = entity.mentions.first else { return nil }
      return AlertMatch(
        kind: kind, term: entity.name, text: context.sentenceText(containing: mention.start),
        start: mention.start, end: mention.end, matched: mention.text)
    }
  }

  private func quoteEvidence(
    kind: MatchKind, label: String, context: MatchContext, speakerMatches: (Entity) -> Bool
  ) -> [AlertMatch] {
    let byName = Dictionary(
      context.extraction.entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let quotes = context.extraction.quotes.filter { quote in
      guard let name = quote.speaker, let speaker = byName[name] else { return false }
      return speakerMatches(speaker)
    }
    return quotes.prefix(Self.evidenceLimit).map {
      AlertMatch(
        kind: kind, term: label, text: $0.text, start: $0.start, end: $0.end, speaker: $0.speaker)
    }
  }
}

extension TermValue {
  func matches(_ name: String) -> Bool {
    switch self {
    case .any: return true
    case .named(let wanted): return foldedName(wanted) == foldedName(name)
    }
  }
}
