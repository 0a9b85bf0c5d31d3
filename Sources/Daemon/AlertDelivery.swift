import Dispatch
import Logging
import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Moves alerts from the store's outbox to the alert log, on its own serial queue. A failed write
/// leaves the alerts in the outbox, logs one error (not one per alert) and retries by itself.
public final class AlertDelivery: @unchecked Sendable {
    public let log: AlertLog
    private let store: Store
    private let logger: Logger
    private let queue = DispatchQueue(label: "feedwatch.delivery")
    // Only touched on `queue`:
    private var failing = false
    private var retry: DispatchSourceTimer?

    static let batchSize = 500
    static let retryDelay: Double = 10

    public init(store: Store, log: AlertLog, logger: Logger) {
        self.store = store
        self.log = log
        self.logger = logger
    }

    /// At start-up: alerts whose line reached the log before a crash, but whose delivery was not
    /// recorded, are marked delivered now instead of being written twice.
    public func reconcile() throws {
        try queue.sync {
            let pending = try store.pending(sink: log.sinkName, now: Date.distantFuture, limit: Int.max)
            guard !pending.isEmpty else { return }
            let inLog = log.idsInTail()
            let already = pending.map(\.alert.id).filter { inLog.contains($0) }
            if !already.isEmpty {
                try store.markDelivered(sink: log.sinkName, ids: already, at: Date())
                logger.notice("found alerts already in the log after an unclean stop; not writing them again",
                    metadata: ["count": "\(already.count)", "log": "\(log.path)"])
            }
        }
    }

    /// Delivers soon, on the delivery queue.
    public func deliverSoon() {
        queue.async { _ = self.deliverNow() }
    }

    /// Delivers everything pending; returns how many alerts were written. Blocks the caller.
    @discardableResult
    public func deliverAll() -> Int {
        queue.sync { deliverNow() }
    }

    private func deliverNow() -> Int {
        dispatchPrecondition(condition: .onQueue(queue))
        var written = 0
        while true {
            let batch: [PendingDelivery]
            do {
                batch = try store.pending(sink: log.sinkName, now: Date(), limit: Self.batchSize)
            } catch {
                reportFailure("cannot read the alert outbox: \(error)")
                return written
            }
            guard !batch.isEmpty else { break }
            do {
                try log.append(batch.map(\.alert.json))
                try store.markDelivered(sink: log.sinkName, ids: batch.map(\.alert.id), at: Date())
            } catch {
                reportFailure("\(error)")
                return written
            }
            written += batch.count
            for item in batch { logAlert(item.alert) }
            if batch.count < Self.batchSize { break }
        }
        if failing {
            failing = false
            logger.notice("alert log writable again; delivery resumed", metadata: ["log": "\(log.path)"])
        }
        return written
    }

    private func logAlert(_ alert: OutboxAlert) {
        logger.info("alert", metadata: ["rule": "\(alert.rule)", "url": "\(alert.feedKey)", "id": "\(alert.id)"])
    }

    private func reportFailure(_ message: String) {
        if !failing {
            failing = true
            logger.error(
                "alerts stay in the outbox until the log can be written; retrying every \(Int(Self.retryDelay))s",
                metadata: ["error": "\(message)", "log": "\(log.path)"])
        }
        guard retry == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + Self.retryDelay)
        timer.setEventHandler { [self] in
            retry?.cancel()
            retry = nil
            _ = deliverNow()
        }
        retry = timer
        timer.resume()
    }

    public func stop() {
        queue.sync {
            retry?.cancel()
            retry = nil
        }
    }
}
