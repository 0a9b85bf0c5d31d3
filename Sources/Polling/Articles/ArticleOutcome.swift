import Config

/// What reading one item's article page gave: its text, or why the item is read from the feed.
package enum ArticleOutcome: Sendable, Equatable {
  /// `url`: the page's address after redirects.
  case read(text: String, url: String)
  /// `url`: the article's link as the feed gave it.
  case fellBack(ArticleFailure, url: String)
}

/// Why an article was not read. Blocked and failed are counted apart in the feed's status.
package enum ArticleFailure: Sendable, Equatable, CustomStringConvertible {
  /// The publisher's robots.txt disallows the page for feedwatch.
  case robotsDisallowed
  /// The server refused (401, 403) or answered with a bot-challenge page.
  case blocked(String)
  /// Network, HTTP or size failure.
  case failed(String)
  /// The page holds no article text, or less than the feed's own (a paywall or consent stub).
  case noArticle(String)
  /// Not read within the item's `articleTimeout`.
  case timedOut(Double)

  package var isBlocked: Bool {
    switch self {
    case .robotsDisallowed, .blocked: true
    default: false
    }
  }

  /// What one log line per host stands for.
  package var cause: String {
    switch self {
    case .robotsDisallowed: "robots.txt"
    case .blocked: "blocked"
    case .failed: "failed"
    case .noArticle: "no article"
    case .timedOut: "timeout"
    }
  }

  package var description: String {
    switch self {
    case .robotsDisallowed: "the publisher's robots.txt disallows this page"
    case .blocked(let detail): "blocked: \(detail)"
    case .failed(let detail): detail
    case .noArticle(let detail): "no article on the page: \(detail)"
    case .timedOut(let seconds): "not read within \(DurationText.format(seconds))"
    }
  }
}
