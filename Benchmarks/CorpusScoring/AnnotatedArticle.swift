public import Extraction

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One article of the annotated corpus: `NAME.txt` holds the text with each entity mention
/// marked inline as `{text|TYPE}` or `{text|TYPE|Canonical name}` (the canonical name links
/// the mentions of one entity: "{Baker|PERSON|Laura Baker}"); `NAME.json` holds the rest
/// (`AnnotationFile`). Offsets are Unicode-scalar indices into the text without the marks.
public struct AnnotatedArticle: Sendable {
  public struct GoldMention: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var type: EntityType
    public var canonical: String
    public var text: String
  }
  public struct GoldQuote: Sendable {
    public var start: Int
    public var end: Int
    /// The canonical name of the entity credited, or nil (unnamed source, joint, scare term).
    public var speaker: String?
  }

  public var name: String
  public var text: String
  public var style: String
  public var classes: [Int]
  public let mentions: [GoldMention]
  public var quotes: [GoldQuote]
  public var topics: Set<String>
  public var quantities: [AnnotationFile.GoldQuantity]
  public var affiliations: [String: String]
  public var watchList: WatchList

  /// Canonical name → every mention text of that entity (made once: the scorer asks it for
  /// every pair of an entity found and an entity annotated).
  public let mentionTexts: [String: Set<String>]
}

/// The JSON half of an annotated article.
public struct AnnotationFile: Codable, Sendable {
  public struct GoldQuote: Codable, Sendable {
    /// The quote's inner text, exactly; found in the text after the previous quote.
    public var text: String
    public var speaker: String?
  }
  public struct GoldQuantity: Codable, Sendable, Hashable {
    public var value: Double
    public var unit: String?
  }
  public struct Person: Codable, Sendable {
    public var name: String
    public var aliases: [String]?
  }
  /// Where the article's style comes from: wire, statement, transcript, social, translated,
  /// opinion.
  public var style: String
  /// The issue classes (1–9) the article has examples of.
  public var classes: [Int]
  public var quotes: [GoldQuote]
  public var topics: [String]
  public var quantities: [GoldQuantity]
  /// Person's canonical name → the organisation they speak for.
  public var affiliations: [String: String]?
  /// A watch list the article is read with (a user's configured people and factions).
  public var people: [Person]?
  public var factions: [Person]?
}

public enum CorpusError: Error, CustomStringConvertible {
  case badMark(file: String, offset: Int, reason: String)
  case quoteNotFound(file: String, quote: String)
  case unknownType(file: String, type: String)

  public var description: String {
    switch self {
    case .badMark(let file, let offset, let reason):
      return "\(file): mark at character \(offset): \(reason)"
    case .quoteNotFound(let file, let quote):
      return "\(file): quote not found in the text (in order): \(quote)"
    case .unknownType(let file, let type):
      return "\(file): unknown entity type \(type) (PERSON, FACTION, ORG, GPE, LOC, FAC, NORP)"
    }
  }
}

extension AnnotatedArticle {
  /// Every article of a corpus directory, by file name.
  public static func loadAll(directory: String) throws -> [AnnotatedArticle] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".txt") }.sorted()
    return try names.map { name in
      let base = String(name.dropLast(4))
      let marked = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
      let json = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + base + ".json"))
      let file = try JSONDecoder().decode(AnnotationFile.self, from: json)
      return try AnnotatedArticle(name: base, marked: marked, annotation: file)
    }
  }

  init(name: String, marked: String, annotation: AnnotationFile) throws {
    self.name = name
    var plain: [Unicode.Scalar] = []
    var mentions: [GoldMention] = []
    let scalars = Array(marked.unicodeScalars)
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "{" else {
        plain.append(scalars[i])
        i += 1
        continue
      }
      guard let close = scalars[i...].firstIndex(of: "}") else {
        throw CorpusError.badMark(file: name, offset: i, reason: "no closing }")
      }
      let fields = String(String.UnicodeScalarView(scalars[(i + 1)..<close])).split(
        separator: "|", omittingEmptySubsequences: false
      ).map(String.init)
      guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty else {
        throw CorpusError.badMark(file: name, offset: i, reason: "expected {text|TYPE[|canonical]}")
      }
      guard let type = EntityType(rawValue: fields[1]) else {
        throw CorpusError.unknownType(file: name, type: fields[1])
      }
      let start = plain.count
      plain.append(contentsOf: fields[0].unicodeScalars)
      mentions.append(
        GoldMention(
          start: start, end: plain.count, type: type,
          canonical: fields.count == 3 ? fields[2] : fields[0], text: fields[0]))
      i = close + 1
    }
    text = String(String.UnicodeScalarView(plain))
    self.mentions = mentions
    var texts: [String: Set<String>] = [:]
    for mention in mentions { texts[mention.canonical, default: []].insert(mention.text) }
    mentionTexts = texts
    style = annotation.style
    classes = annotation.classes
    topics = Set(annotation.topics)
    quantities = annotation.quantities
    affiliations = annotation.affiliations ?? [:]
    watchList = WatchList(
      factions: (annotation.factions ?? []).map {
        WatchEntry(name: $0.name, aliases: $0.aliases ?? [])
      },
      people: (annotation.people ?? []).map { WatchEntry(name: $0.name, aliases: $0.aliases ?? []) }
    )
    var quotes: [GoldQuote] = []
    var from = 0
    for quote in annotation.quotes {
      let needle = Array(quote.text.unicodeScalars)
      guard let start = Self.find(needle, in: plain, from: from) else {
        throw CorpusError.quoteNotFound(file: name, quote: quote.text)
      }
      quotes.append(GoldQuote(start: start, end: start + needle.count, speaker: quote.speaker))
      from = start + 1
    }
    self.quotes = quotes
  }

  /// The first place at or after `from` where `needle` stands right after a quotation mark.
  private static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from: Int)
    -> Int?
  {
    guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
    let marks: Set<Unicode.Scalar> = ["\"", "“", "”", "‘", "’", "'", "«", "„"]
    var start = max(from, 1)
    while start + needle.count <= haystack.count {
      if marks.contains(haystack[start - 1]),
        haystack[start..<(start + needle.count)].elementsEqual(needle)
      {
        return start
      }
      start += 1
    }
    return nil
  }
}
