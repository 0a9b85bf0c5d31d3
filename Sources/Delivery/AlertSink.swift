package import Store
package import Watch

/// What became of one alert handed to a sink.
package enum DeliveryOutcome: Equatable {
  case delivered
  /// A passing failure: try again later, with backoff.
  case retry(String)
  /// A failure retrying cannot fix (a webhook's 4xx): kept in the outbox with the error, not retried.
  case park(String)
}

/// One outbox row on its way to a sink, decoded once for every sink that reads it; `alert` is
/// nil for a row that does not decode (written by another version), which sinks still deliver
/// from the row's own fields.
package struct PendingAlert: Sendable {
  package let row: OutboxAlert
  package let alert: Alert?

  package init(_ row: OutboxAlert) {
    self.row = row
    alert = try? Alert.decode(jsonLine: row.json)
  }
}

/// A destination for alerts. Each sink delivers every alert of its rules from the outbox on its
/// own, and records its own deliveries, so one failing sink never holds up another.
package protocol AlertSink: AnyObject, Sendable {
  /// The sink's name in the store's delivery records, e.g. "jsonl:/var/log/feedwatch/alerts.jsonl".
  var name: String { get }
  /// Only alerts of these rules; nil for all.
  var rules: Set<String>? { get }
  /// Delivers a batch in order; returns one outcome per alert. Called on the sink's own queue.
  func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome]
  /// Reopens files after logrotate (SIGHUP); most sinks have none.
  func reopen() throws
}

extension AlertSink {
  package func reopen() throws {}
}
