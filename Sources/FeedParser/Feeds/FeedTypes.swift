#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// How a document is parsed: where it came from and how dates without a zone are read.
public struct FeedParserOptions: Sendable {
  /// The document's URL (after redirects): the base for relative links.
  public var baseURL: String?
  /// The HTTP Content-Type header, used for the charset and to recognise JSON Feed.
  public var contentType: String?
  /// Offset from UTC, in seconds, for dates written without a zone.
  public var defaultTimeZoneOffset: Int
  /// Reads XML with libxml2 alone, without the scanner that reads well-formed documents first
  /// (the two give the same result; this is for comparing them).
  public var libxml2Only: Bool

  public init(
    baseURL: String? = nil, contentType: String? = nil, defaultTimeZoneOffset: Int = 0,
    libxml2Only: Bool = false
  ) {
    self.baseURL = baseURL
    self.contentType = contentType
    self.defaultTimeZoneOffset = defaultTimeZoneOffset
    self.libxml2Only = libxml2Only
  }
}

/// The format a document turned out to be, read from its content (never from its URL).
public enum FeedKind: String, Sendable, Codable {
  case rss090, rss091, rss092, rss20, rss10, atom03, atom10, jsonFeed, unknown
}

/// Channel-level data of a feed.
public struct Feed: Sendable, Codable, Equatable {
  public var kind: FeedKind
  public var title: String?
  public var link: String?
  public var subtitle: String?
  public var language: String?
  public var updated: Date?
  /// RSS `<ttl>`.
  public var ttlMinutes: Int?
  /// `sy:updatePeriod` (hourly, daily, weekly, monthly, yearly).
  public var updatePeriod: String?
  /// `sy:updateFrequency`.
  public var updateFrequency: Int?
  /// RSS `<skipHours>`, 0–23.
  public var skipHours: [Int]

  public init(
    kind: FeedKind = .unknown, title: String? = nil, link: String? = nil, subtitle: String? = nil,
    language: String? = nil, updated: Date? = nil, ttlMinutes: Int? = nil,
    updatePeriod: String? = nil, updateFrequency: Int? = nil, skipHours: [Int] = []
  ) {
    self.kind = kind
    self.title = title
    self.link = link
    self.subtitle = subtitle
    self.language = language
    self.updated = updated
    self.ttlMinutes = ttlMinutes
    self.updatePeriod = updatePeriod
    self.updateFrequency = updateFrequency
    self.skipHours = skipHours
  }
}

/// One item or entry, as plain text with absolute links and UTC dates.
public struct FeedItem: Sendable, Codable, Equatable {
  /// RSS guid / Atom id / JSON Feed id, as written.
  public var id: String?
  /// Absolute link to the item's page.
  public var link: String?
  /// Plain text.
  public var title: String?
  /// Plain text of the description / Atom summary (made from its HTML when read).
  public var summary: String? {
    get { summarySource?.plainText }
    set { summarySource = newValue.map(ItemText.plain) }
  }
  /// Plain text of the fullest content, content:encoded / Atom content (made from its HTML
  /// when read).
  public var content: String? {
    get { contentSource?.plainText }
    set { contentSource = newValue.map(ItemText.plain) }
  }
  public var authors: [String]
  public var categories: [String]
  public var published: Date?
  public var updated: Date?
  var summarySource: ItemText?
  var contentSource: ItemText?

  public init(
    id: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
    content: String? = nil, authors: [String] = [], categories: [String] = [],
    published: Date? = nil, updated: Date? = nil
  ) {
    self.id = id
    self.link = link
    self.title = title
    self.summarySource = summary.map(ItemText.plain)
    self.contentSource = content.map(ItemText.plain)
    self.authors = authors
    self.categories = categories
    self.published = published
    self.updated = updated
  }

  /// Makes the summary and content plain text now, for an item whose text is read more than
  /// once (each read of a summary still in HTML converts it again).
  public mutating func convertText() {
    summarySource = summary.map(ItemText.plain)
    contentSource = content.map(ItemText.plain)
  }

  private enum CodingKeys: String, CodingKey {
    case id, link, title, summary, content, authors, categories, published, updated
  }

  public init(from decoder: any Decoder) throws {
    let values = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try values.decodeIfPresent(String.self, forKey: .id),
      link: try values.decodeIfPresent(String.self, forKey: .link),
      title: try values.decodeIfPresent(String.self, forKey: .title),
      summary: try values.decodeIfPresent(String.self, forKey: .summary),
      content: try values.decodeIfPresent(String.self, forKey: .content),
      authors: try values.decode([String].self, forKey: .authors),
      categories: try values.decode([String].self, forKey: .categories),
      published: try values.decodeIfPresent(Date.self, forKey: .published),
      updated: try values.decodeIfPresent(Date.self, forKey: .updated))
  }

  public func encode(to encoder: any Encoder) throws {
    var values = encoder.container(keyedBy: CodingKeys.self)
    try values.encodeIfPresent(id, forKey: .id)
    try values.encodeIfPresent(link, forKey: .link)
    try values.encodeIfPresent(title, forKey: .title)
    try values.encodeIfPresent(summary, forKey: .summary)
    try values.encodeIfPresent(content, forKey: .content)
    try values.encode(authors, forKey: .authors)
    try values.encode(categories, forKey: .categories)
    try values.encodeIfPresent(published, forKey: .published)
    try values.encodeIfPresent(updated, forKey: .updated)
  }

  public static func == (a: FeedItem, b: FeedItem) -> Bool {
    a.id == b.id && a.link == b.link && a.title == b.title && a.summary == b.summary
      && a.content == b.content && a.authors == b.authors && a.categories == b.categories
      && a.published == b.published && a.updated == b.updated
  }
}

/// An item's summary or content as the feed wrote it. HTML becomes plain text only when it
/// is read: a feed mostly lists items already seen, whose text nobody reads.
enum ItemText: Sendable {
  case plain(String)
  case html([UInt8])

  var plainText: String? {
    switch self {
    case .plain(let text): return text.isEmpty ? nil : text
    case .html(let bytes):
      return bytes.withUnsafeBufferPointer { html in
        HTMLTextConverter.withPooled { convertToPlainText(html, isHTML: true, converter: $0) }
      }
    }
  }
}

/// Why no feed could be read from a document.
public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The body was empty (or only whitespace).
  case empty
  /// The body is something else; the payload says what it looks like ("an HTML page").
  case notAFeed(String)
  /// A fatal XML error before any item could be read.
  case malformed(line: Int, message: String)

  public var description: String {
    switch self {
    case .empty: return "The document is empty."
    case .notAFeed(let what): return "The document is not a feed: it looks like \(what)."
    case .malformed(let line, let message):
      return "The feed is not well-formed XML (line \(line): \(message))."
    }
  }
}
