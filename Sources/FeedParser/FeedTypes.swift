#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// How a document is parsed: where it came from and how dates without a zone are read.
public struct FeedParserOptions: Sendable {
  /// The document's URL (after redirects): the base for relative links.
  public var baseURL: String?
  /// The HTTP Content-Type header, used for the charset and to recognise JSON Feed.
  public var contentType: String?
  /// Offset from UTC, in seconds, for dates written without a zone.
  public var defaultTimeZoneOffset: Int

  public init(baseURL: String? = nil, contentType: String? = nil, defaultTimeZoneOffset: Int = 0) {
    self.baseURL = baseURL
    self.contentType = contentType
    self.defaultTimeZoneOffset = defaultTimeZoneOffset
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
  /// Plain text of the description / Atom summary.
  public var summary: String?
  /// Plain text of the fullest content (content:encoded / Atom content).
  public var content: String?
  public var authors: [String]
  public var categories: [String]
  public var published: Date?
  public var updated: Date?

  public init(
    id: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
    content: String? = nil, authors: [String] = [], categories: [String] = [],
    published: Date? = nil, updated: Date? = nil
  ) {
    self.id = id
    self.link = link
    self.title = title
    self.summary = summary
    self.content = content
    self.authors = authors
    self.categories = categories
    self.published = published
    self.updated = updated
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
