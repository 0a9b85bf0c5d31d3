import Foundation
import Synchronization
import Testing

@testable import Store

/// Commits that wait while another transaction is written are written together; each caller
/// still gets its own outcome.
@Suite struct GroupCommitTests {
  /// Runs `body` on the store's writer queue, so that commits queue up behind it.
  func holdingWriter(_ store: any StateStore, _ body: () -> Void) {
    if let store = store as? Store {
      store.withConnection { _ in body() }
    } else if let store = store as? PostgresStore {
      store.queue.sync { body() }
    }
  }

  func waitingCommits(_ store: any StateStore) -> Int {
    if let store = store as? Store { return store.waiting.withLock { $0.commits.count } }
    if let store = store as? PostgresStore { return store.waiting.withLock { $0.commits.count } }
    return 0
  }

  @Test(arguments: Backend.all)
  func waitingCommitsAreWrittenTogetherAndABadOneFailsAlone(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let count = 20
      let badIndex = 7
      // Hold the store's queue so that every commit below queues up behind it.
      let holding = DispatchSemaphore(value: 0)
      let release = DispatchSemaphore(value: 0)
      Thread {
        holdingWriter(store) {
          holding.signal()
          release.wait()
        }
      }.start()
      holding.wait()

      let outcomes = Mutex<[Int: Bool]>([:])
      let group = DispatchGroup()
      for index in 0..<count {
        group.enter()
        Thread {
          defer { group.leave() }
          let key = "https://feed\(index).example/"
          let alert =
            index == badIndex
            ? OutboxAlert(id: "bad", created: date(0), rule: "r", feedKey: key, json: "not json")
            : outboxAlert("alert-\(index)", feed: key)
          let succeeded =
            (try? store.commit(
              feed: FeedState(key: key, name: "Feed \(index)"), seen: [seenItem(key, "a")],
              alerts: [alert])) != nil
          outcomes.withLock { $0[index] = succeeded }
        }.start()
      }
      // Every commit is waiting before the queue is released, so they form one group.
      while waitingCommits(store) < count { usleep(1000) }
      release.signal()
      group.wait()

      #expect(waitingCommits(store) == 0)
      let results = outcomes.withLock { $0 }
      for index in 0..<count {
        #expect(results[index] == (index != badIndex), "commit \(index)")
      }
      #expect(try store.alerts(since: nil, limit: 100).count == count - 1)
      #expect(try store.allFeedStates().count == count - 1)
      #expect(try store.feedState("https://feed\(badIndex).example/") == nil)
    }
  }

  /// A commit with alerts is synced to disk before it returns (SQLite: synchronous=FULL;
  /// PostgreSQL: synchronous_commit on); feed states and items that raised no alert are
  /// written without a sync of their own (NORMAL; synchronous_commit off).
  @Test(arguments: Backend.all) func onlyCommitsWithAlertsAreSynced(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      func syncs() -> Bool {
        if let store = store as? Store {
          return store.withConnection { _ in store.syncsEveryCommit }
        }
        let store = store as! PostgresStore
        return store.queue.sync { store.lastGroupSynced }
      }
      let key = "https://feed.example/"
      var quiet = seenItem(key, "quiet")
      quiet.alerted = false
      try store.commit(feed: FeedState(key: key, name: "Feed"), seen: [quiet], alerts: [])
      #expect(syncs() == false)
      try store.commit(
        feed: FeedState(key: key, name: "Feed"), seen: [seenItem(key, "loud")],
        alerts: [outboxAlert("alert-1", feed: key)])
      #expect(syncs() == true)
      try store.commit(feed: FeedState(key: key, name: "Feed"), seen: [], alerts: [])
      #expect(syncs() == false)
      #expect(try store.alerts(since: nil, limit: 10).map(\.id) == ["alert-1"])
    }
  }

  /// A commit handed over with a completion: the poll goes on at once, and the completion
  /// reports the outcome once the commit is written; what it wrote is then visible to the
  /// reads a poll makes. A bad commit in the same group fails alone.
  @Test(arguments: Backend.all) func handedOverCommitsCompleteOnceWritten(_ backend: Backend) throws
  {
    try withStore(backend) { store throws in
      let done = DispatchGroup()
      let outcomes = Mutex<[String: Bool]>([:])
      for name in ["quiet-1", "quiet-2", "bad", "loud"] {
        let key = "https://\(name).example/"
        var item = seenItem(key, "a")
        item.alerted = name == "loud"
        let alerts =
          name == "bad"
          ? [OutboxAlert(id: "bad", created: date(0), rule: "r", feedKey: key, json: "not json")]
          : name == "loud" ? [outboxAlert("alert-loud", feed: key)] : []
        done.enter()
        store.commit(
          FeedCommit(feed: FeedState(key: key, name: name), seen: [item], alerts: alerts)
        ) { outcome in
          outcomes.withLock { $0[name] = (try? outcome.get()) != nil }
          done.leave()
        }
      }
      #expect(done.wait(timeout: .now() + 30) == .success)
      #expect(
        outcomes.withLock { $0 } == ["quiet-1": true, "quiet-2": true, "bad": false, "loud": true])
      for name in ["quiet-1", "quiet-2", "loud"] {
        #expect(
          try store.unseenKeys(feedKey: "https://\(name).example/", among: ["a", "b"]) == ["b"])
      }
      #expect(try store.feedState("https://bad.example/") == nil)
      #expect(try store.alerts(since: nil, limit: 10).map(\.id) == ["alert-loud"])
    }
  }

  /// Closing the store writes the commits still waiting for their group: nothing handed over
  /// is lost at shutdown. A commit handed over after that fails, and says why.
  @Test(arguments: Backend.all) func closingWritesWaitingCommits(_ backend: Backend) throws {
    try withStoreLocation(backend) { location throws in
      let store = try location.open()
      let done = DispatchGroup()
      let succeeded = Mutex(0)
      for index in 0..<3 {
        let key = "https://feed\(index).example/"
        var item = seenItem(key, "a")
        item.alerted = false
        done.enter()
        store.commit(FeedCommit(feed: FeedState(key: key, name: "Feed"), seen: [item])) { outcome in
          if (try? outcome.get()) != nil { succeeded.withLock { $0 += 1 } }
          done.leave()
        }
      }
      store.close()
      #expect(done.wait(timeout: .now() + 30) == .success)
      #expect(succeeded.withLock { $0 } == 3)

      let late = Mutex<(any Error)?>(nil)
      done.enter()
      store.commit(FeedCommit(feed: FeedState(key: "https://late.example/", name: "Late"))) {
        outcome in
        if case .failure(let error) = outcome { late.withLock { $0 = error } }
        done.leave()
      }
      #expect(done.wait(timeout: .now() + 30) == .success)
      #expect("\(late.withLock { $0 }.map { "\($0)" } ?? "")".contains("closed"))

      let reopened = try location.open()
      defer { reopened.close() }
      #expect(try reopened.allFeedStates().count == 3)
      #expect(try reopened.unseenKeys(feedKey: "https://feed2.example/", among: ["a"]).isEmpty)
    }
  }
}
