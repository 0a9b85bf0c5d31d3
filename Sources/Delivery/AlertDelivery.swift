package import Config
import Dispatch
package import Logging
package import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Moves alerts from the store's outbox to every configured sink. Each sink has its own worker
/// and queue, so a slow or failing webhook never delays the alert log.
public final class AlertDelivery: @unchecked Sendable {
  let workers: [SinkWorker]
  let store: any StateStore
  let logger: Logger

  /// `deliveries[i]` is how `sinks[i]` takes its alerts.
  package init(
    store: any StateStore, sinks: [any AlertSink], deliveries: [Config.SinkDelivery],
    logger: Logger
  ) {
    precondition(sinks.count == deliveries.count, "one delivery setting per sink")
    self.store = store
    self.logger = logger
    self.workers = zip(sinks, deliveries).map { sink, delivery in
      SinkWorker(sink: sink, delivery: delivery, store: store, logger: logger)
    }
  }

  /// At start-up: alerts whose line reached a log before a crash, but whose delivery was not
  /// recorded, are marked delivered now instead of being written twice.
  public func reconcile() throws {
    for worker in workers {
      guard let jsonl = worker.sink as? JSONLSink else { continue }
      let id = jsonl.identity.id.rawValue
      let digests = try store.pendingDigests(sink: id, now: .distantFuture)
      let pending = try store.pending(sink: id, now: Date.distantFuture, limit: Int.max)
      guard !digests.isEmpty || !pending.isEmpty else { continue }
      // One read of the log's tail (up to a few MiB) answers for both.
      let inLog = jsonl.log.idsInTail()
      try reconcileDigests(digests, inLog: inLog, jsonl)
      let already = pending.map(\.alert.id).filter { inLog.contains($0) }
      if !already.isEmpty {
        try store.markDelivered(sink: id, ids: already, at: Date())
        logger.notice(
          "found alerts already in the log after an unclean stop; not writing them again",
          metadata: ["count": "\(already.count)", "log": "\(jsonl.log.path)"])
      }
    }
  }

  /// Every sink delivers what is pending, soon, on its own queue.
  public func deliverSoon() {
    for worker in workers { worker.deliverSoon() }
  }

  /// Every sink delivers what is pending now; blocks until done. Returns the alerts delivered.
  @discardableResult
  public func deliverAll() -> Int {
    workers.reduce(0) { $0 + $1.deliverNow() }
  }

  /// SIGHUP: sinks reopen their files (logrotate moved them).
  public func reopen() {
    for worker in workers {
      do {
        try worker.sink.reopen()
      } catch {
        logger.error(
          "cannot reopen a sink",
          metadata: [
            "sink": "\(worker.sink.identity.name)",
            "error": "\(worker.sink.identity.redact("\(error)"))",
          ])
      }
    }
  }

  public func stop() {
    for worker in workers { worker.stop() }
  }
}

/// Delivers one sink's alerts from the outbox, in order, retrying failures with exponential
/// backoff and jitter. A run of failures is logged once when it starts and once when it ends.
final class SinkWorker: @unchecked Sendable {
  let sink: any AlertSink
  /// Whether alerts go out one by one, grouped by item, or in digests.
  let delivery: Config.SinkDelivery
  let store: any StateStore
  let logger: Logger
  let queue: DispatchQueue
  let metrics: DeliveryMetrics
  // Only touched on `queue`:
  private var failing = false
  private var retry: DispatchSourceTimer?
  private var retryAt: Date?
  /// Wakes a digest sink when its next digest falls due.
  var digestTimer: DispatchSourceTimer?
  /// The sink's id in the store.
  let id: String

  static let batchSize = 200
  static let firstRetry: Double = 5
  static let maxRetry: Double = 3600

  /// How soon a sink another node delivers is asked for again.
  static let otherNodeRetry: Double = 2

  /// A push sink (webhook, exec, e-mail) records each send before the next, so a process
  /// killed between a send and its record repeats that one send and no other; a sink that
  /// writes on this machine (the log, whose tail is read back after a crash, and the journal)
  /// takes whole batches.
  var batchLimit: Int {
    sink.identity.isNodeLocal || delivery.grouping == .item ? Self.batchSize : 1
  }

  /// Whether this node may send to the sink now (see `StateStore.holdsDelivery`): a sink
  /// that writes on this machine is always this node's.
  func holdsDelivery() throws -> Bool {
    try sink.identity.isNodeLocal || store.holdsDelivery(sink: id)
  }

  /// Nothing pending: another node's alerts may go out through it at once.
  func releaseDelivery() throws {
    if !sink.identity.isNodeLocal { try store.releaseDelivery(sink: id) }
  }

  init(sink: any AlertSink, delivery: Config.SinkDelivery, store: any StateStore, logger: Logger) {
    self.sink = sink
    self.delivery = delivery
    self.store = store
    self.logger = logger
    self.queue = DispatchQueue(label: "feedwatch.sink.\(sink.identity.name)")
    self.id = sink.identity.id.rawValue
    metrics = DeliveryMetrics(sinkID: id)
    metrics.declare()
  }

  func deliverSoon() {
    queue.async { _ = self.deliverPending() }
  }

  func deliverNow() -> Int {
    queue.sync { deliverPending() }
  }

  /// Seconds before the next attempt after `attempts` failures: 5 s doubling to an hour, with
  /// jitter so many alerts (and many daemons) do not retry in step.
  static func backoff(attempts: Int, jitter: Double) -> Double {
    let grown = firstRetry * Double(1 << min(max(attempts - 1, 0), 20))
    return min(grown, maxRetry) * (0.5 + 0.5 * jitter)
  }

  func deliverPending() -> Int {
    dispatchPrecondition(condition: .onQueue(queue))
    if let schedule = delivery.digest { return deliverDigests(schedule) }
    var delivered = 0
    var problem: String?
    while true {
      let now = Date()
      let batch: [PendingDelivery]
      do {
        guard try holdsDelivery() else {
          // Another node delivers this sink now; ask again soon, to take over if it stops.
          scheduleRetry(at: now.addingTimeInterval(Self.otherNodeRetry))
          break
        }
        batch = try store.pending(sink: id, now: now, limit: batchLimit)
        if batch.isEmpty {
          try releaseDelivery()
          break
        }
      } catch {
        problem = "cannot read the alert outbox: \(error)"
        scheduleRetry(at: now.addingTimeInterval(Self.firstRetry))
        break
      }
      let (mine, others) = partition(batch)
      do {
        // Alerts of rules this sink does not take count as done for it.
        if !others.isEmpty {
          try store.markDelivered(sink: id, ids: others.map(\.alert.id), at: now)
        }
        let outcomes = deliver(mine, more: batch.count == Self.batchSize)
        var done: [String] = []
        for (pending, outcome) in outcomes {
          switch outcome {
          case .delivered:
            done.append(pending.alert.id)
          case .retry(let error):
            metrics.record(outcome)
            problem = problem ?? error
            let at = now.addingTimeInterval(
              Self.backoff(attempts: pending.attempts + 1, jitter: Double.random(in: 0..<1)))
            try store.recordFailure(
              sink: id, id: pending.alert.id, error: error, retryAt: at)
            scheduleRetry(at: at)
          case .park(let error):
            metrics.record(outcome)
            logger.error(
              "alert parked: the sink refused it",
              metadata: [
                "sink": "\(sink.identity.name)", "id": "\(pending.alert.id)", "error": "\(error)",
              ])
            try store.recordFailure(
              sink: id, id: pending.alert.id, error: error, retryAt: .distantFuture)
          }
        }
        if !done.isEmpty {
          try store.markDelivered(sink: id, ids: done, at: now)
          metrics.record(.delivered, count: done.count)
        }
        delivered += done.count
        // A push sink sends one alert (or one item's group) per batch: the rest come next.
        if problem != nil || others.count + outcomes.count == 0 { break }
        if batch.count < batchLimit, others.count + outcomes.count == batch.count { break }
      } catch {
        problem = "cannot record deliveries in the state store: \(error)"
        scheduleRetry(at: now.addingTimeInterval(Self.firstRetry))
        break
      }
    }
    report(problem)
    return delivered
  }

  private func partition(_ batch: [PendingDelivery]) -> ([PendingDelivery], [PendingDelivery]) {
    guard let rules = sink.rules else { return (batch, []) }
    return (
      batch.filter { rules.contains($0.alert.rule) },
      batch.filter { !rules.contains($0.alert.rule) }
    )
  }

  func report(_ problem: String?) {
    if let problem, !failing {
      failing = true
      logger.error(
        "cannot deliver alerts; they stay in the outbox and are retried with backoff",
        metadata: ["sink": "\(sink.identity.name)", "error": "\(sink.identity.redact(problem))"])
    } else if problem == nil, failing, retry == nil {
      // With a retry still armed, something is still waiting for it: a run that met nothing
      // to send (a digest in backoff, say) is not a recovery.
      failing = false
      logger.notice("alert delivery resumed", metadata: ["sink": "\(sink.identity.name)"])
    }
  }

  func scheduleRetry(at date: Date) {
    if let current = retryAt, current <= date, retry != nil { return }
    retry?.cancel()
    retryAt = date
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + max(0.01, date.timeIntervalSinceNow))
    timer.setEventHandler { [self] in
      retry?.cancel()
      retry = nil
      retryAt = nil
      _ = deliverPending()
    }
    retry = timer
    timer.resume()
  }

  func stop() {
    queue.sync {
      retry?.cancel()
      retry = nil
      digestTimer?.cancel()
      digestTimer = nil
    }
  }
}
