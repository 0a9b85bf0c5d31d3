import Foundation
import Store
import Testing

@Suite struct OutboxTests {
  let feedKey = "https://example.org/feed.xml"
  let log = "jsonl:/var/log/feedwatch/alerts.jsonl"
  let webhook = "webhook:https://hooks.example/alerts"

  /// A store holding alerts a0…a(n-1), created one second apart, committed in that order.
  func withAlerts(
    _ backend: Backend, _ count: Int, _ body: (any StateStore, [OutboxAlert]) throws -> Void
  ) throws {
    try withStore(backend) { store throws in
      let alerts = (0..<count).map {
        outboxAlert("a\($0)", feed: feedKey, at: 1_700_000_000 + Double($0))
      }
      try store.commit(feed: FeedState(key: feedKey, name: "Example"), seen: [], alerts: alerts)
      try body(store, alerts)
    }
  }

  @Test(arguments: Backend.all) func pendingIsOldestFirstAndLimited(_ backend: Backend) throws {
    try withAlerts(backend, 5) { store, alerts throws in
      let now = date(1_800_000_000)
      let firstTwo = try store.pending(sink: log, now: now, limit: 2)
      #expect(firstTwo.map(\.alert) == Array(alerts.prefix(2)))
      #expect(firstTwo.allSatisfy { $0.attempts == 0 && $0.lastError == nil })
      #expect(try store.pending(sink: log, now: now, limit: 100).map(\.alert) == alerts)
      #expect(try store.pending(sink: log, now: now, limit: 0).isEmpty)
      #expect(try store.pending(sink: log, now: now, limit: -1).isEmpty)
      #expect(try store.alerts(since: nil, limit: -1).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func twoSinksDeliverIndependently(_ backend: Backend) throws {
    try withAlerts(backend, 3) { store, _ throws in
      let now = date(1_800_000_000)
      try store.markDelivered(sink: log, ids: ["a0", "a1"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a2"])
      #expect(
        try store.pending(sink: webhook, now: now, limit: 10).map(\.alert.id) == ["a0", "a1", "a2"])
      try store.markDelivered(sink: webhook, ids: ["a2"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a2"])
      #expect(
        try store.pending(sink: webhook, now: now, limit: 10).map(\.alert.id) == ["a0", "a1"])
      #expect(try store.deliveryStats(sink: log) == (delivered: 2, pending: 1, failing: 0))
      #expect(try store.deliveryStats(sink: webhook) == (delivered: 1, pending: 2, failing: 0))
    }
  }

  @Test(arguments: Backend.all) func aFailureHidesTheAlertUntilItsRetryTime(_ backend: Backend)
    throws
  {
    try withAlerts(backend, 2) { store, _ throws in
      let now = date(1_800_000_000)
      try store.recordFailure(
        sink: webhook, id: "a0", error: "HTTP 502", retryAt: now.addingTimeInterval(60))
      #expect(try store.pending(sink: webhook, now: now, limit: 10).map(\.alert.id) == ["a1"])
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a0", "a1"])
      #expect(try store.deliveryStats(sink: webhook) == (delivered: 0, pending: 1, failing: 1))

      try store.recordFailure(
        sink: webhook, id: "a0", error: "timed out", retryAt: now.addingTimeInterval(120))
      #expect(
        try store.pending(sink: webhook, now: now.addingTimeInterval(61), limit: 10).map(\.alert.id)
          == ["a1"])
      let due = try store.pending(sink: webhook, now: now.addingTimeInterval(120), limit: 10)
      #expect(due.map(\.alert.id) == ["a0", "a1"])
      #expect(due.first?.attempts == 2)
      #expect(due.first?.lastError == "timed out")

      try store.markDelivered(sink: webhook, ids: ["a0"], at: now.addingTimeInterval(121))
      #expect(try store.deliveryStats(sink: webhook) == (delivered: 1, pending: 1, failing: 0))
    }
  }

  @Test(arguments: Backend.all) func deliveredStaysDelivered(_ backend: Backend) throws {
    try withAlerts(backend, 1) { store, _ throws in
      let now = date(1_800_000_000)
      try store.markDelivered(sink: log, ids: ["a0"], at: now)
      try store.markDelivered(sink: log, ids: ["a0"], at: now.addingTimeInterval(5))
      try store.recordFailure(sink: log, id: "a0", error: "late duplicate", retryAt: now)
      #expect(try store.pending(sink: log, now: now.addingTimeInterval(10), limit: 10).isEmpty)
      #expect(try store.deliveryStats(sink: log) == (delivered: 1, pending: 0, failing: 0))
    }
  }

  @Test(arguments: Backend.all) func markingAnUnknownAlertFailsAndMarksNothing(_ backend: Backend)
    throws
  {
    try withAlerts(backend, 1) { store, _ throws in
      let now = date(1_800_000_000)
      expectStoreError(store) {
        try store.markDelivered(sink: log, ids: ["a0", "no-such-alert"], at: now)
      }
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a0"])
    }
  }

  @Test(arguments: Backend.all) func alertsSinceReturnsTheNewestOldestFirst(_ backend: Backend)
    throws
  {
    try withAlerts(backend, 5) { store, alerts throws in
      #expect(try store.alerts(since: nil, limit: 2) == Array(alerts.suffix(2)))
      #expect(try store.alerts(since: date(1_700_000_001), limit: 10) == Array(alerts.dropFirst()))
      #expect(try store.alerts(since: date(1_700_000_003), limit: 1) == [alerts[4]])
      #expect(try store.alerts(since: date(1_900_000_000), limit: 10).isEmpty)
      #expect(try store.alert(id: "a3") == alerts[3])
      #expect(try store.alert(id: "missing") == nil)
    }
  }

  @Test(arguments: Backend.all) func outOfOrderDeliveryLeavesTheGapPending(_ backend: Backend)
    throws
  {
    try withAlerts(backend, 4) { store, _ throws in
      let now = date(1_800_000_000)
      try store.markDelivered(sink: log, ids: ["a1", "a3"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a0", "a2"])
      try store.markDelivered(sink: log, ids: ["a0"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert.id) == ["a2"])
      try store.markDelivered(sink: log, ids: ["a2"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func alertsCommittedAfterADrainArePending(_ backend: Backend) throws
  {
    try withAlerts(backend, 3) { store, _ throws in
      let now = date(1_800_000_000)
      try store.markDelivered(sink: log, ids: ["a0", "a1", "a2"], at: now)
      #expect(try store.pending(sink: log, now: now, limit: 10).isEmpty)
      let late = outboxAlert("late", feed: feedKey, at: 1_700_000_500)
      try store.commit(feed: FeedState(key: feedKey, name: "Example"), seen: [], alerts: [late])
      #expect(try store.pending(sink: log, now: now, limit: 10).map(\.alert) == [late])
      #expect(try store.pending(sink: webhook, now: now, limit: 10).count == 4)
      #expect(try store.deliveryStats(sink: log) == (delivered: 3, pending: 1, failing: 0))
    }
  }
}
