public import Config
import Delivery
import Dispatch
import Fetcher
public import Logging
public import Polling
import Store
import Synchronization
import Watch

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `run` and `once` share: the state lock, the store, the fetcher, alert delivery.
final class Runtime: @unchecked Sendable {
  let lock: StateLock
  let store: any StateStore
  let fetcher: Fetcher
  let sinkFetcher: Fetcher
  let delivery: AlertDelivery
  let pipeline: Pipeline
  let limiter: RateLimiter
  let logger: Logger

  /// `asNode`: `feedwatch run`, which takes part in a cluster's sharing of the work.
  init(config: Config, logger: Logger, asNode: Bool = false) throws {
    self.logger = logger
    lock = try StateLock(directory: config.stateDirectory)
    // Half the polls that can be in progress: the rest keep fetching while a group fills.
    store = try StateStoreOpening.open(
      config, largestGroup: config.maxPollsInProgress / 2, asNode: asNode)
    // A write to a socket the peer closed must be an error, not a process-killing SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    fetcher = Fetcher(
      maxConcurrent: config.concurrency, logger: logger,
      politeness: HostPoliteness(
        maxConcurrentPerHost: config.maxPerHost, minimumSpacing: config.hostSpacing))
    // The sinks' transfers: one at a time per webhook sink, no per-host budget shared with feeds.
    sinkFetcher = Fetcher(
      maxConcurrent: max(1, config.sinks.count), logger: logger, politeness: .unlimited)
    let sinks = try SinkFactory.sinks(for: config, fetcher: sinkFetcher, logger: logger)
    for sink in sinks where try store.registerSink(sink.identity.id.rawValue) {
      logger.info(
        "new alert sink: it receives the alerts raised from now on",
        metadata: ["sink": "\(sink.identity.name)", "address": "\(sink.identity.shown)"])
    }
    delivery = AlertDelivery(
      store: store, sinks: sinks, deliveries: config.sinkDeliveries, logger: logger)
    try delivery.reconcile()
    let stories =
      config.storyWindow > 0
      ? StoryIndex(
        recent: try store.recentStories(since: Date().addingTimeInterval(-config.storyWindow)),
        window: config.storyWindow)
      : nil
    limiter = RateLimiter(store: store)
    pipeline = Pipeline(
      store: store, fetcher: fetcher, userAgent: config.userAgent,
      denyPrivateNetworks: config.denyPrivateNetworks, stories: stories, limiter: limiter,
      logger: logger)
  }

  /// The stored state of a configured feed, or a fresh one.
  func state(of feed: Config.Feed) -> FeedState {
    let stored = try? store.feedState(feed.url)
    return stored ?? FeedState(key: feed.url, name: feed.name)
  }

  /// The stored states of `feeds`, read together (one query on PostgreSQL), fresh ones for the
  /// feeds the store does not have; each read alone if reading them together failed.
  func states(of feeds: [Config.Feed]) -> [String: FeedState] {
    guard let stored = try? store.feedStates(feeds.map(\.url)) else {
      return Dictionary(feeds.map { ($0.url, state(of: $0)) }, uniquingKeysWith: { a, _ in a })
    }
    return Dictionary(
      feeds.map { ($0.url, stored[$0.url] ?? FeedState(key: $0.url, name: $0.name)) },
      uniquingKeysWith: { a, _ in a })
  }

  /// Why a feed must not be polled now even on request: a server's explicit hold, or 410 Gone.
  static func serverHold(_ state: FeedState, now: Date) -> String? {
    if state.status == .gone {
      return
        "gone (the server answered 410); remove it from the config, or `feedwatch store reset \(state.name)` to retry"
    }
    if let until = state.holdUntil, until > now {
      return
        "held by the server (Retry-After) for \(DurationText.format(until.timeIntervalSince(now))) more"
    }
    return nil
  }

  func shutdown() {
    fetcher.shutdown()
    delivery.stop()
    sinkFetcher.shutdown()
  }
}

/// `feedwatch once`: poll every feed now, deliver, report, exit.
public enum OnceRunner {
  public static func run(config: Config, logger: Logger) throws -> [PollReport] {
    let runtime = try Runtime(config: config, logger: logger)
    defer { runtime.shutdown() }
    let watcher = Watcher(watchList: config.watchList, rules: config.rules)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: config.maxPollsInProgress)
    let collected = ReportList()
    let now = Date()
    let states = runtime.states(of: config.feeds.filter(\.enabled))
    for (index, feed) in config.feeds.enumerated() where feed.enabled {
      let state = states[feed.url] ?? runtime.state(of: feed)
      if let hold = Runtime.serverHold(state, now: now) {
        collected.set(
          index, PollReport(feed: feed.name, url: feed.url, status: .skipped, error: hold))
        continue
      }
      // At most `maxPollsInProgress` at once: fetched-and-parsed items must not pile up while
      // they wait for the store.
      slots.wait()
      group.enter()
      runtime.pipeline.poll(feed, state: state, watcher: watcher, defaults: config.defaults) {
        _, report in
        collected.set(index, report)
        slots.signal()
        group.leave()
      }
    }
    group.wait()
    try runtime.limiter.writeDigests(rules: config.rules, now: Date())
    runtime.delivery.deliverAll()
    return collected.inOrder
  }
}

/// Reports filled in from many queues, read back in config order.
final class ReportList: Sendable {
  private let reports = Mutex<[Int: PollReport]>([:])

  func set(_ index: Int, _ report: PollReport) { reports.withLock { $0[index] = report } }
  var inOrder: [PollReport] { reports.withLock { r in r.keys.sorted().map { r[$0]! } } }
}
