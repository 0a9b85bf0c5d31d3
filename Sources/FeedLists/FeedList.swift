/// A feed list as read from a file: the feeds it names, in document order, and the entries
/// that name none (kept so `feedwatch check` can list them).
public struct FeedList: Sendable, Equatable {
  public enum Format: Sendable, Equatable, CustomStringConvertible {
    /// An OPML document; `version` is its `version` attribute ("1.0", "2.0", or nil).
    case opml(version: String?)
    /// One URL per line, `#` comments.
    case plain

    public var description: String {
      switch self {
      case .opml(let version): version.map { "OPML \($0)" } ?? "OPML"
      case .plain: "plain list"
      }
    }
  }

  public var format: Format
  public var entries: [FeedListEntry] = []
  public var skipped: [SkippedEntry] = []

  public init(format: Format, entries: [FeedListEntry] = [], skipped: [SkippedEntry] = []) {
    self.format = format
    self.entries = entries
    self.skipped = skipped
  }
}

/// One feed of a list.
public struct FeedListEntry: Sendable, Equatable {
  /// An http(s) URL, as written (trimmed).
  public var url: String
  /// The outline's `title`, else its `text`, as plain text; nil when it has neither.
  public var title: String?
  /// The enclosing outlines' names, then the `category` attribute's, without repeats.
  public var tags: [String]
  /// The line of the file the entry is on (1-based).
  public var line: Int

  public init(url: String, title: String?, tags: [String], line: Int) {
    self.url = url
    self.title = title
    self.tags = tags
    self.line = line
  }
}

/// An entry of a list that is not a feed feedwatch can poll, and why.
public struct SkippedEntry: Sendable, Equatable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// An outline that is neither a feed (no `xmlUrl`) nor a folder (no outlines inside).
    case noURL(title: String?)
    /// A URL that is not http:// or https:// (`feed://`, `file://`, a relative path).
    case notWeb(url: String)
    /// An http(s) URL that cannot be one (spaces, no host).
    case invalidURL(String)
    /// An outline of a type that is not a feed: `link`, `include`, a scraper's source.
    case notAFeed(type: String, url: String)
    /// A plain-list line with more than a URL on it.
    case notOneURL(line: String)
  }

  public var line: Int
  public var reason: Reason

  public init(line: Int, reason: Reason) {
    self.line = line
    self.reason = reason
  }

  public var description: String {
    switch reason {
    case .noURL(let title):
      let name = title.map { "outline \"\($0)\"" } ?? "an outline"
      return "line \(line): \(name) has no xmlUrl and no outlines inside; it is not a feed"
    case .notWeb(let url):
      return "line \(line): \"\(url)\" is not an http:// or https:// URL"
    case .invalidURL(let url):
      return "line \(line): \"\(url)\" is not a valid URL"
    case .notAFeed(let type, let url):
      return "line \(line): \"\(url)\" is an outline of type \"\(type)\", not a feed"
    case .notOneURL(let text):
      return "line \(line): expected one URL (and perhaps a # comment), found \"\(text)\""
    }
  }
}
