package import Config
import Dispatch
import FeedParser
package import Fetcher
package import Logging
package import Store
package import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// fetch → parse → dedup → extract → match → commit, for one feed at a time.
package final class Pipeline: @unchecked Sendable {
  let store: any StateStore
  let fetcher: Fetcher
  let logger: Logger
  let userAgent: String
  /// Parsing and extraction run here; each poll has its own serial queue on top of it.
  let workQueue = DispatchQueue(label: "feedwatch.work", attributes: .concurrent)

  /// Nil when story grouping is off.
  let stories: StoryIndex?
  let limiter: RateLimiter
  let denyPrivateNetworks: Bool
  /// The article pages of new items, read before they are matched.
  let articles: ArticleFetches

  package init(
    store: any StateStore, fetcher: Fetcher, userAgent: String, denyPrivateNetworks: Bool,
    stories: StoryIndex?,
    limiter: RateLimiter, logger: Logger
  ) {
    self.store = store
    self.fetcher = fetcher
    self.userAgent = userAgent
    self.denyPrivateNetworks = denyPrivateNetworks
    self.stories = stories
    self.limiter = limiter
    self.logger = logger
    articles = ArticleFetches(
      fetcher: fetcher, userAgent: userAgent, denyPrivateNetworks: denyPrivateNetworks,
      workQueue: workQueue, logBook: ArticleLogBook(logger: logger))
  }

  /// How stale a listed item's mark may get before a poll renews it: one write per item per
  /// day, not per poll.
  package static let listedRefresh: Double = 86400

  package func poll(
    _ feed: Config.Feed, state: FeedState, watcher: Watcher, defaults: Config.FeedDefaults,
    completion: @escaping @Sendable (FeedState, PollReport) -> Void
  ) {
    let started = Date()
    let clock = ContinuousClock.now
    let recorded: @Sendable (FeedState, PollReport) -> Void = { state, report in
      PollMetrics.polled(report, since: clock)
      completion(state, report)
    }
    let request = FetchRequest(
      url: state.currentURL ?? feed.url,
      etag: feed.ignoreValidators ? nil : state.etag,
      lastModified: feed.ignoreValidators ? nil : state.lastModified,
      timeout: feed.timeout, connectTimeout: feed.connectTimeout, maxBytes: feed.maxBytes,
      userAgent: userAgent, feed: feed.name, denyPrivateNetworks: denyPrivateNetworks,
      proxy: feed.proxy)
    let options = FeedParserOptions(
      baseURL: request.url, defaultTimeZoneOffset: feed.timeZone.offset(at: started))
    let handler = FeedPoll(feedName: feed.name, workQueue: workQueue, options: options) {
      [self] result in
      // nil on a store error: `process` asks again, and fails the poll if it fails again.
      let unseen = try? unseenItems(in: result, feedKey: feed.url, now: Date())
      // The new items' articles first; nothing is marked seen before they are matched.
      articles.read(wantedArticles(result, unseen: unseen, feed: feed), feed: feed) {
        [self] articles in
        PollMetrics.articles(articles)
        record(
          process(
            result, feed: feed, state: state, watcher: watcher, defaults: defaults,
            started: started, articles: articles, unseen: unseen),
          feed: feed, state: state, watcher: watcher, started: started, completion: recorded)
      }
    }
    fetcher.fetch(request, handler: handler)
  }

  /// Commits a processed poll and reports it.
  private func record(
    _ processed: (FeedState, PollReport, FeedCommit?), feed: Config.Feed, state: FeedState,
    watcher: Watcher, started: Date,
    completion: @escaping @Sendable (FeedState, PollReport) -> Void
  ) {
    let (newState, report, commit) = processed
    guard let commit else { return completion(newState, report) }
    // The poll's thread goes back to parsing while the commit waits for its group.
    store.commit(commit) { [self] outcome in
      guard case .failure(let error) = outcome else {
        PollMetrics.committed(commit.alerts, watcher: watcher)
        return completion(newState, report)
      }
      // Nothing was marked seen and no alert written: the next poll does it all again.
      let log = logger.with(feed: feed.name, url: state.currentURL ?? feed.url)
      if error is LeaseLost {
        log.notice("poll not recorded: \(error)")
      } else {
        log.error("cannot record the poll; will retry", metadata: ["error": "\(error)"])
      }
      let (retry, failed, _) = retryLater(
        state, started: started, now: Date(), error: error, report: report)
      completion(retry, failed)
    }
  }

  /// The new items inside the backlog window whose text is to come from their article (as
  /// `newItems` will see them: never an item seen before, under this key or another).
  func wantedArticles(_ result: FeedPoll.Result, unseen: UnseenItems?, feed: Config.Feed)
    -> [ArticleFetches.Wanted]
  {
    guard feed.article.mode != .never, case .parsed(_, let items, _, _) = result, let unseen
    else { return [] }
    let now = Date()
    let oldest = now.addingTimeInterval(-feed.backlog)
    var wanted: [ArticleFetches.Wanted] = []
    for (position, (key, index)) in unseen.unseen.enumerated() where !unseen.seenBefore[position] {
      let date = (items[index].published ?? items[index].updated).map { min($0, now) }
      guard date.map({ $0 >= oldest }) ?? true else { continue }
      var item = items[index]
      item.convertText()
      guard let url = ArticleNeed.articleURL(for: item, settings: feed.article) else { continue }
      wanted.append(
        ArticleFetches.Wanted(
          key: key, url: url, feedWords: ArticleNeed.words(in: Watcher.body(of: item))))
    }
    return wanted
  }

  /// The feed's new state, the poll's report and what to commit for them (nil: nothing, the
  /// state stays as it was).
  func process(
    _ result: FeedPoll.Result, feed: Config.Feed, state old: FeedState, watcher: Watcher,
    defaults: Config.FeedDefaults, started: Date, articles: [String: ArticleOutcome],
    unseen: UnseenItems?
  ) -> (FeedState, PollReport, FeedCommit?) {
    let now = Date()
    var state = old
    state.name = feed.name
    state.lastAttempt = started
    state.interval = state.interval.flatMap { feed.adaptive ? $0 : nil } ?? feed.interval
    var report = PollReport(feed: feed.name, url: feed.url, status: .aborted)
    let log = logger.with(feed: feed.name, url: state.currentURL ?? feed.url)
    var commit = FeedCommit(feed: state)
    var healthAlerts: [Alert] = []

    func schedule(_ outcome: Schedule.Outcome, hints: Schedule.Hints = Schedule.Hints()) {
      state.nextDue = Schedule.nextPoll(
        after: outcome, at: now, interval: state.interval ?? feed.interval,
        minInterval: defaults.minInterval, maxInterval: defaults.maxInterval, hints: hints,
        jitter: Double.random(in: 0..<1))
    }

    func succeeded(_ response: FetchResponse, status: FeedStatus, keepsValidators: Bool = true) {
      if state.consecutiveFailures > 0 {
        log.notice("feed recovered", metadata: ["after_failures": "\(state.consecutiveFailures)"])
      }
      let event: FeedHealth.Event?
      (state, event) = FeedHealth.next(
        state, after: .succeeded(status, httpStatus: response.httpStatus), at: now,
        failingAlertAfter: feed.failingAlertAfter)
      if let event {
        healthAlerts.append(
          healthAlert(
            event, feed: feed, status: status, now: now,
            title: "\(feed.name) works again after failing for "
              + DurationText.format(now.timeIntervalSince(event.since))))
      }
      state.holdUntil = nil
      // Validators are stored whenever the server sends them, also on a 304; not for a
      // document never read whole, which the next poll must fetch again rather than get a 304.
      if keepsValidators {
        if let etag = response.etag { state.etag = etag }
        if let lastModified = response.lastModified { state.lastModified = lastModified }
      }
      if let moved = response.permanentRedirect, moved != state.currentURL {
        log.notice("feed moved permanently; polling the new address", metadata: ["to": "\(moved)"])
        state.currentURL = moved
      }
      state.bytesFetched += response.bodyBytes
      report.bytes = response.bodyBytes
    }

    /// After a success: the publisher's and the server's word on when to come back.
    func scheduleAfterSuccess(_ response: FetchResponse) {
      let notBefore = [response.freshFor, state.publisherInterval].compactMap { $0 }.max()
      schedule(
        .fetched, hints: Schedule.Hints(notBefore: notBefore, skipHours: Set(state.skipHours)))
    }

    func failed(status: FeedStatus, error: String, httpStatus: Int?, retryAfter: Double? = nil) {
      let event: FeedHealth.Event?
      (state, event) = FeedHealth.next(
        state, after: .failed(status, error: error, httpStatus: httpStatus), at: now,
        failingAlertAfter: feed.failingAlertAfter)
      switch status {
      case .gone: schedule(.gone)
      case .rateLimited:
        schedule(
          .rateLimited(consecutiveFailures: state.consecutiveFailures, retryAfter: retryAfter))
      default: schedule(.failed(consecutiveFailures: state.consecutiveFailures))
      }
      state.holdUntil = retryAfter.map { now.addingTimeInterval($0) }
      report.error = error
      let retry =
        state.nextDue.map { "in " + DurationText.format($0.timeIntervalSince(now)) }
        ?? "never (gone)"
      log.warning(
        "feed failed",
        metadata: [
          "error": "\(error)", "failures": "\(state.consecutiveFailures)", "retry": "\(retry)",
        ])
      // A feed is never dropped silently: a health alert once it has failed for too long,
      // and at once when the server says it is gone.
      if let event {
        let title =
          event.kind == .gone
          ? "\(feed.name) is gone (HTTP 410): polling stopped"
          : "\(feed.name) has been failing for \(DurationText.format(now.timeIntervalSince(event.since))): \(error)"
        healthAlerts.append(healthAlert(event, feed: feed, status: status, now: now, title: title))
      }
    }

    switch result {
    case .failed(.aborted):
      // Shutdown or reload: not the feed's fault; nothing recorded.
      report.status = .aborted
      return (old, report, nil)
    case .failed(let error):
      switch error {
      case .gone: failed(status: .gone, error: error.description, httpStatus: 410)
      case .blocked(let code): failed(status: .blocked, error: error.description, httpStatus: code)
      case .rateLimited(let code, let retryAfter):
        failed(
          status: .rateLimited, error: error.description, httpStatus: code, retryAfter: retryAfter)
      case .http(let code): failed(status: .failing, error: error.description, httpStatus: code)
      default: failed(status: .failing, error: error.description, httpStatus: nil)
      }
    case .notModified(let response):
      succeeded(response, status: .notModified)
      scheduleAfterSuccess(response)
    case .unreadable(let error, let response, let head):
      guard let service = ChallengePage.service(in: head) else {
        failed(status: .failing, error: error.description, httpStatus: response.httpStatus)
        break
      }
      failed(
        status: .blocked,
        error: "blocked: the server sent a bot-challenge page from \(service) instead of the feed "
          + "(ask the publisher to allow feed readers)",
        httpStatus: response.httpStatus)
    case .parsed(let document, let items, let response, let damage):
      succeeded(
        response, status: damage == .truncated ? .truncated : .ok, keepsValidators: damage == nil)
      switch damage {
      case .broken(let error)?:
        log.warning(
          "feed is damaged; kept the items read before the damage", metadata: ["error": "\(error)"])
      case .truncated?:
        report.error = PollReport.truncatedDocument
        log.warning("feed is truncated; kept the items read whole, will fetch it again")
      case nil: break
      }
      if let document {
        state.publisherInterval = Schedule.publisherInterval(
          ttlMinutes: document.ttlMinutes, updatePeriod: document.updatePeriod,
          updateFrequency: document.updateFrequency)
        state.skipHours = document.skipHours
      }
      do {
        // What the document adds; the feed's state goes in just before the commit.
        commit = try newItems(
          items, feed: feed, state: state, watcher: watcher, now: now, log: log,
          articles: articles,
          unseen: unseen ?? unseenItems(in: items, feedKey: feed.url, now: now))
        for outcome in articles.values {
          switch outcome {
          case .read: state.articlesFetched += 1
          case .fellBack(let failure, _) where failure.isBlocked: state.articlesBlocked += 1
          case .fellBack: state.articlesFailed += 1
          }
        }
        state.firstFetchDone = true
        state.itemsSeen += commit.seen.count
        report.newItems = commit.seen.count
        if feed.adaptive {
          state.interval = try adaptiveInterval(
            feed: feed, new: commit.seen, defaults: defaults, now: now)
        }
        scheduleAfterSuccess(response)
        if damage == nil {
          // Only a complete document says which items the feed no longer lists.
          state.lastDocument = now
        } else {
          commit.stillListed = []
        }
        if !commit.rekeyed.isEmpty {
          log.info(
            "items seen before under another key", metadata: ["items": "\(commit.rekeyed.count)"])
        }
        if !commit.seen.isEmpty {
          log.info(
            "new items",
            metadata: [
              "items": "\(commit.seen.count)", "alerts": "\(commit.alerts.count)",
              "held": "\(commit.folded.count)",
            ])
        }
      } catch {
        // Nothing was marked seen: the next poll reads these items again.
        log.error(
          "cannot read the feed's items from the store; will retry", metadata: ["error": "\(error)"]
        )
        return retryLater(old, started: started, now: now, error: error, report: report)
      }
    }
    do {
      for alert in healthAlerts {
        commit.alerts.append(
          OutboxAlert(
            id: alert.id, created: now, rule: alert.rule, feedKey: feed.url,
            json: try alert.jsonLine()))
      }
      state.alertsRaised += commit.alerts.count
      commit.feed = state
      report.alerts = commit.alerts.count
      report.status = .polled(state.status)
      report.nextDue = state.nextDue
    } catch {
      log.error("cannot encode the feed-health alert; will retry", metadata: ["error": "\(error)"])
      return retryLater(old, started: started, now: now, error: error, report: report)
    }
    return (state, report, commit)
  }

  /// The state to keep when the store could not record a poll: as before, due again soon, and
  /// nothing to commit.
  private func retryLater(
    _ old: FeedState, started: Date, now: Date, error: any Error, report: PollReport
  ) -> (FeedState, PollReport, FeedCommit?) {
    var retry = old
    retry.lastAttempt = started
    retry.nextDue = now.addingTimeInterval(Schedule.firstRetry)
    var report = report
    report.status = .polled(.failing)
    report.error = "state store: \(error)"
    report.alerts = 0
    report.newItems = 0
    report.nextDue = retry.nextDue
    return (retry, report, nil)
  }

  /// The feed's interval from the items it published in the last week, these new ones included.
  private func adaptiveInterval(
    feed: Config.Feed, new: [SeenItem], defaults: Config.FeedDefaults, now: Date
  ) throws -> Double {
    let weekAgo = now.addingTimeInterval(-Schedule.rateWindow)
    let stored = try store.itemCount(feedKey: feed.url, since: weekAgo)
    let fresh = new.filter { ($0.published ?? $0.firstSeen) >= weekAgo }.count
    return Schedule.adaptiveInterval(
      itemsInLastWeek: stored + fresh, minInterval: defaults.minInterval,
      maxInterval: defaults.maxInterval)
  }

  private func healthAlert(
    _ event: FeedHealth.Event, feed: Config.Feed, status: FeedStatus, now: Date, title: String
  ) -> Alert {
    Alert.feedHealth(
      event.kind, title: title,
      feed: Alert.FeedInfo(name: feed.name, url: feed.url, tags: feed.tags), feedKey: feed.url,
      status: status.rawValue, error: event.error, since: event.since, failures: event.failures,
      at: now)
  }

  /// For items whose keys are new: their facets, and whether each is an item seen before
  /// under another key (matched against the feed's seen items, or taken earlier in the same
  /// document).
  /// The parsed document's items as the store knows them; nil for any other result.
  func unseenItems(in result: FeedPoll.Result, feedKey: String, now: Date) throws
    -> UnseenItems?
  {
    guard case .parsed(_, let items, _, _) = result else { return nil }
    return try unseenItems(in: items, feedKey: feedKey, now: now)
  }

  /// Which items' keys are new, which seen ones to mark listed again or give facets, and which
  /// new keys are items seen before under another key.
  private func unseenItems(in items: [FeedItem], feedKey: String, now: Date) throws
    -> UnseenItems
  {
    // Items by position: most are seen already, and copying one costs a retain per field.
    var keyed: [(key: String, index: Int)] = []
    keyed.reserveCapacity(items.count)
    var keysInDocument = Set<String>(minimumCapacity: items.count)
    for index in items.indices {
      let key = ItemIdentity.key(for: items[index])
      if keysInDocument.insert(key).inserted { keyed.append((key, index)) }
    }
    let lookup = try store.lookUp(
      feedKey: feedKey, among: keyed.map(\.key),
      staleBefore: now.addingTimeInterval(-Self.listedRefresh), facetVersion: ItemFacets.version)
    // Facets only for the items whose keys are new (most polls have none), and once for the
    // seen ones stored without them.
    let unseen = keyed.filter { lookup.unseen.contains($0.key) }
    let facets = unseen.map { ItemFacets(of: items[$0.index]) }
    let seenSharing = try store.seenItems(
      feedKey: feedKey, sharingFacetsWith: facets.map(\.stored))
    var taken = ItemFacetIndex(capacity: facets.count)
    var seenBefore: [Bool] = []
    seenBefore.reserveCapacity(facets.count)
    for (position, itemFacets) in facets.enumerated() {
      let known =
        seenSharing[position].contains { itemFacets.matches(ItemFacets($0.facets)) }
        || taken.firstMatch(for: itemFacets) != nil
      if !known { taken.add(itemFacets) }
      seenBefore.append(known)
    }
    return UnseenItems(
      keyed: keyed, lookup: lookup, unseen: unseen, facets: facets, seenBefore: seenBefore)
  }

  /// The items not seen before, the alerts they raise, the stories they belong to and the seen
  /// items still listed whose mark is due for renewal, as a commit of `state`. An item whose
  /// key is new but whose facets match a seen item's (or an item's taken earlier in the same
  /// document) is the same item under another key: it is recorded under the new key, and raises
  /// nothing. An item published before the backlog window is marked seen without alerting, on
  /// every poll (an undated one alerts). An item that is a later copy of a story already
  /// alerted on raises alerts only for rules with `"repeat": "per-source"`.
  private func newItems(
    _ items: [FeedItem], feed: Config.Feed, state: FeedState, watcher: Watcher, now: Date,
    log: Logger, articles: [String: ArticleOutcome], unseen known: UnseenItems
  ) throws -> FeedCommit {
    let (keyed, lookup, unseen) = (known.keyed, known.lookup, known.unseen)
    let (facets, seenBefore) = (known.facets, known.seenBefore)
    let oldest = now.addingTimeInterval(-feed.backlog)
    let feedInfo = Alert.FeedInfo(name: feed.name, url: feed.url, tags: feed.tags)
    var new = FeedCommit(feed: state, stillListed: lookup.stale)
    if !lookup.lackingFacets.isEmpty {
      let lacking = Set(lookup.lackingFacets)
      new.facetsAdded = keyed.filter { lacking.contains($0.key) }.map {
        SeenItemFacets(itemKey: $0.key, facets: ItemFacets(of: items[$0.index]).stored)
      }
    }
    for (position, (key, index)) in unseen.enumerated() {
      let itemFacets = facets[position]
      // As `clampingFutureDates` leaves it.
      let date = (items[index].published ?? items[index].updated).map { min($0, now) }
      if seenBefore[position] {
        new.rekeyed.append(
          SeenItem(
            feedKey: feed.url, itemKey: key, keyVersion: ItemIdentity.version, title: nil,
            link: nil, published: date, firstSeen: now, alerted: false, facets: itemFacets.stored))
        continue
      }
      var item = Self.clampingFutureDates(of: items[index], to: now)
      let inWindow = date.map { $0 >= oldest } ?? true
      // Rules, stories and alerts all read the text: made plain once, and only here.
      if inWindow { item.convertText() }
      let article = inWindow ? articles[key] : nil
      if case .read(let text, _)? = article { item.content = text }
      var alerts =
        inWindow
        ? watcher.alerts(for: item, itemKey: key, feed: feedInfo, feedKey: feed.url, at: now) : []
      if let article {
        for index in alerts.indices { alerts[index].item.readFrom(article) }
      }
      if !alerts.isEmpty, let stories {
        let fingerprint = StoryFingerprint(title: item.title, text: Watcher.body(of: item))
        let story = stories.assign(
          fingerprint: fingerprint, itemID: feed.url + "\u{0}" + key, feedName: feed.name, now: now)
        if !story.isNew {
          alerts.removeAll { watcher.rule(named: $0.rule)?.repeatPolicy != .perSource }
          // A copy raises no alert of its own (unless per-source): say where it went.
          log.info(
            "item is a copy of a story already alerted",
            metadata: [
              "story": "\(story.id)", "first_source": "\(story.sources.first ?? feed.name)",
              "title": "\(item.title ?? "")", "alerts": "\(alerts.count)",
            ])
        }
        if story.isNew {
          new.founded.append(
            FoundedStory(
              storyID: story.id, fingerprint: fingerprint.value,
              since: now.addingTimeInterval(-stories.window),
              maxDistance: StoryFingerprint.threshold,
              alertIDs: alerts.filter { watcher.rule(named: $0.rule)?.repeatPolicy != .perSource }
                .map(\.id)))
        }
        for index in alerts.indices {
          alerts[index].story = Alert.StoryInfo(id: story.id, sources: story.sources)
        }
        new.stories.append(
          StorySource(
            storyID: story.id, fingerprint: fingerprint.value, feedKey: feed.url, itemKey: key,
            feedName: feed.name, title: item.title, link: item.link, seenAt: now))
      }
      for alert in alerts {
        let json = try alert.jsonLine()
        if let rule = watcher.rule(named: alert.rule), !limiter.admit(rule, at: now) {
          new.folded.append(
            FoldedAlert(
              rule: alert.rule, bucket: RateLimiter.bucket(of: now), id: alert.id, created: now,
              json: json))
        } else {
          new.alerts.append(
            OutboxAlert(id: alert.id, created: now, rule: alert.rule, feedKey: feed.url, json: json)
          )
        }
      }
      // Title and link only for an item that alerted: nothing reads them back, and for the
      // many items that raise nothing they would be half the table's size and writes.
      let alerted = !alerts.isEmpty
      new.seen.append(
        SeenItem(
          feedKey: feed.url, itemKey: key, keyVersion: ItemIdentity.version,
          title: alerted ? item.title : nil, link: alerted ? item.link : nil,
          published: date, firstSeen: now, alerted: alerted, facets: itemFacets.stored))
    }
    return new
  }
}

extension Pipeline {
  /// A date after the fetch is a publisher's mistake (or a wrong zone): it becomes the fetch
  /// time, so it cannot sort an item above everything that follows for days.
  static func clampingFutureDates(of item: FeedItem, to now: Date) -> FeedItem {
    var item = item
    if let published = item.published, published > now { item.published = now }
    if let updated = item.updated, updated > now { item.updated = now }
    return item
  }
}

extension Alert.ItemInfo {
  /// Which text the alert read, and the article's address and error.
  mutating func readFrom(_ article: ArticleOutcome) {
    switch article {
    case .read(_, let url):
      textFrom = .article
      articleURL = url
    case .fellBack(let failure, let url):
      textFrom = .feed
      articleURL = url
      articleError = failure.description
    }
  }
}

extension Logger {
  /// A copy carrying the fixed keys every feed log line has, so `grep feed=NAME` finds them.
  func with(feed: String, url: String) -> Logger {
    var copy = self
    copy[metadataKey: "feed"] = "\(feed)"
    copy[metadataKey: "url"] = "\(url)"
    return copy
  }
}
