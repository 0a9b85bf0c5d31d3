import Config
import Delivery
import Dispatch
import Fetcher
import Metrics
import MetricsServer
import Polling
import Store
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch run`'s metrics and health endpoint (config "metrics"): the server, what it asks
/// the store at each scrape and check (on a connection of its own), and what the scheduler
/// tells it.
final class MetricsEndpoint: Sendable {
  let server: MetricsServer
  private let metrics = FeedwatchMetrics.shared
  private let probe: any StateProbe
  /// Each sink's id in the store and metric label.
  private let sinks: [(name: String, label: String)]
  private let stopping = StopFlag()

  /// The scheduler must have run this recently for `/readyz`.
  static let schedulerDeadline: Double = 60
  /// How often the scheduler says it runs when nothing else wakes it.
  static let heartbeat: Double = 15

  init(settings: MetricsSettings, config: Config) throws(DaemonError) {
    probe = try StateStoreOpening.probe(config)
    sinks = config.sinks.map { sink in
      let id = SinkIdentity(sink).id.rawValue
      return (id, SinkLabel.label(sinkID: id))
    }
    let probe = self.probe
    let metrics = self.metrics
    let sinks = self.sinks
    let stopping = self.stopping
    do {
      server = try MetricsServer(
        address: settings.listen, registry: metrics.registry,
        readiness: {
          Self.readiness(probe: probe, metrics: metrics, stopping: stopping.isSet)
        })
    } catch {
      throw DaemonError(error.description)
    }
    metrics.buildInfo.set([FeedwatchVersion.string], to: 1)
    metrics.startTime.set(to: Date().timeIntervalSince1970)
    PollMetrics.declareOutcomes()
    // Read at each scrape, on the server's queue (the probe's only user besides readiness).
    metrics.registry.beforeScrape {
      guard let counts = try? probe.backlog(sinks: sinks.map(\.name)) else { return }
      metrics.deliveryBacklog.replaceAll(
        Dictionary(uniqueKeysWithValues: sinks.map { ([$0.label], Double(counts[$0.name] ?? 0)) }))
    }
  }

  func start() { server.start() }

  /// Where it listens (the port the kernel picked, when the config said 0).
  var address: String { server.boundAddress.description }

  /// The daemon is shutting down: not ready any more.
  func stop() { stopping.set() }

  /// On the scheduler's queue, each time it runs.
  func schedulerRan() {
    metrics.schedulerLastRun.set(to: Date().timeIntervalSince1970)
  }

  /// The configured feeds by status (a disabled feed as `disabled`); every status is listed,
  /// 0 when no feed has it.
  func feeds(_ counts: FeedCounts) {
    metrics.feeds.replaceAll(
      Dictionary(uniqueKeysWithValues: counts.byStatus.map { ([$0.key], Double($0.value)) }))
  }

  private static func readiness(probe: any StateProbe, metrics: FeedwatchMetrics, stopping: Bool)
    -> Readiness
  {
    var reasons: [String] = []
    if stopping { reasons.append("the daemon is stopping") }
    let lastRun = metrics.schedulerLastRun.value().map { Date(timeIntervalSince1970: $0) }
    if let lastRun {
      let age = Date().timeIntervalSince(lastRun)
      if age > schedulerDeadline {
        reasons.append(
          "the scheduler last ran \(DurationText.format(age)) ago (more than \(Int(schedulerDeadline))s)"
        )
      }
    } else {
      reasons.append("the scheduler has not run yet")
    }
    if let problem = probe.problem() { reasons.append(problem) }
    return reasons.isEmpty ? .ready : .notReady(reasons)
  }
}

/// Set once, when shutdown starts; read by `/readyz` on the endpoint's queue.
final class StopFlag: Sendable {
  private let value = Atomic<Bool>(false)

  var isSet: Bool { value.load(ordering: .relaxed) }
  func set() { value.store(true, ordering: .relaxed) }
}
