// The parser's internal record of a feed: close to what the document says (raw text,
// content types, bases), so both the daemon's `Feed`/`FeedItem` and the feedparser-shaped
// rendering can be derived from it.

/// A text construct: title, summary, content, rights…
struct TextValue: Sendable, Equatable {
  enum Kind: String, Sendable {
    case text = "text/plain"
    case html = "text/html"
    case xhtml = "application/xhtml+xml"
  }
  var value: String
  /// The media type as feedparser spells it: text/plain, text/html, application/xhtml+xml, or another.
  var type: String
  var language: String?
  var base: String?

  var isHTML: Bool { type == "text/html" || type == "application/xhtml+xml" }
}

struct LinkValue: Sendable, Equatable {
  var rel: String?
  var type: String?
  var href: String?
  var title: String?
  var length: String?
  var hreflang: String?
}

struct PersonValue: Sendable, Equatable {
  var name: String?
  var email: String?
  var href: String?
  var isEmpty: Bool { name == nil && email == nil && href == nil }
}

struct TagValue: Sendable, Equatable {
  var term: String?
  var scheme: String?
  var label: String?
}

/// An item/entry, or the channel itself (which uses the same slots plus `extras`).
struct EntryRecord: Sendable {
  /// Text constructs by feedparser key: title, summary, subtitle, rights, info.
  var texts: [String: TextValue] = [:]
  var contents: [TextValue] = []
  var id: String?
  var guidIsLink: Bool?
  var links: [LinkValue] = []
  var authors: [PersonValue] = []
  var contributors: [PersonValue] = []
  var publisher: PersonValue?
  var tags: [TagValue] = []
  /// Raw date text by feedparser key: published, updated, created, expired.
  var dates: [String: String] = [:]
  /// Other simple values by feedparser key (comments, ttl, dc_*, itunes_*, sy_*, …).
  var extras: [String: String] = [:]
  /// Nested objects by feedparser key (image, textinput, cloud, source, generator_detail…).
  var objects: [String: [String: String]] = [:]
  var language: String?
  var skipHours: [Int] = []
}
