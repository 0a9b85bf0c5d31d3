import Foundation
import Store
import Testing

/// A digest is composed in one transaction with its alerts' delivery: each alert is in one
/// digest, a due time composes once, and a failed composition changes nothing. On both stores.
@Suite struct SinkDigestStoreTests {
  let feedKey = "https://example.org/feed.xml"
  let sink = "webhook:https://hooks.example/digest"

  func withAlerts(
    _ backend: Backend, _ count: Int, stories: [StorySource] = [],
    _ body: (any StateStore) throws -> Void
  ) throws {
    try withStore(backend) { store throws in
      try store.startDigests(sink: sink, through: date(1_699_999_000))
      let alerts = (0..<count).map {
        outboxAlert("a\($0)", feed: feedKey, at: 1_700_000_000 + Double($0))
      }
      try store.commit(
        feed: FeedState(key: feedKey, name: "Example"), seen: [], alerts: alerts, stories: stories)
      try body(store)
    }
  }

  func compose(_ store: any StateStore, due seconds: Double) throws -> (StoredSinkDigest?, [String])
  {
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

  @Test(arguments: Backend.all) func eachAlertGoesIntoOneDigestAndADueTimeComposesOnce(
    _ backend: Backend
  ) throws {
    try withAlerts(backend, 4) { store throws in
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

  @Test(arguments: Backend.all) func aCompositionThatFailsChangesNothing(_ backend: Backend)
    throws
  {
    struct Broken: Error {}
    try withAlerts(backend, 2) { store throws in
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

  @Test(arguments: Backend.all) func aDigestIsDeliveredOnceAndAFailureWaitsForItsRetryTime(
    _ backend: Backend
  ) throws {
    try withAlerts(backend, 1) { store throws in
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

  @Test(arguments: Backend.all) func theComposerReadsStorySourcesInsideItsTransaction(
    _ backend: Backend
  ) throws {
    let wire = StorySource(
      storyID: "s1", fingerprint: 7, feedKey: feedKey, itemKey: "a0", feedName: "wire",
      title: "Troops to leave", link: "https://example.org/a0", seenAt: date(1_700_000_000))
    try withAlerts(backend, 1, stories: [wire]) { store throws in
      var sources: [StorySource] = []
      try store.composeDigest(sink: sink, due: date(1_700_000_010), now: date(1_700_000_010)) {
        _, alerts, lookUp in
        sources = try lookUp("s1")
        return ComposedSinkDigest(id: "d1", json: #"{"n":1}"#, alertCount: alerts.count)
      }
      #expect(sources == [wire])
      #expect(try store.digests(sink: sink).map(\.json) == [#"{"n":1}"#])
    }
  }

  @Test(arguments: Backend.all) func aDigestThatIsNotJSONIsRefusedAndItsAlertsWait(
    _ backend: Backend
  ) throws {
    try withAlerts(backend, 1) { store throws in
      expectStoreError(store) {
        try store.composeDigest(sink: sink, due: date(1_700_000_010), now: date(1_700_000_010)) {
          _, alerts, _ in ComposedSinkDigest(id: "d1", json: "not json", alertCount: alerts.count)
        }
      }
      #expect(try store.pending(sink: sink, now: date(1_800_000_000), limit: 10).count == 1)
      #expect(try store.digestThrough(sink: sink) == date(1_699_999_000))
    }
  }

  @Test(arguments: Backend.all) func aParkedDigestIsNeverOfferedAgain(_ backend: Backend) throws {
    try withAlerts(backend, 1) { store throws in
      let (stored, _) = try compose(store, due: 1_700_000_010)
      let digest = try #require(stored)
      try store.recordDigestFailure(
        sink: sink, id: digest.id, error: "HTTP 400", retryAt: .distantFuture)
      #expect(try store.pendingDigests(sink: sink, now: date(4_000_000_000)).isEmpty)
      #expect(try store.digests(sink: sink).map(\.lastError) == ["HTTP 400"])
    }
  }
}
