package import Store
package import Watch

/// What became of one alert handed to a sink.
package enum DeliveryOutcome: Equatable {
  case delivered
  /// A passing failure: try again later, with backoff.
  case retry(String)
  /// A failure retrying cannot fix (a webhook's 4xx): kept in the outbox with the error, not retried.
  case park(String)

  /// What an alert waiting behind a passing failure gets: order is kept, so it is tried
  /// again with the one in front.
  static let waitingBehind = DeliveryOutcome.retry("waiting behind an earlier failure")

  /// A passing failure: what follows it waits.
  var isRetry: Bool {
    if case .retry = self { true } else { false }
  }

  /// `send` on each of `items` in order until an outcome `stops`; the ones after it wait
  /// (`waitingBehind`).
  static func inOrder<Item>(
    _ items: [Item], stoppingAt stops: (DeliveryOutcome) -> Bool,
    _ send: (Item) -> DeliveryOutcome
  ) -> [DeliveryOutcome] {
    var stopped = false
    return items.map { item in
      if stopped { return waitingBehind }
      let outcome = send(item)
      stopped = stops(outcome)
      return outcome
    }
  }
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
  /// Its id in the store's delivery records, its name, how it is shown, its secrets.
  var identity: SinkIdentity { get }
  /// Only alerts of these rules; nil for all.
  var rules: Set<String>? { get }
  /// Delivers a batch in order; returns one outcome per alert. Called on the sink's own queue.
  func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome]
  /// Delivers one alert and says what the far end answered (`feedwatch sinks test`).
  func probe(_ alert: PendingAlert) -> SinkAnswer
  /// Reopens files after logrotate (SIGHUP); most sinks have none.
  func reopen() throws
}

/// What became of a test alert, and what the receiver said about it.
package struct SinkAnswer: Sendable {
  package var outcome: DeliveryOutcome
  /// The receiver's words: an HTTP status and body, an SMTP reply, an exit status.
  package var reply: String
}

extension AlertSink {
  package func reopen() throws {}

  package func probe(_ alert: PendingAlert) -> SinkAnswer {
    let outcome = deliver([alert]).first ?? .retry("no outcome")
    return SinkAnswer(outcome: outcome, reply: outcome == .delivered ? "delivered" : "")
  }
}
