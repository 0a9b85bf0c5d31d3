import Foundation
import Store
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
  @Test func manyThreadsAtOnce() throws {
    try withStore { store, _ throws in
      let threads = 16
      let perThread = 25
      let errors = Mutex<[String]>([])
      let group = DispatchGroup()
      for thread in 0..<threads {
        group.enter()
        let worker = Thread {
          defer { group.leave() }
          let feedKey = "https://feed\(thread % 4).example/"
          do {
            for index in 0..<perThread {
              let itemKey = "t\(thread)-i\(index)"
              let keys = try store.unseenKeys(feedKey: feedKey, among: [itemKey])
              var feed = try store.feedState(feedKey) ?? FeedState(key: feedKey, name: "Feed")
              feed.lastAttempt = Date()
              try store.commit(
                feed: feed, seen: keys.map { seenItem(feedKey, $0) },
                alerts: [outboxAlert("alert-\(itemKey)", feed: feedKey)])
              let pending = try store.pending(sink: "sink\(thread % 2)", now: Date(), limit: 5)
              try store.markDelivered(
                sink: "sink\(thread % 2)", ids: pending.map(\.alert.id), at: Date())
              _ = try store.deliveryStats(sink: "sink\(thread % 2)")
              _ = try store.allFeedStates()
            }
          } catch {
            errors.withLock { $0.append("\(error)") }
          }
        }
        worker.start()
      }
      group.wait()
      #expect(errors.withLock { $0 } == [])
      let total = threads * perThread
      #expect(try store.alerts(since: nil, limit: total + 10).count == total)
      #expect(try store.allFeedStates().count == 4)
      let sink0 = try store.deliveryStats(sink: "sink0")
      #expect(sink0.delivered + sink0.pending == total)
      #expect(try store.check() == [])
    }
  }
}
