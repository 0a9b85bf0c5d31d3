public import Config
import Delivery
import Dispatch
import Fetcher
public import Logging
import Polling
import Store
import Watch

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch run`: the long-running service. All scheduling state lives on one serial queue;
/// one timer wakes it for the next due feed, so an idle daemon uses no CPU.
public final class Daemon: @unchecked Sendable {
  private let configPath: String
  private let runtime: Runtime
  private let logger: Logger
  private let notifier = SystemdNotifier()
  /// The metrics and health endpoint; nil unless the config turns it on.
  private let metrics: MetricsEndpoint?
  private let queue = DispatchQueue(label: "feedwatch.scheduler")
  /// Polls in flight, so shutdown can wait for them.
  private let inFlightGroup = DispatchGroup()
  /// This daemon as a node of a cluster on a PostgreSQL store; nil on SQLite.
  private let cluster: ClusterNode?

  // Only touched on `queue`:
  private var config: Config
  private var watcher: Watcher
  private var states: [String: FeedState] = [:]
  private var inFlight: Set<String> = []
  private var timer: DispatchSourceTimer?
  private var watchdog: DispatchSourceTimer?
  private var forgetting: DispatchSourceTimer?
  private var heartbeat: DispatchSourceTimer?
  private var signalSources: [DispatchSourceSignal] = []
  private var stopping = false
  private var alertsThisRun = 0
  private var lastStatus = ""
  /// The hour and time the hourly digests were last looked for (nil: not yet, or it failed).
  private var digestsChecked: (bucket: Int, at: Date)?
  /// In a cluster: the hosts this node holds, and their due feeds.
  private var held = HeldHosts()
  /// The outbox's newest entry as last seen, so that alerts other nodes commit reach this
  /// node's sinks within a claim interval.
  private var outboxHead: Int?
  /// Whether the config's feed list reached the database (tried again on each look until it
  /// has: a node that started while the server was away must still register its feeds).
  private var feedsRegistered = false
  /// The config's enabled feeds by URL, for the feeds a claim returns.
  private var enabledFeeds: [String: Config.Feed] = [:]
  private var renewal: DispatchSourceTimer?
  /// When the node last asked the database for due hosts and new alerts.
  private var lastLook = Date.distantPast

  /// How long shutdown waits for polls in flight.
  static let shutdownGrace: Double = 10
  /// Within an hour, how often the store is asked again for held alerts whose hour is over.
  static let digestRecheck: Double = 60

  public init(configPath: String, config: Config, logger: Logger) throws {
    self.configPath = configPath
    self.config = config
    self.logger = logger
    self.runtime = try Runtime(config: config, logger: logger, asNode: true)
    cluster = try StateStoreOpening.clusterNode(config, logger: logger)
    // Bound now: a port in use stops the start with the cause, before anything is polled.
    self.metrics = try config.metrics.map { settings throws(DaemonError) in
      try MetricsEndpoint(settings: settings, config: config)
    }
    self.watcher = Watcher(watchList: config.watchList, rules: config.rules)
  }

  /// Starts polling and never returns; the process exits on SIGTERM/SIGINT.
  public func run() -> Never {
    queue.sync {
      states = runtime.states(of: config.feeds)
      installSignalHandlers()
      startClusterNode()
      startWatchdog()
      startForgetting()
      startMetrics()
      logger.notice(
        "feedwatch started",
        metadata: [
          "feeds": "\(config.feeds.count)", "rules": "\(config.rules.count)",
          "config": "\(configPath)",
          "alert_log": "\(config.alertLogPath)", "sinks": "\(config.sinks.count)",
          "state": "\(config.stateDirectory)", "store": "\(runtime.store.location)",
        ])
      logWarnings(of: config)
      notifier.notify("READY=1\nSTATUS=\(statusLine())")
      runtime.delivery.deliverSoon()
      tick()
    }
    dispatchMain()
  }

  // MARK: Scheduling

  /// Starts every due feed, then sleeps until the next one is due.
  private func tick() {
    dispatchPrecondition(condition: .onQueue(queue))
    guard !stopping else { return }
    timer?.cancel()
    timer = nil
    metrics?.schedulerRan()
    let now = Date()
    writeDigests(now: now)
    var nextWake: Date?
    if config.rules.contains(where: { $0.maxPerHour != nil }) {
      // Wake when the hour ends, for its digests.
      nextWake = Date(timeIntervalSince1970: Double(RateLimiter.bucket(of: now) + 1) * 3600 + 1)
    }
    if let cluster {
      claimAndStart(cluster, nextWake: nextWake)
      return
    }
    for feed in config.feeds where feed.enabled && !inFlight.contains(feed.url) {
      let state = states[feed.url] ?? FeedState(key: feed.url, name: feed.name)
      guard state.status != .gone else { continue }
      var due = state.nextDue ?? now
      if let hold = state.holdUntil, hold > due { due = hold }
      if due <= now {
        // Past the bound the feed stays due; the next completion runs tick() again.
        if inFlight.count < config.maxPollsInProgress { start(feed, state: state) }
      } else if nextWake.map({ due < $0 }) ?? true {
        nextWake = due
      }
    }
    if let nextWake { wake(at: nextWake) }
  }

  private func wake(at date: Date) {
    let source = DispatchSource.makeTimerSource(queue: queue)
    let delay = max(0.05, date.timeIntervalSinceNow)
    source.schedule(deadline: .now() + delay, leeway: .milliseconds(Int(min(delay * 10, 1000))))
    source.setEventHandler { [self] in tick() }
    source.resume()
    timer = source
  }

  // MARK: Cluster

  /// How often a node of a cluster looks for due feeds: the other nodes' polls move the
  /// schedule, so it is read from the database rather than known here.
  static let claimInterval: Double = 1

  /// In a cluster: claims free hosts with due feeds while polls may start, starts their feeds
  /// (each with its state as the database has it now: another node may have polled it last),
  /// and looks again in a second.
  private func claimAndStart(_ cluster: ClusterNode, nextWake: Date?) {
    // A poll's completion starts the next held feed; the database is asked for more once a
    // claim interval has passed, or as soon as nothing claimed is waiting.
    let now = Date()
    let looking = now.timeIntervalSince(lastLook) >= Self.claimInterval || held.waitingCount == 0
    // Hosts a few at a time (as many as transfers may run), so that the nodes share them
    // rather than the first to look taking every due host.
    let hostsWanted = config.concurrency - held.hosts.count
    if looking, hostsWanted > 0,
      held.waitingCount < config.maxPollsInProgress - inFlight.count
    {
      let leases = cluster.claim(limit: hostsWanted)
      var claimed: [String] = []
      for lease in leases {
        let keys = lease.dueFeeds.filter { enabledFeeds[$0] != nil && !inFlight.contains($0) }
        if keys.isEmpty {
          cluster.release(host: lease.host)
        } else {
          held.add(host: lease.host, keys: keys)
          claimed += keys
        }
      }
      // Their states as the database has them now (another node may have polled them last),
      // in one read; the host's lease keeps them so until they are polled.
      if !claimed.isEmpty {
        let stored = try? runtime.store.feedStates(claimed)
        for key in claimed { states[key] = stored?[key] }
      }
    }
    while inFlight.count < config.maxPollsInProgress, let (host, key) = held.next() {
      guard let feed = enabledFeeds[key] else {
        if held.finished(host: host) { cluster.release(host: host) }
        continue
      }
      // A state the claim could not read is read alone.
      start(feed, state: states[feed.url] ?? runtime.state(of: feed), host: host)
    }
    if now.timeIntervalSince(lastLook) >= Self.claimInterval {
      lastLook = now
      if !feedsRegistered { feedsRegistered = cluster.register(config.feeds) }
      if let head = cluster.outboxHead(), head != outboxHead {
        outboxHead = head
        runtime.delivery.deliverSoon()
      }
    }
    let soon = lastLook.addingTimeInterval(Self.claimInterval)
    wake(at: nextWake.map { min($0, soon) } ?? soon)
  }

  private func registerFeeds(with cluster: ClusterNode) {
    enabledFeeds = Dictionary(
      config.feeds.filter(\.enabled).map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
    feedsRegistered = cluster.register(config.feeds)
  }

  /// Registers the feed list, heartbeats, and renews the leases every third of a lease
  /// period (off the scheduler's queue: a renewal must not wait behind scheduling).
  private func startClusterNode() {
    guard let cluster else { return }
    registerFeeds(with: cluster)
    _ = cluster.renew()
    logger.notice(
      "cluster node started",
      metadata: [
        "node": "\(cluster.settings.name)",
        "lease_period": "\(DurationText.format(cluster.settings.leasePeriod))",
      ])
    let source = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
    let every = cluster.settings.leasePeriod / 3
    source.schedule(deadline: .now() + every, repeating: every, leeway: .milliseconds(100))
    source.setEventHandler { [self] in
      let asked = queue.sync { held.claims }
      guard let still = cluster.renew() else { return }
      queue.async { [self] in
        for host in held.keep(only: still, askedAfter: asked) {
          logger.warning(
            "lease lost: another node polls this host now",
            metadata: ["host": "\(host)", "node": "\(cluster.settings.name)"])
        }
      }
    }
    source.resume()
    renewal = source
  }

  /// Digests for the finished hours of rate-limited rules. Held alerts fall due only when
  /// their hour is over, so the store is asked when the hour changes and otherwise once a
  /// minute (a poll that began before the hour ended may commit after), not on every tick.
  private func writeDigests(now: Date) {
    let bucket = RateLimiter.bucket(of: now)
    if let checked = digestsChecked, checked.bucket == bucket,
      now.timeIntervalSince(checked.at) < Self.digestRecheck
    {
      return
    }
    do {
      if try runtime.limiter.writeDigests(rules: config.rules, now: now) > 0 {
        runtime.delivery.deliverSoon()
      }
      digestsChecked = (bucket, now)
    } catch {
      logger.error("cannot write the hourly digests; will retry", metadata: ["error": "\(error)"])
    }
  }

  private func start(_ feed: Config.Feed, state: FeedState, host: String? = nil) {
    inFlight.insert(feed.url)
    inFlightGroup.enter()
    runtime.pipeline.poll(feed, state: state, watcher: watcher, defaults: config.defaults) {
      [self] newState, report in
      queue.async { [self] in
        inFlight.remove(feed.url)
        if report.status != .aborted { states[feed.url] = newState }
        alertsThisRun += report.alerts
        if report.alerts > 0 { runtime.delivery.deliverSoon() }
        if let host, let cluster, held.finished(host: host) { cluster.release(host: host) }
        updateStatus()
        tick()
        inFlightGroup.leave()
      }
    }
  }

  /// Tells systemd the status line when it changed.
  private func updateStatus() {
    let counts = FeedCounts(config.feeds, states: states)
    metrics?.feeds(counts)
    let line = statusLine(counts)
    guard line != lastStatus else { return }
    lastStatus = line
    notifier.notify("STATUS=\(line)")
  }

  private func statusLine(_ counts: FeedCounts? = nil) -> String {
    let counts = counts ?? FeedCounts(config.feeds, states: states)
    return
      "polling \(counts.enabled) feeds, \(counts.failing) failing; \(alertsThisRun) alerts since start"
  }

  // MARK: Signals

  /// The signals the daemon handles through Dispatch sources.
  static let handledSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGUSR1]

  /// Blocks the handled signals in the calling thread, and so in every thread created after it.
  /// Call first, before anything starts a thread: a blocked signal stays pending until the
  /// Dispatch source reads it, so a SIGTERM that arrives during start-up is not lost (with
  /// SIG_IGN alone, a signal delivered to a thread that does not block it is discarded).
  public static func blockHandledSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    for signo in handledSignals { sigaddset(&set, signo) }
    pthread_sigmask(SIG_BLOCK, &set, nil)
  }

  private func installSignalHandlers() {
    // No SIG_IGN here: it would discard a signal already pending since start-up. The signals
    // are blocked (blockHandledSignals), so their default action never runs.
    for (signo, handler) in [(SIGTERM, stop), (SIGINT, stop), (SIGHUP, reload), (SIGUSR1, pollNow)]
      as [(Int32, () -> Void)]
    {
      let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
      source.setEventHandler(handler: handler)
      source.resume()
      signalSources.append(source)
    }
  }

  /// SIGHUP: re-read the config (an invalid one is refused and the old one kept) and reopen
  /// the alert log, so logrotate can move it away.
  private func reload() {
    dispatchPrecondition(condition: .onQueue(queue))
    notifier.notify("RELOADING=1")
    defer { notifier.notify("READY=1\nSTATUS=\(statusLine())") }
    runtime.delivery.reopen()
    let fresh: Config
    do {
      fresh = try ConfigLoader.load(path: configPath)
    } catch {
      logger.error(
        "config reload refused; still running the previous config", metadata: ["error": "\(error)"])
      return
    }
    if fresh.stateDirectory != config.stateDirectory || fresh.store != config.store
      || fresh.sinks != config.sinks || fresh.metrics != config.metrics
    {
      logger.warning(
        "stateDirectory, store, alertLog, sinks and metrics changes take effect on restart")
    }
    let change = ConfigChange(from: config, to: fresh)
    config.feeds = fresh.feeds
    config.defaults = fresh.defaults
    config.rules = fresh.rules
    config.watchList = fresh.watchList
    config.forgetItemsAfter = fresh.forgetItemsAfter
    config.warnings = fresh.warnings
    watcher = Watcher(watchList: fresh.watchList, rules: fresh.rules)
    let added = config.feeds.filter { states[$0.url] == nil }
    states.merge(runtime.states(of: added)) { old, _ in old }
    if let cluster { registerFeeds(with: cluster) }
    logger.notice(
      "config reloaded; alert log reopened: \(change.summary)",
      metadata: ["feeds": "\(config.feeds.count)", "rules": "\(config.rules.count)"])
    logWarnings(of: config)
    metrics?.feeds(FeedCounts(config.feeds, states: states))
    tick()
  }

  private func logWarnings(of config: Config) {
    for warning in config.warnings {
      logger.warning("config: \(warning)", metadata: ["config": "\(configPath)"])
    }
  }

  /// SIGUSR1 (`feedwatch poll`): the requested feeds are due now. A server's hold and 410 still
  /// stand, a feed already in flight is not started twice, and the fetcher's per-host budget
  /// spaces the polls as always.
  private func pollNow() {
    dispatchPrecondition(condition: .onQueue(queue))
    let requested = PollRequest.take(in: config.stateDirectory)
    let now = Date()
    var due: [String] = []
    for feed in config.feeds where feed.enabled {
      if case .named(let names) = requested, !names.contains(feed.name) { continue }
      guard var state = states[feed.url] else { continue }
      if let hold = Runtime.serverHold(state, now: now) {
        logger.notice(
          "poll request not taken", metadata: ["feed": "\(feed.name)", "why": "\(hold)"])
        continue
      }
      state.nextDue = now
      states[feed.url] = state
      due.append(feed.name)
    }
    if let cluster {
      // Due for whichever node claims the host next, this one or another.
      let keys = config.feeds.filter { due.contains($0.name) }.map(\.url)
      due = config.feeds.filter { cluster.makeDue(keys).contains($0.url) }.map(\.name)
    }
    logger.notice("poll requested", metadata: ["feeds": "\(due.count)"])
    tick()
  }

  /// SIGTERM/SIGINT: stop polling, give polls in flight a grace period, deliver, exit 0.
  private func stop() {
    dispatchPrecondition(condition: .onQueue(queue))
    guard !stopping else { return }
    stopping = true
    timer?.cancel()
    watchdog?.cancel()
    forgetting?.cancel()
    heartbeat?.cancel()
    renewal?.cancel()
    metrics?.stop()
    notifier.notify("STOPPING=1")
    logger.notice("stopping", metadata: ["in_flight": "\(inFlight.count)"])
    let group = inFlightGroup
    let runtime = self.runtime
    let logger = self.logger
    let cluster = self.cluster
    DispatchQueue.global().async {
      if group.wait(timeout: .now() + Self.shutdownGrace) == .timedOut {
        logger.warning("abandoning polls still running after the grace period")
      }
      runtime.fetcher.shutdown()
      runtime.delivery.deliverAll()
      cluster?.leave()
      logger.notice("stopped")
      exit(0)
    }
  }

  // MARK: Housekeeping

  /// A minute after start, then daily: forget seen items long gone from their feeds.
  private func startForgetting() {
    let source = DispatchSource.makeTimerSource(queue: queue)
    source.schedule(deadline: .now() + 60, repeating: 86400, leeway: .seconds(3600))
    source.setEventHandler { [self] in
      let cutoff = Date().addingTimeInterval(-config.forgetItemsAfter)
      let store = runtime.store
      let logger = self.logger
      // Off the scheduler queue: a large delete must not hold up polls being scheduled.
      DispatchQueue.global(qos: .utility).async {
        do {
          let forgotten = try store.forgetItems(
            notListedSince: cutoff, listedRefresh: Pipeline.listedRefresh)
          if forgotten > 0 {
            logger.info(
              "forgot seen items no longer listed by their feeds",
              metadata: ["items": "\(forgotten)"])
          }
        } catch {
          logger.error("cannot forget old seen items", metadata: ["error": "\(error)"])
        }
      }
    }
    source.resume()
    forgetting = source
  }

  // MARK: Metrics

  /// Serves the endpoint, and stamps the scheduler's run every `MetricsEndpoint.heartbeat`
  /// from its own queue, so `/readyz` sees a scheduler that sleeps between due feeds as alive.
  private func startMetrics() {
    guard let metrics else { return }
    metrics.feeds(FeedCounts(config.feeds, states: states))
    metrics.schedulerRan()
    metrics.start()
    logger.notice(
      "metrics endpoint listening",
      metadata: ["address": "\(metrics.address)", "paths": "/metrics /healthz /readyz"])
    let source = DispatchSource.makeTimerSource(queue: queue)
    let interval = MetricsEndpoint.heartbeat
    source.schedule(deadline: .now() + interval, repeating: interval, leeway: .seconds(1))
    source.setEventHandler { metrics.schedulerRan() }
    source.resume()
    heartbeat = source
  }

  // MARK: Watchdog

  private func startWatchdog() {
    guard let interval = SystemdNotifier.watchdogInterval else { return }
    let source = DispatchSource.makeTimerSource(queue: queue)
    // Pinged from the scheduler queue: a wedged scheduler stops the pings and systemd restarts us.
    source.schedule(deadline: .now() + interval / 2, repeating: interval / 2)
    source.setEventHandler { [self] in notifier.notify("WATCHDOG=1") }
    source.resume()
    watchdog = source
  }
}
