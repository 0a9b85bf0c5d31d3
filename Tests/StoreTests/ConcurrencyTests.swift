import Foundation
import Store
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
  @Test(arguments: Backend.all) func manyThreadsAtOnce(_ backend: Backend) throws {
    try withStore(backend) { store throws in
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

/// Two stores on one database behave like two processes (the daemon and `feedwatch status`,
/// or two nodes): readers run during commits (SQLite's WAL, PostgreSQL's snapshots), and the
/// writers queue (busy_timeout; row locks).
@Suite struct TwoConnectionTests {
  @Test(arguments: Backend.all) func aReaderAndTwoWritersOnOneDatabase(_ backend: Backend) throws {
    try withStoreLocation(backend) { location throws in
      let first = try location.open()
      let second = try location.open()
      let reader = try location.open()
      defer { for store in [first, second, reader] { store.close() } }
      let commits = 100
      let errors = Mutex<[String]>([])
      let group = DispatchGroup()
      for (name, store) in [("first", first), ("second", second)] {
        group.enter()
        Thread {
          defer { group.leave() }
          let feedKey = "https://\(name).example/"
          var feed = FeedState(key: feedKey, name: name)
          do {
            for index in 0..<commits {
              feed.itemsSeen += 1
              try store.commit(
                feed: feed, seen: [seenItem(feedKey, "\(index)")],
                alerts: [outboxAlert("\(name)-\(index)", feed: feedKey)])
            }
          } catch {
            errors.withLock { $0.append("\(name): \(error)") }
          }
        }.start()
      }
      group.enter()
      Thread {
        defer { group.leave() }
        do {
          for _ in 0..<commits {
            let states = try reader.allFeedStates()
            let alerts = try reader.alerts(since: nil, limit: 2 * commits)
            // Feeds are read before alerts: with atomic commits the counters never run ahead.
            let counted = states.reduce(0) { $0 + $1.itemsSeen }
            if counted > alerts.count {
              errors.withLock {
                $0.append("reader saw \(counted) items but \(alerts.count) alerts")
              }
            }
          }
        } catch {
          errors.withLock { $0.append("reader: \(error)") }
        }
      }.start()
      group.wait()
      #expect(errors.withLock { $0 } == [])
      #expect(try reader.alerts(since: nil, limit: 3 * commits).count == 2 * commits)
      #expect(try reader.allFeedStates().map(\.itemsSeen) == [commits, commits])
    }
  }
}
