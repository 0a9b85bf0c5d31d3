import Store

/// The alert log as a sink: the whole batch is written and fsync'ed, or none of it counts.
package final class JSONLSink: AlertSink {
  package let name: String
  let log: AlertLog
  package let rules: Set<String>?

  init(name: String, log: AlertLog, rules: Set<String>?) {
    self.name = name
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
