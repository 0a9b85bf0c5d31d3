import Config
import Dispatch
import Logging
import Store
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A sink with a `digest` schedule: its alerts wait in the store; when a digest falls due (or
/// fell due while the daemon was down) the digest is composed in one store transaction with
/// marking its alerts delivered, then delivered (retried, parked) until the sink takes it.
extension SinkWorker {
  /// Composes the digest due by now, if any, delivers the digests not yet delivered, and
  /// arms the timer for the next one. Returns the alerts the digests delivered held.
  func deliverDigests(_ schedule: DigestSchedule) -> Int {
    dispatchPrecondition(condition: .onQueue(queue))
    let now = Date()
    var problem: String?
    do {
      try composeDue(schedule, now: now)
    } catch {
      problem = "cannot compose the digest: \(error)"
      scheduleRetry(at: now.addingTimeInterval(Self.firstRetry))
    }
    var delivered = 0
    do {
      for digest in try store.pendingDigests(sink: id, now: now) {
        // Each send by the node holding the sink, as for alerts.
        guard try holdsDelivery() else {
          scheduleRetry(at: now.addingTimeInterval(Self.otherNodeRetry))
          break
        }
        let outcome = send(digest)
        metrics.record(outcome)
        switch outcome {
        case .delivered:
          try store.markDigestDelivered(sink: id, id: digest.id, at: Date())
          delivered += digest.alertCount
          logger.info(
            "digest delivered",
            metadata: [
              "sink": "\(sink.identity.described)", "id": "\(digest.id)",
              "alerts": "\(digest.alertCount)",
            ])
        case .retry(let error):
          problem = problem ?? error
          let at = now.addingTimeInterval(
            Self.backoff(attempts: digest.attempts + 1, jitter: Double.random(in: 0..<1)))
          try store.recordDigestFailure(sink: id, id: digest.id, error: error, retryAt: at)
          scheduleRetry(at: at)
        case .park(let error):
          logger.error(
            "digest parked: the sink refused it",
            metadata: [
              "sink": "\(sink.identity.described)", "id": "\(digest.id)", "error": "\(error)",
            ])
          try store.recordDigestFailure(
            sink: id, id: digest.id, error: error, retryAt: .distantFuture)
        }
        // Digests go out in order: a later one waits while an earlier one is retried.
        if outcome.isRetry { break }
      }
    } catch {
      problem = problem ?? "cannot record the digest's delivery in the state store: \(error)"
      scheduleRetry(at: now.addingTimeInterval(Self.firstRetry))
    }
    armDigestTimer(at: schedule.nextDue(after: now))
    report(problem)
    return delivered
  }

  /// The first time a sink is seen with a digest, its schedule starts at the latest due
  /// time; after that a due time passed (while running, or while the daemon was down)
  /// composes the digest of every alert that waited for it. An empty digest is not stored.
  private func composeDue(_ schedule: DigestSchedule, now: Date) throws {
    let due = schedule.latestDue(atOrBefore: now)
    guard let through = try store.digestThrough(sink: id) else {
      try store.startDigests(sink: id, through: due)
      return
    }
    guard through < due else { return }
    let rules = sink.rules
    let id = self.id
    let stored = try store.composeDigest(sink: id, due: due, now: now) {
      since, rows, sources in
      let mine = rows.filter { rules?.contains($0.rule) ?? true }.map(PendingAlert.init)
      guard !mine.isEmpty else { return nil }
      let digest = try SinkDigest(
        id: SinkDigest.id(sink: id, due: due), schedule: schedule.text, start: since, end: due,
        utcOffset: schedule.timeZone.offset(at: due), alerts: mine, sources: sources)
      return ComposedSinkDigest(
        id: digest.id, json: try digest.jsonLine(), alertCount: digest.alertCount)
    }
    if let stored {
      logger.info(
        "digest composed",
        metadata: [
          "sink": "\(sink.identity.described)", "id": "\(stored.id)",
          "alerts": "\(stored.alertCount)",
        ])
    }
  }

  /// The stored digest, rendered again for the sink (its JSON as stored).
  private func send(_ digest: StoredSinkDigest) -> DeliveryOutcome {
    guard let sink = sink as? any PayloadSink else {
      return .park("this sink cannot deliver digests")
    }
    let offset = delivery.digest?.timeZone.offset(at: digest.due) ?? 0
    // Redacted where the outcome enters the worker, as for alerts.
    return sink.identity.redact(sink.send(Self.payload(of: digest, utcOffset: offset)))
  }

  /// A stored digest's payload: the JSON as composed; the title and text from it.
  static func payload(of digest: StoredSinkDigest, utcOffset: Int) -> SinkPayload {
    if let decoded = try? SinkDigest(jsonLine: digest.json, utcOffset: utcOffset) {
      return decoded.payload(json: digest.json)
    }
    return SinkPayload(
      kind: .digest, id: digest.id, json: digest.json,
      title: "feedwatch digest: \(digest.alertCount) alerts", text: digest.json, severity: .info,
      rules: [], alertCount: digest.alertCount)
  }

  private func armDigestTimer(at date: Date) {
    digestTimer?.cancel()
    let timer = DispatchSource.makeTimerSource(queue: queue)
    // Wall time: a digest falls due at a time of day, whatever the machine slept through.
    timer.schedule(wallDeadline: .now() + max(0.01, date.timeIntervalSinceNow + 0.005))
    timer.setEventHandler { [self] in
      digestTimer?.cancel()
      digestTimer = nil
      _ = deliverPending()
    }
    digestTimer = timer
    timer.resume()
  }
}
