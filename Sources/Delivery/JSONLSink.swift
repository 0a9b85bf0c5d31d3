import Store

/// The alert log as a sink: the whole batch is written and fsync'ed, or none of it counts.
package final class JSONLSink: AlertSink {
  package let identity: SinkIdentity
  let log: AlertLog
  package let rules: Set<String>?

  init(identity: SinkIdentity, log: AlertLog, rules: Set<String>?) {
    self.identity = identity
    self.log = log
    self.rules = rules
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    do {
      try log.append(batch.map(\.row.json))
      return batch.map { _ in .delivered }
    } catch {
      return batch.map { _ in .retry("\(error)") }
    }
  }

  package func reopen() throws { try log.reopen() }
}
