import Config
import Store

extension SinkWorker {
  /// Hands `batch` to the sink: alert by alert, or (`group: item`) one notification per item.
  /// Returns each alert with its outcome; alerts left for the next batch (the last item's,
  /// which may go on past a full batch) are not in it.
  func deliver(_ batch: [PendingDelivery], more: Bool) -> [(PendingDelivery, DeliveryOutcome)] {
    // A receiver's or libcurl's text may quote the URL it was given: redacted here, where
    // outcomes enter the worker, before anything logs or stores them.
    sendAll(batch, more: more).map { ($0.0, sink.identity.redact($0.1)) }
  }

  private func sendAll(_ batch: [PendingDelivery], more: Bool)
    -> [(PendingDelivery, DeliveryOutcome)]
  {
    guard !batch.isEmpty else { return [] }
    guard delivery.grouping == .item, let sink = sink as? any PayloadSink else {
      return Array(zip(batch, sink.deliver(batch.map { PendingAlert($0.alert) })))
    }
    var outcomes: [(PendingDelivery, DeliveryOutcome)] = []
    var blocked = false
    for group in ItemGroup.groups(batch, more: more) {
      let outcome: DeliveryOutcome
      if blocked {
        // Keep order: what follows a passing failure waits for the next attempt.
        outcome = .waitingBehind
      } else if group.members.count == 1 {
        outcome = sink.deliver([group.members[0].pending]).first ?? .retry("no outcome")
      } else {
        outcome = sink.send(group.payload)
      }
      if outcome.isRetry { blocked = true }
      outcomes += group.members.map { ($0.delivery, outcome) }
      // A push sink records each send before the next (`batchLimit`).
      if !sink.identity.isNodeLocal { break }
    }
    return outcomes
  }
}
