package import Logging
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One log line per host and cause, however many items hit it: a publisher that blocks
/// feedwatch would otherwise fill the log with one line per item.
package final class ArticleLogBook: @unchecked Sendable {
  private let logger: Logger
  private let lock = Mutex(())
  private var told: Set<String> = []

  package init(logger: Logger) { self.logger = logger }

  func note(_ failure: ArticleFailure, host: String, url: String, feed: String) {
    let first = lock.withLock { _ in told.insert(host + "\u{0}" + failure.cause).inserted }
    guard first else { return }
    logger.warning(
      "article not read; items are matched on the feed's text",
      metadata: [
        "feed": "\(feed)", "host": "\(host)", "cause": "\(failure.cause)",
        "error": "\(failure)", "url": "\(url)",
      ])
  }
}
