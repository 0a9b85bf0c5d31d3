import Foundation
import Store
import Testing

/// `feedwatch sinks`: a sink's failed alerts split into retrying and parked, with the latest
/// error and the next retry, the same on either store.
@Suite struct SinkHealthTests {
  let feedKey = "https://example.org/feed.xml"

  func alert(_ id: String) -> OutboxAlert {
    OutboxAlert(
      id: id, created: date(1_700_000_000), rule: "sadr", feedKey: feedKey,
      json: #"{"id":"\#(id)"}"#)
  }

  @Test(arguments: Backend.all) func retryingAndParkedAlertsAreCountedApart(_ backend: Backend)
    throws
  {
    try withStore(backend) { store throws in
      let now = date(1_800_000_000)
      let sink = "webhook#0123456789abcdef"
      try store.registerSink(sink)
      #expect(try store.sinkHealth(sink: sink, now: now) == .none)
      try store.commit(
        feed: FeedState(key: feedKey, name: "Example"), seen: [],
        alerts: ["a0", "a1", "a2", "a3", "a4"].map(alert))
      try store.markDelivered(sink: sink, ids: ["a0"], at: now)
      try store.recordFailure(
        sink: sink, id: "a1", error: "HTTP 502", retryAt: now.addingTimeInterval(60))
      try store.recordFailure(
        sink: sink, id: "a2", error: "HTTP 503", retryAt: now.addingTimeInterval(30))
      try store.recordFailure(
        sink: sink, id: "a3", error: "HTTP 404: not retried", retryAt: .distantFuture)
      // Another sink's failures are its own.
      try store.recordFailure(
        sink: "exec#fedcba9876543210", id: "a4", error: "exit 1", retryAt: .distantFuture)

      let health = try store.sinkHealth(sink: sink, now: now)
      #expect(health.retrying == 2)
      #expect(health.parked == 1)
      #expect(health.nextRetry == now.addingTimeInterval(30))
      #expect(health.lastError == "HTTP 404: not retried")

      // Delivered after all: the parked alert no longer counts, the latest retry's error shows.
      try store.markDelivered(sink: sink, ids: ["a3"], at: now)
      let later = try store.sinkHealth(sink: sink, now: now)
      #expect(later.retrying == 2 && later.parked == 0)
      #expect(later.lastError == "HTTP 502")
    }
  }
}
