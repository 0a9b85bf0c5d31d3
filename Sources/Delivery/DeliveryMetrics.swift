import Metrics

/// What a sink's worker records in the process's metrics, under the sink's label.
package struct DeliveryMetrics {
  /// `SinkLabel` of the sink: its type and a short hash of its id, never its URL or command.
  let sink: String

  /// `sinkID` is the sink's id in the store (`SinkIdentity.id`), which holds no secret.
  init(sinkID: String) {
    sink = SinkLabel.label(sinkID: sinkID)
  }

  func record(_ outcome: DeliveryOutcome, count: Int = 1) {
    let name: String =
      switch outcome {
      case .delivered: "delivered"
      case .retry: "retry"
      case .park: "parked"
      }
    FeedwatchMetrics.shared.deliveries.increment([sink, name], by: Double(count))
  }

  /// The sink's outcomes at 0, so a rate of failures exists before the first one.
  func declare() {
    for outcome in ["delivered", "retry", "parked"] {
      FeedwatchMetrics.shared.deliveries.declare([sink, outcome])
    }
  }
}
