// The public surface of the extraction core. The daemon and rules engine call these names;
// the Codable shape of `ExtractionResult` is what `feedwatch extract` prints.

/// A watched entity: the config's canonical name plus spellings that refer to it.
public struct WatchEntry: Sendable, Codable, Equatable {
  public var name: String
  public var aliases: [String]
  public init(name: String, aliases: [String] = []) {
    self.name = name
    self.aliases = aliases
  }
}

/// A topic: a sentence is about it when it contains one of `terms`, at least one of
/// `context` (when any are given) and none of `exclude`.
public struct TopicDefinition: Sendable, Codable, Equatable {
  public var name: String
  public var terms: [String]
  public var context: [String]
  public var exclude: [String]
  /// Further term groups of the same topic, each with its own context and exclude lists:
  /// everyday words ("leave", "end") that only count next to narrower context. Optional
  /// in JSON.
  public var groups: [TopicDefinition]?
  /// Entities that count as context too, when one is named in the term's clause: a
  /// place or an armed group ("pull out of Syria"). Optional in JSON.
  public var contextTypes: [EntityType]?
  public init(
    name: String, terms: [String], context: [String] = [], exclude: [String] = [],
    groups: [TopicDefinition]? = nil, contextTypes: [EntityType]? = nil
  ) {
    self.name = name
    self.terms = terms
    self.context = context
    self.exclude = exclude
    self.groups = groups
    self.contextTypes = contextTypes
  }

  /// Whether a term of this definition needs context in its clause to count.
  var needsContext: Bool { !context.isEmpty || !(contextTypes ?? []).isEmpty }

  /// This definition and its groups, each under this topic's name.
  var flattened: [TopicDefinition] {
    var own = self
    own.groups = nil
    let nested = (groups ?? []).flatMap { group -> [TopicDefinition] in
      var renamed = group
      renamed.name = name
      return renamed.flattened
    }
    return [own] + nested
  }
}

/// What the user watches: entities, free keywords and topics.
public struct WatchList: Sendable {
  public var factions: [WatchEntry]
  public var people: [WatchEntry]
  public var organisations: [WatchEntry]
  public var keywords: [String]
  public var topics: [TopicDefinition]
  public init(
    factions: [WatchEntry] = [], people: [WatchEntry] = [], organisations: [WatchEntry] = [],
    keywords: [String] = [], topics: [TopicDefinition] = TopicDefinition.builtin
  ) {
    self.factions = factions
    self.people = people
    self.organisations = organisations
    self.keywords = keywords
    self.topics = topics
  }
}

/// Unicode-scalar offsets into the analysed text, end-exclusive (Python `str` indexing).
public struct TextSpan: Sendable, Codable, Equatable, Hashable {
  public var start: Int
  public var end: Int
  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}

public enum EntityType: String, Sendable, Codable {
  // The extraction spec's type names, as library users and the JSON output spell them.
  // swift-format-ignore: AlwaysUseLowerCamelCase
  case PERSON, ORG, FACTION, GPE, LOC, FAC, NORP
}

public struct Mention: Sendable, Codable, Equatable {
  public var text: String
  public var start: Int
  public var end: Int
  public init(text: String, start: Int, end: Int) {
    self.text = text
    self.start = start
    self.end = end
  }
}

public struct Entity: Sendable, Codable, Equatable {
  /// Canonical name: the config's name for watched entities, else the fullest mention.
  public var name: String
  public var type: EntityType
  public var mentions: [Mention]
  public var roles: [String]
  /// Canonical name of the group a person or wing belongs to.
  public var affiliation: String?
  /// True when the entity came from the config watch list.
  public var watched: Bool
  public init(
    name: String, type: EntityType, mentions: [Mention], roles: [String] = [],
    affiliation: String? = nil, watched: Bool = false
  ) {
    self.name = name
    self.type = type
    self.mentions = mentions
    self.roles = roles
    self.affiliation = affiliation
    self.watched = watched
  }
}

public struct Quote: Sendable, Codable, Equatable {
  public var text: String
  public var start: Int
  public var end: Int
  /// Canonical entity name, or nil for unnamed sources, joint statements and scare quotes.
  public var speaker: String?
  /// The attribution words, e.g. "said", "it added", "according to".
  public var cue: String?
  /// Topics the quoted words themselves are about.
  public var topics: [String]
  public init(
    text: String, start: Int, end: Int, speaker: String?, cue: String?, topics: [String]
  ) {
    self.text = text
    self.start = start
    self.end = end
    self.speaker = speaker
    self.cue = cue
    self.topics = topics
  }
}

public struct Quantity: Sendable, Codable, Equatable {
  public var value: Double
  public var unit: String?
  public var approximate: Bool
  public var text: String
  public var start: Int
  public var end: Int
  public init(value: Double, unit: String?, approximate: Bool, text: String, start: Int, end: Int) {
    self.value = value
    self.unit = unit
    self.approximate = approximate
    self.text = text
    self.start = start
    self.end = end
  }
}

public struct TopicEvidence: Sendable, Codable, Equatable {
  /// The configured term that matched.
  public var term: String
  /// The text as written in the article.
  public var text: String
  public var start: Int
  public var end: Int
  public var sentence: TextSpan
}

/// Why a topic term counted, for `feedwatch extract --explain`: the term, the words or
/// name that licensed it, and which of the topic's term groups it belongs to.
public struct TopicExplanation: Sendable, Codable, Equatable {
  public enum License: String, Sendable, Codable {
    /// The topic's term needs no context.
    case termAlone = "term alone"
    /// One of the group's context phrases is in the term's clause.
    case contextPhrase = "context phrase in the clause"
    /// An entity of one of the group's context types is named in the term's clause.
    case contextEntity = "named entity in the clause"
  }
  public var topic: String
  public var term: String
  public var text: String
  public var start: Int
  public var end: Int
  public var license: License
  /// The licensing words as written, when a context licensed the term.
  public var context: String?
  /// 0: the topic's own terms; n: its n-th group (depth first).
  public var group: Int
}

/// How a quote's speaker was chosen, for `feedwatch extract --explain`: the attribution
/// cue, the rule that used it and how the cue's subject was found (or why there is no
/// speaker).
public struct QuoteExplanation: Sendable, Codable, Equatable {
  public enum Rule: String, Sendable, Codable {
    case attributionAfter = "attribution after the quote"
    case attributionBefore = "attribution before the quote in its sentence"
    case earlierQuoteInSentence = "the speaker of an earlier quote in the sentence"
    case continuesPreviousSpeaker = "opens its sentence: the last quote's speaker goes on"
    case jointStatement = "a joint statement: no single speaker"
    case unnamedSource = "an unnamed source: no speaker"
    case scareQuote = "inside a sentence with no attribution: a scare quote, no speaker"
    case noAttributionNearby = "no attribution and no quote in the last sentences: no speaker"
    case insideQuote = "inside another quote: that quote's speaker"
    case termInsideQuote = "a term set off inside another quote: no speaker"

    /// Whether the rule names a speaker when its subject can be resolved.
    public var givesSpeaker: Bool {
      switch self {
      case .attributionAfter, .attributionBefore, .earlierQuoteInSentence,
        .continuesPreviousSpeaker, .insideQuote:
        return true
      case .jointStatement, .unnamedSource, .scareQuote, .noAttributionNearby, .termInsideQuote:
        return false
      }
    }
  }
  /// How the cue's subject was found.
  public enum Subject: String, Sendable, Codable {
    case nameBeforeVerb = "the name just before the verb"
    case appositive = "the name before an appositive"
    case pronoun = "a pronoun: the last person or group named as a subject"
    case clauseSubject = "the first name of the clause"
    case roleHolder = "the person last named with that role"
    case description = "a description: the last person or group named speaking"
    case afterVerb = "the name or pronoun after the verb"
    case accordingTo = "the name after according to"
    case unnamedSpokesperson = "an unnamed spokesperson: the organisation they speak for"
  }
  public var text: String
  public var start: Int
  public var end: Int
  public var speaker: String?
  public var cue: String?
  public var rule: Rule
  public var subject: Subject?
}

public struct TopicHit: Sendable, Codable, Equatable {
  public var name: String
  public var evidence: [TopicEvidence]
}

public struct KeywordHit: Sendable, Codable, Equatable {
  public var keyword: String
  public var text: String
  public var start: Int
  public var end: Int
  public var sentence: TextSpan
}

public struct ExtractionResult: Sendable, Codable, Equatable {
  /// The analysed text (title + "\n\n" + body when a title was given).
  public var text: String
  public var sentences: [TextSpan]
  public var entities: [Entity]
  public var quotes: [Quote]
  public var quantities: [Quantity]
  public var topics: [TopicHit]
  public var keywords: [KeywordHit]
}

// Optional fields are written as explicit nulls, so every quote, entity and quantity in
// `feedwatch extract` output has the same keys (jq filters need not test for absence).

extension Quote {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(text, forKey: .text)
    try container.encode(start, forKey: .start)
    try container.encode(end, forKey: .end)
    try container.encode(speaker, forKey: .speaker)
    try container.encode(cue, forKey: .cue)
    try container.encode(topics, forKey: .topics)
  }
}

extension Entity {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(type, forKey: .type)
    try container.encode(mentions, forKey: .mentions)
    try container.encode(roles, forKey: .roles)
    try container.encode(affiliation, forKey: .affiliation)
    try container.encode(watched, forKey: .watched)
  }
}

extension Quantity {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(value, forKey: .value)
    try container.encode(unit, forKey: .unit)
    try container.encode(approximate, forKey: .approximate)
    try container.encode(text, forKey: .text)
    try container.encode(start, forKey: .start)
    try container.encode(end, forKey: .end)
  }
}
