public import Extraction

/// The extraction core's figures on an annotated corpus: entities by exact span and type,
/// entity names per article, quotes and their speakers, topics, quantities.
public struct CorpusScore: Sendable {
  public struct Counts: Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var precision: Double {
      Self.ratio(truePositives, truePositives + falsePositives)
    }
    public var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
    public var f1: Double {
      precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
  }

  /// One quote whose speaker was wrong or missing, for the report.
  public struct SpeakerMiss: Sendable {
    public var article: String
    public var quote: String
    public var expected: String?
    public var found: String?
    public var detected: Bool
  }

  public var articles = 0
  public var entitySpans = Counts()
  public var entityNames = Counts()
  /// Per type: gold mentions found with their span and type, of all gold mentions.
  public var typeRecall: [EntityType: (found: Int, total: Int)] = [:]
  public var quoteSpans = Counts()
  public var speakersRight = 0
  public var speakersTotal = 0
  /// Per built-in topic: articles where on/off agrees, of all articles.
  public var topicAgreement: [String: Int] = [:]
  public var quantities = Counts()
  public var affiliationsRight = 0
  public var affiliationsTotal = 0
  public var speakerMisses: [SpeakerMiss] = []
  /// Per issue class: quotes with the right speaker in the articles of that class, of all.
  public var speakersByClass: [Int: (right: Int, total: Int)] = [:]
  public var entityMisses: [String] = []
  public var quantityMisses: [String] = []

  public static let topicNames = ["withdrawal", "ceasefire", "attack", "election", "sanctions"]

  public var speakerAccuracy: Double {
    speakersTotal == 0 ? 1 : Double(speakersRight) / Double(speakersTotal)
  }
  public func topicAccuracy(_ topic: String) -> Double {
    articles == 0 ? 1 : Double(topicAgreement[topic, default: 0]) / Double(articles)
  }
  public var topicMacroAccuracy: Double {
    Self.topicNames.map(topicAccuracy).reduce(0, +) / Double(Self.topicNames.count)
  }
  public func recall(_ type: EntityType) -> Double {
    guard let tally = typeRecall[type], tally.total > 0 else { return 1 }
    return Double(tally.found) / Double(tally.total)
  }
  public var affiliationAccuracy: Double {
    affiliationsTotal == 0 ? 1 : Double(affiliationsRight) / Double(affiliationsTotal)
  }

  public init() {}

  /// Scores every article, each with an extractor of its own watch list.
  public static func score(_ corpus: [AnnotatedArticle]) -> CorpusScore {
    var score = CorpusScore()
    for article in corpus {
      let result = Extractor(watchList: article.watchList).extract(article.text)
      score.add(article, result)
    }
    return score
  }

  public mutating func add(_ article: AnnotatedArticle, _ result: ExtractionResult) {
    articles += 1
    scoreEntities(article, result)
    scoreQuotes(article, result)
    for topic in Self.topicNames {
      let found = result.topics.contains { $0.name == topic }
      if found == article.topics.contains(topic) { topicAgreement[topic, default: 0] += 1 }
    }
    scoreQuantities(article, result)
    for (person, organisation) in article.affiliations {
      affiliationsTotal += 1
      let found = entity(for: person, article, result)?.affiliation
      if let found, Self.sameName(found, organisation, article) { affiliationsRight += 1 }
    }
  }

  private mutating func scoreQuantities(_ article: AnnotatedArticle, _ result: ExtractionResult) {
    var expected = article.quantities.map { Self.quantityKey($0.value, $0.unit) }
    for quantity in result.quantities {
      let key = Self.quantityKey(quantity.value, quantity.unit)
      if let k = expected.firstIndex(of: key) {
        expected.remove(at: k)
        quantities.truePositives += 1
      } else {
        quantities.falsePositives += 1
        quantityMisses.append("\(article.name): extra \(key) “\(quantity.text)”")
      }
    }
    quantities.falseNegatives += expected.count
    for key in expected { quantityMisses.append("\(article.name): missed \(key)") }
  }

  private mutating func scoreEntities(_ article: AnnotatedArticle, _ result: ExtractionResult) {
    struct Key: Hashable {
      var start: Int
      var end: Int
      var type: EntityType
    }
    let gold = Set(article.mentions.map { Key(start: $0.start, end: $0.end, type: $0.type) })
    var found = Set<Key>()
    for entity in result.entities {
      for mention in entity.mentions {
        found.insert(Key(start: mention.start, end: mention.end, type: entity.type))
      }
    }
    entitySpans.truePositives += gold.intersection(found).count
    entitySpans.falsePositives += found.subtracting(gold).count
    entitySpans.falseNegatives += gold.subtracting(found).count
    for mention in article.mentions {
      let key = Key(start: mention.start, end: mention.end, type: mention.type)
      typeRecall[mention.type, default: (0, 0)].total += 1
      if found.contains(key) {
        typeRecall[mention.type, default: (0, 0)].found += 1
      } else {
        entityMisses.append("\(article.name): missed \(mention.type) “\(mention.text)”")
      }
    }
    // In text order, so two runs list the same misses alike.
    let scalars = Array(article.text.unicodeScalars)
    for key in found.subtracting(gold).sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
      let text = String(String.UnicodeScalarView(scalars[key.start..<key.end]))
      entityMisses.append("\(article.name): extra \(key.type) “\(text)”")
    }
    // Names per article: each gold entity once, found when an entity of the result carries
    // its canonical name or one of its spellings.
    var unmatched = Set(article.mentionTexts.keys)
    for entity in result.entities {
      if let match = unmatched.first(where: { Self.names(entity, $0, article) }) {
        unmatched.remove(match)
        entityNames.truePositives += 1
      } else if !article.mentionTexts.keys.contains(where: { Self.names(entity, $0, article) }) {
        entityNames.falsePositives += 1
      }
    }
    entityNames.falseNegatives += unmatched.count
  }

  private mutating func scoreQuotes(_ article: AnnotatedArticle, _ result: ExtractionResult) {
    let found = Dictionary(
      result.quotes.map { (TextSpan(start: $0.start, end: $0.end), $0) },
      uniquingKeysWith: { a, _ in a })
    let gold = Set(article.quotes.map { TextSpan(start: $0.start, end: $0.end) })
    quoteSpans.truePositives += gold.intersection(found.keys).count
    quoteSpans.falsePositives += Set(found.keys).subtracting(gold).count
    quoteSpans.falseNegatives += gold.subtracting(found.keys).count
    let scalars = Array(article.text.unicodeScalars)
    for quote in article.quotes {
      speakersTotal += 1
      let predicted = found[TextSpan(start: quote.start, end: quote.end)]
      let right: Bool
      if let predicted {
        switch (quote.speaker, predicted.speaker) {
        case (nil, nil): right = true
        case (let expected?, let speaker?): right = Self.sameName(speaker, expected, article)
        default: right = false
        }
      } else {
        right = false
      }
      for c in Set(article.classes) {
        speakersByClass[c, default: (0, 0)].total += 1
        if right { speakersByClass[c, default: (0, 0)].right += 1 }
      }
      if right {
        speakersRight += 1
      } else {
        let words = String(String.UnicodeScalarView(scalars[quote.start..<quote.end]))
        speakerMisses.append(
          SpeakerMiss(
            article: article.name, quote: words.count > 50 ? String(words.prefix(47)) + "…" : words,
            expected: quote.speaker, found: predicted?.speaker, detected: predicted != nil))
      }
    }
  }

  /// Whether an entity of the result is the gold entity `canonical`: its name is one of
  /// the gold entity's spellings.
  private static func names(_ entity: Entity, _ canonical: String, _ article: AnnotatedArticle)
    -> Bool
  {
    sameName(entity.name, canonical, article)
  }

  /// Whether a name given by the result stands for the gold entity `canonical`.
  static func sameName(_ name: String, _ canonical: String, _ article: AnnotatedArticle) -> Bool {
    let folded = name.lowercased()
    if folded == canonical.lowercased() { return true }
    return (article.mentionTexts[canonical] ?? []).contains { $0.lowercased() == folded }
  }

  private func entity(
    for canonical: String, _ article: AnnotatedArticle, _ result: ExtractionResult
  )
    -> Entity?
  {
    result.entities.first { Self.sameName($0.name, canonical, article) }
  }

  private static func quantityKey(_ value: Double, _ unit: String?) -> String {
    "\(value) \(unit?.lowercased() ?? "-")"
  }
}
