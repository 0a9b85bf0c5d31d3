import Foundation
import Store
import Testing

/// A measurement, not a timed assertion: prints how long 10,000 commits of one item and one
/// alert take (each a durable transaction with synchronous=FULL). Opt in with
/// FEEDWATCH_STORE_MEASURE=1 because it spends seconds in fsync.
@Suite struct CommitThroughputTests {
  @Test(
    .enabled(if: ProcessInfo.processInfo.environment["FEEDWATCH_STORE_MEASURE"] == "1"),
    arguments: Backend.all)
  func tenThousandCommits(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let feedKey = "https://example.org/feed.xml"
      var feed = FeedState(key: feedKey, name: "Example")
      let count = 10_000
      let start = ContinuousClock.now
      for index in 0..<count {
        feed.itemsSeen += 1
        feed.alertsRaised += 1
        try store.commit(
          feed: feed, seen: [seenItem(feedKey, "item-\(index)")],
          alerts: [outboxAlert("alert-\(index)", feed: feedKey)])
      }
      let commitTime = ContinuousClock.now - start
      let pendingStart = ContinuousClock.now
      let pending = try store.pending(sink: "jsonl:measure", now: Date(), limit: 100)
      let pendingTime = ContinuousClock.now - pendingStart
      print(
        "store (\(backend)): \(count) commits (1 item + 1 alert each) took \(commitTime),",
        "\(Int(Double(count) / commitTime.seconds)) commits/s; pending(limit 100) over",
        "\(count) undelivered alerts took \(pendingTime)")
      // The delivery loop of a sink: take 100, mark them delivered, until drained.
      let drainStart = ContinuousClock.now
      var delivered = 0
      while true {
        let batch = try store.pending(sink: "jsonl:measure", now: Date(), limit: 100)
        if batch.isEmpty { break }
        try store.markDelivered(sink: "jsonl:measure", ids: batch.map(\.alert.id), at: Date())
        delivered += batch.count
      }
      let drainTime = ContinuousClock.now - drainStart
      let lastStart = ContinuousClock.now
      let afterDrain = try store.pending(sink: "jsonl:measure", now: Date(), limit: 100)
      let lastTime = ContinuousClock.now - lastStart
      print(
        "store (\(backend)): draining \(delivered) alerts in batches of 100 (pending + markDelivered) took",
        "\(drainTime); pending with all \(count) delivered took \(lastTime)")
      #expect(pending.count == 100)
      #expect(delivered == count)
      #expect(afterDrain.isEmpty)
      #expect(try store.feedState(feedKey)?.itemsSeen == count)
      #expect(try store.alerts(since: nil, limit: count + 1).count == count)
    }
  }
}

extension Duration {
  var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) / 1e18
  }
}
