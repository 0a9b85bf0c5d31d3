import Foundation
import Store
import Testing

/// A digest is composed in one transaction with its alerts' delivery: each alert is in one
/// digest, a due time composes once, and a failed composition changes nothing.
@Suite struct SinkDigestStoreTests {
  let feedKey = "https://example.org/feed.xml"
  let sink = "webhook:https://hooks.example/digest"

  func withAlerts(_ count: Int, _ body: (Store) throws -> Void) throws {
    try withStore { store, _ throws in
      try store.startDigests(sink: sink, through: date(1_699_999_000))
      let alerts = (0..<count).map {
        outboxAlert("a\($0)", feed: feedKey, at: 1_700_000_000 + Double($0))
      }
      try store.commit(feed: FeedState(key: feedKey, name: "Example"), seen: [], alerts: alerts)
      try body(store)
    }
  }

  func compose(_ store: Store, due seconds: Double) throws -> (StoredSinkDigest?, [String]) {
    var seen: [String] = []
    let stored = try store.composeDigest(sink: sink, due: date(seconds), now: date(seconds)) {
      _, alerts, _ in
      seen = alerts.map(\.id)
      guard !alerts.isEmpty else { return nil }
      return ComposedSinkDigest(
        id: "d\(Int(seconds))", json: #"{"ids":"\#(seen.joined(separator: ","))"}"#,
        alertCount: alerts.count)
    }
    return (stored, seen)
  }

  @Test func eachAlertGoesIntoOneDigestAndADueTimeComposesOnce() throws {
    try withAlerts(4) { store throws in
      // Due after the first two alerts: they are its alerts; the others wait.
      let (first, firstIDs) = try compose(store, due: 1_700_000_001)
      #expect(firstIDs == ["a0", "a1"])
      #expect(first?.alertCount == 2)
      #expect(try store.digestThrough(sink: sink) == date(1_700_000_001))
      #expect(
        try store.pending(sink: sink, now: date(1_800_000_000), limit: 10).map(\.alert.id) == [
          "a2", "a3",
        ])
      // The same due time again: nothing.
      let (again, againIDs) = try compose(store, due: 1_700_000_001)
      #expect(again == nil && againIDs.isEmpty)
      let (second, secondIDs) = try compose(store, due: 1_700_000_100)
      #expect(secondIDs == ["a2", "a3"])
      #expect(try store.digests(sink: sink).map(\.id) == [first?.id, second?.id].compactMap { $0 })
      // Nothing left: an empty digest is not stored, but the schedule moves on.
      let (empty, _) = try compose(store, due: 1_700_000_200)
      #expect(empty == nil)
      #expect(try store.digests(sink: sink).count == 2)
      #expect(try store.digestThrough(sink: sink) == date(1_700_000_200))
    }
  }

  @Test func aCompositionThatFailsChangesNothing() throws {
    struct Broken: Error {}
    try withAlerts(2) { store throws in
      #expect(throws: Broken.self) {
        try store.composeDigest(sink: sink, due: date(1_700_000_010), now: date(1_700_000_010)) {
          _, _, _ in throw Broken()
        }
      }
      #expect(try store.pending(sink: sink, now: date(1_800_000_000), limit: 10).count == 2)
      #expect(try store.digestThrough(sink: sink) == date(1_699_999_000))
      #expect(try store.digests(sink: sink).isEmpty)
    }
  }

  @Test func aDigestIsDeliveredOnceAndAFailureWaitsForItsRetryTime() throws {
    try withAlerts(1) { store throws in
      let (stored, _) = try compose(store, due: 1_700_000_010)
      let digest = try #require(stored)
      let now = date(1_700_000_020)
      try store.recordDigestFailure(
        sink: sink, id: digest.id, error: "HTTP 503", retryAt: now.addingTimeInterval(60))
      #expect(try store.pendingDigests(sink: sink, now: now).isEmpty)
      let retried = try store.pendingDigests(sink: sink, now: now.addingTimeInterval(60))
      #expect(retried.map(\.attempts) == [1])
      #expect(retried.first?.lastError == "HTTP 503")
      try store.markDigestDelivered(sink: sink, id: digest.id, at: now)
      #expect(try store.pendingDigests(sink: sink, now: .distantFuture).isEmpty)
    }
  }
}
