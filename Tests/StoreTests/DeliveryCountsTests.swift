import Foundation
import Store
import Testing

/// Each sink's share of the outbox adds up to every alert raised.
@Suite struct DeliveryCountsTests {
  let feedKey = "https://example.org/feed.xml"

  func alert(_ id: String, rule: String) -> OutboxAlert {
    OutboxAlert(
      id: id, created: date(1_700_000_000), rule: rule, feedKey: feedKey,
      json: #"{"id":"\#(id)","rule":"\#(rule)"}"#)
  }

  @Test(arguments: Backend.all) func aSinkAddedLaterAndASinkWithRulesAccountForEveryAlert(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      let now = date(1_800_000_000)
      let state = FeedState(key: feedKey, name: "Example")
      try store.commit(
        feed: state, seen: [], alerts: [alert("a0", rule: "sadr"), alert("a1", rule: "withdrawal")])
      try store.registerSink("log")
      try store.markDelivered(sink: "log", ids: ["a0", "a1"], at: now)
      // Added now: the two alerts before it are never offered to it.
      #expect(try store.registerSink("sadr-only"))
      try store.commit(
        feed: state, seen: [],
        alerts: [
          alert("a2", rule: "sadr"), alert("a3", rule: "withdrawal"), alert("a4", rule: "sadr"),
        ])
      try store.markDelivered(sink: "sadr-only", ids: ["a2", "a3"], at: now)  // a3 passed over
      try store.recordFailure(sink: "sadr-only", id: "a4", error: "HTTP 502", retryAt: now)

      let counts = try store.deliveryCounts(sink: "sadr-only", rules: ["sadr"])
      #expect(counts.total == 5)
      #expect(try store.alertCount() == 5)
      #expect(counts.delivered == 1 && counts.notItsRules == 1)
      #expect(counts.pending == 0 && counts.failing == 1 && counts.before == 2)

      let log = try store.deliveryCounts(sink: "log", rules: nil)
      #expect(log.delivered == 2 && log.notItsRules == 0 && log.pending == 3 && log.before == 0)
      #expect(try store.deliveryStats(sink: "log") == (delivered: 2, pending: 3, failing: 0))
    }
  }
}
