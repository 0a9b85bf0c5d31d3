public import Extraction
public import FeedParser
import Hashing

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// One alert: a rule fired for an item. This is the line written to the alert log (format v1,
/// documented in docs/alerts.md); fields are only ever added, never renamed.
public struct Alert: Sendable, Codable, Equatable {
  public static let formatVersion = 1

  public struct FeedInfo: Sendable, Codable, Equatable {
    public var name: String
    public var url: String
    public var tags: [String]

    public init(name: String, url: String, tags: [String]) {
      self.name = name
      self.url = url
      self.tags = tags
    }
  }

  public struct ItemInfo: Sendable, Codable, Equatable {
    public var title: String?
    public var link: String?
    public var guid: String?
    public var published: Date?
    /// The item's identity (see ItemIdentity).
    public var key: String
    /// Which text the rules read: the linked article's or the feed's own. Absent when the
    /// item was never meant to be read from its article.
    public var textFrom: TextSource? = nil
    /// The article's address after redirects (or as linked, when it could not be read).
    public var articleURL: String? = nil
    /// Why the article was not read, when the item fell back to the feed's text.
    public var articleError: String? = nil
  }

  public enum TextSource: String, Sendable, Codable, Equatable {
    case article, feed
  }

  /// The story the item belongs to: the same news carried by several feeds.
  public struct StoryInfo: Sendable, Codable, Equatable {
    public var id: String
    /// Names of the feeds that carried it so far, this one included.
    public var sources: [String]

    public init(id: String, sources: [String]) {
      self.id = id
      self.sources = sources
    }
  }

  public struct EntityInfo: Sendable, Codable, Equatable {
    public var name: String
    public var type: String
  }

  public struct QuoteInfo: Sendable, Codable, Equatable {
    public var speaker: String?
    public var text: String
  }

  public var v: Int
  public var id: String
  public var time: Date
  public var rule: String
  public var severity: Severity
  public var feed: FeedInfo
  public var item: ItemInfo
  public var matches: [AlertMatch]
  /// The entities that made it fire.
  public var entities: [EntityInfo]
  /// The quotes that made it fire, with their speakers.
  public var quotes: [QuoteInfo]
  /// Absent when story grouping is off.
  public var story: StoryInfo?
  /// Only on a digest: the alerts a rule's hourly limit held back.
  public var digest: DigestInfo?
  /// Only on a feed-health alert: what happened to the feed.
  public var health: HealthInfo?

  /// What a digest lists: the alerts held back in one hour, each in short.
  public struct DigestInfo: Sendable, Codable, Equatable {
    public var start: Date
    public var end: Date
    public var limit: Int
    public var count: Int
    public var alerts: [DigestEntry]
  }

  public struct DigestEntry: Sendable, Codable, Equatable {
    public var id: String
    public var time: Date
    public var feed: String
    public var title: String?
    public var link: String?
    /// The first piece of evidence.
    public var text: String?
  }

  /// One alert listing the alerts of `rule` held back in the hour `bucket` (seconds since
  /// 1970 / 3600). Its id is stable for (rule, hour), so it is never written twice.
  public static func digest(
    rule: String, severity: Severity, limit: Int, bucket: Int, held: [Alert], at time: Date
  ) -> Alert {
    let start = Date(timeIntervalSince1970: Double(bucket) * 3600)
    let end = start.addingTimeInterval(3600)
    let window = "\(start.formatted(.iso8601)) – \(end.formatted(.iso8601))"
    var alert = Alert(
      v: formatVersion,
      id: String(Digest.sha256Hex("digest\u{0}" + rule + "\u{0}\(bucket)").prefix(32)),
      time: Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down)), rule: rule,
      severity: severity, feed: FeedInfo(name: "feedwatch", url: "feedwatch:digest", tags: []),
      item: ItemInfo(
        title:
          "\(held.count) more \(rule) alert\(held.count == 1 ? "" : "s") past the limit of \(limit) an hour, \(window)",
        link: nil, guid: nil, published: nil, key: "digest:\(rule):\(bucket)"),
      matches: [], entities: [], quotes: [])
    alert.digest = DigestInfo(
      start: start, end: end, limit: limit, count: held.count,
      alerts: held.map {
        DigestEntry(
          id: $0.id, time: $0.time, feed: $0.feed.name, title: $0.item.title, link: $0.item.link,
          text: $0.matches.first?.text)
      })
    return alert
  }

  /// The parts, for the alerts feedwatch raises itself (digests, feed health).
  init(
    v: Int, id: String, time: Date, rule: String, severity: Severity, feed: FeedInfo,
    item: ItemInfo,
    matches: [AlertMatch], entities: [EntityInfo], quotes: [QuoteInfo]
  ) {
    self.v = v
    self.id = id
    self.time = time
    self.rule = rule
    self.severity = severity
    self.feed = feed
    self.item = item
    self.matches = matches
    self.entities = entities
    self.quotes = quotes
  }

  /// Stable for (rule, feed, item): the same item never yields two alerts for one rule.
  public static func id(rule: String, feedKey: String, itemKey: String) -> String {
    String(Digest.sha256Hex(rule + "\u{0}" + feedKey + "\u{0}" + itemKey).prefix(32))
  }

  public init(
    rule: Rule, feed: FeedInfo, feedKey: String, item: FeedItem, itemKey: String,
    matches: [AlertMatch],
    extraction: ExtractionResult, time: Date
  ) {
    self.v = Self.formatVersion
    self.id = Self.id(rule: rule.name, feedKey: feedKey, itemKey: itemKey)
    // Whole seconds: the log's ISO 8601 times carry no fractions, so an alert reads back equal.
    self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
    self.rule = rule.name
    self.severity = rule.severity
    self.feed = feed
    self.item = ItemInfo(
      title: item.title, link: Self.webLink(item.link), guid: item.id,
      published: item.published ?? item.updated,
      key: itemKey)
    self.matches = matches
    let entityNames = Set(matches.filter(\.kind.isEntity).map(\.term))
    self.entities = extraction.entities.filter { entityNames.contains($0.name) }.map {
      EntityInfo(name: $0.name, type: $0.type.rawValue)
    }
    self.quotes = matches.filter(\.kind.isQuote).map {
      QuoteInfo(speaker: $0.speaker, text: $0.text)
    }
  }

  /// The item's link when it is a web address. A feed can put `javascript:` or `data:` there,
  /// which a chat client or browser showing the alert would run when clicked.
  static func webLink(_ link: String?) -> String? {
    guard let link else { return nil }
    let lowered = link.lowercased()
    return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? link : nil
  }

  public func jsonLine() throws -> String {
    String(decoding: try Self.encoder.encode(self), as: UTF8.self)
  }

  public static func decode(jsonLine: some StringProtocol) throws -> Alert {
    try decoder.decode(Alert.self, from: Data(jsonLine.utf8))
  }

  private static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  private static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }
}
