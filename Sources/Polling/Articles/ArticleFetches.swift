import Article
package import Config
package import Dispatch
package import Fetcher
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads the article pages of one poll's new items through the fetcher (each host's
/// politeness budget shared with its feed polls), honouring robots.txt, and gives every item
/// an outcome within the feed's `articleTimeout`, counted from when its fetch is queued.
package final class ArticleFetches: @unchecked Sendable {
  private let fetcher: Fetcher
  private let userAgent: String
  private let denyPrivateNetworks: Bool
  private let workQueue: DispatchQueue
  private let robots: RobotsCache
  private let logBook: ArticleLogBook

  /// A failure that may pass (a timeout, a refused connection, a 5xx) is tried once more
  /// after this pause, when the item's time allows.
  static let retryPause: Double = 0.5
  /// An article with fewer words than this and than the feed's own text is a stub.
  static let stubWords = 50

  package init(
    fetcher: Fetcher, userAgent: String, denyPrivateNetworks: Bool, workQueue: DispatchQueue,
    logBook: ArticleLogBook
  ) {
    self.fetcher = fetcher
    self.userAgent = userAgent
    self.denyPrivateNetworks = denyPrivateNetworks
    self.workQueue = workQueue
    robots = RobotsCache(fetcher: fetcher)
    self.logBook = logBook
  }

  package struct Wanted: Sendable {
    package var key: String
    package var url: String
    /// Words of the feed's own text: an article must say more.
    package var feedWords: Int

    package init(key: String, url: String, feedWords: Int) {
      self.key = key
      self.url = url
      self.feedWords = feedWords
    }
  }

  /// Calls `completion` once, with an outcome for every wanted item.
  package func read(
    _ wanted: [Wanted], feed: Config.Feed,
    completion: @escaping @Sendable ([String: ArticleOutcome]) -> Void
  ) {
    guard !wanted.isEmpty else { return completion([:]) }
    let batch = Batch(wanted, completion: completion)
    let settings = feed.article
    let deadline = DispatchTime.now() + settings.timeout
    workQueue.asyncAfter(deadline: deadline) { [self] in
      let failure = ArticleFailure.timedOut(settings.timeout)
      for url in batch.expire(failure) { note(failure, url: url, feed: feed) }
    }
    for item in wanted {
      let finish: @Sendable (ArticleOutcome) -> Void = { [self] outcome in
        if case .fellBack(let failure, let url) = outcome { note(failure, url: url, feed: feed) }
        batch.set(item.key, outcome)
      }
      guard settings.robots, let (origin, path) = RobotsCache.split(item.url) else {
        download(item, feed: feed, deadline: deadline, retries: 1, batch: batch, finish: finish)
        continue
      }
      robots.rules(for: origin, request: request(item.url, feed: feed, deadline: deadline)) {
        [self] rules in
        guard rules.allows(path) else {
          return finish(.fellBack(.robotsDisallowed, url: item.url))
        }
        download(item, feed: feed, deadline: deadline, retries: 1, batch: batch, finish: finish)
      }
    }
  }

  private func request(_ url: String, feed: Config.Feed, deadline: DispatchTime) -> FetchRequest {
    let left = max(
      1,
      Double(Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1e9)
    return FetchRequest(
      url: url, timeout: left, connectTimeout: min(feed.connectTimeout, left),
      maxBytes: feed.article.maxBytes, userAgent: userAgent, feed: feed.name,
      denyPrivateNetworks: denyPrivateNetworks, proxy: feed.proxy)
  }

  private func download(
    _ item: Wanted, feed: Config.Feed, deadline: DispatchTime, retries: Int, batch: Batch,
    finish: @escaping @Sendable (ArticleOutcome) -> Void
  ) {
    guard !batch.isDone(item.key) else { return }
    let handler = ArticleDownload(url: item.url, workQueue: workQueue) { [self] result in
      switch result {
      case .read(let article, let url):
        let words = ArticleNeed.words(in: article.text)
        if let absence = article.absence {
          finish(.fellBack(.noArticle(absence.description), url: item.url))
        } else if words < Self.stubWords && words <= item.feedWords {
          finish(.fellBack(.noArticle("\(words) words, no more than the feed's"), url: item.url))
        } else {
          finish(.read(text: article.text, url: url))
        }
      case .failed(let failure, let transient):
        let pause = DispatchTime.now() + Self.retryPause
        // The retry must have time for a connection of its own.
        if transient, retries > 0, pause + 2 < deadline {
          workQueue.asyncAfter(deadline: pause) { [self] in
            download(
              item, feed: feed, deadline: deadline, retries: retries - 1, batch: batch,
              finish: finish)
          }
        } else {
          finish(.fellBack(failure, url: item.url))
        }
      }
    }
    batch.track(item.key, handler)
    fetcher.fetch(request(item.url, feed: feed, deadline: deadline), handler: handler)
  }

  private func note(_ failure: ArticleFailure, url: String, feed: Config.Feed) {
    let host = RobotsCache.split(url).map(\.origin) ?? url
    logBook.note(failure, host: host, url: url, feed: feed.name)
  }
}

/// The outcomes of one poll's articles as they come in; completes once, when all are in or
/// the deadline passes.
private final class Batch: @unchecked Sendable {
  private let lock = Mutex(())
  private let wanted: [ArticleFetches.Wanted]
  private var outcomes: [String: ArticleOutcome] = [:]
  private var downloads: [String: ArticleDownload] = [:]
  private var completion: (@Sendable ([String: ArticleOutcome]) -> Void)?

  init(
    _ wanted: [ArticleFetches.Wanted],
    completion: @escaping @Sendable ([String: ArticleOutcome]) -> Void
  ) {
    self.wanted = wanted
    self.completion = completion
  }

  func isDone(_ key: String) -> Bool {
    lock.withLock { _ in completion == nil || outcomes[key] != nil }
  }

  func track(_ key: String, _ download: ArticleDownload) {
    lock.withLock { _ in downloads[key] = download }
  }

  func set(_ key: String, _ outcome: ArticleOutcome) {
    let done: (@Sendable ([String: ArticleOutcome]) -> Void)? = lock.withLock { _ in
      guard let completion, outcomes[key] == nil else { return nil }
      outcomes[key] = outcome
      downloads[key] = nil
      guard outcomes.count == wanted.count else { return nil }
      self.completion = nil
      return completion
    }
    done?(outcomes)
  }

  /// At the deadline: the items still waiting fall back with `failure` and their transfers
  /// are cancelled. Returns their URLs.
  func expire(_ failure: ArticleFailure) -> [String] {
    let expired: (@Sendable ([String: ArticleOutcome]) -> Void, [String])? = lock.withLock { _ in
      guard let completion else { return nil }
      self.completion = nil
      for download in downloads.values { download.cancel() }
      downloads = [:]
      var urls: [String] = []
      for item in wanted where outcomes[item.key] == nil {
        outcomes[item.key] = .fellBack(failure, url: item.url)
        urls.append(item.url)
      }
      return (completion, urls)
    }
    guard let (completion, urls) = expired else { return [] }
    completion(outcomes)
    return urls
  }
}
