/// An item's alerts (`group: item`) or a digest as one message: `AlertMail.message(for:)` of
/// the payload, with the Message-ID from the group's or digest's id.
extension EmailSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    submit(AlertMail.message(for: payload, email: email, sinkName: identity.name)).outcome
  }
}
