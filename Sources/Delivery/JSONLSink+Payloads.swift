/// A digest as one line of the log (its JSON), written and fsync'ed like an alert's.
extension JSONLSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    do {
      try log.append([payload.json])
      return .delivered
    } catch {
      return .retry("\(error)")
    }
  }
}
