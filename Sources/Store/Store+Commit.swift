import Dispatch
import Metrics
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Everything one poll of one feed adds to the store, committed atomically.
public struct FeedCommit: Sendable {
  public var feed: FeedState
  public var seen: [SeenItem]
  public var alerts: [OutboxAlert]
  public var stories: [StorySource]
  /// Alerts a rule's hourly limit held back, for the hour's digest.
  public var folded: [FoldedAlert]
  /// Keys of seen items the document still lists, to mark listed at `feed.lastDocument`.
  public var stillListed: [String]
  /// Items seen before under another key (found by their facets), recorded under the key they
  /// have now so the next poll finds them by it. Not new: they raise nothing.
  public var rekeyed: [SeenItem] = []
  /// Seen items the document lists that lack facets of the current version (stored before
  /// facets were), given them so a later change of their key is recognised.
  public var facetsAdded: [SeenItemFacets] = []
  /// The stories this poll founds, so that a store shared by several nodes can check each
  /// against the stories the other nodes founded meanwhile.
  public var founded: [FoundedStory] = []

  public init(
    feed: FeedState, seen: [SeenItem] = [], alerts: [OutboxAlert] = [],
    stories: [StorySource] = [], folded: [FoldedAlert] = [], stillListed: [String] = []
  ) {
    self.stillListed = stillListed
    self.feed = feed
    self.seen = seen
    self.alerts = alerts
    self.stories = stories
    self.folded = folded
  }
}

extension FeedCommit {
  /// Whether it writes alerts (or their stories, or alerts held back), which must be on disk
  /// before the poll goes on. Feed states, listed marks and items seen without an alert need
  /// not be: losing them only means reading those items again.
  var mustSync: Bool {
    !alerts.isEmpty || !stories.isEmpty || !folded.isEmpty || seen.contains(where: \.alerted)
  }
}

/// The commits waiting for the next group transaction, and whether a write of them is already
/// scheduled on the store's queue.
struct CommitQueue {
  var commits: [WaitingCommit] = []
  var writeScheduled = false
}

/// A commit and, once written, its outcome. `outcome` is only touched on the store's queue.
final class WaitingCommit: @unchecked Sendable {
  let commit: FeedCommit
  /// For `commit(_:completion:)`: called once the outcome is known.
  let completion: (@Sendable (Result<Void, any Error>) -> Void)?
  var outcome: Result<Void, any Error>?

  init(_ commit: FeedCommit, completion: (@Sendable (Result<Void, any Error>) -> Void)? = nil) {
    self.commit = commit
    self.completion = completion
  }

  /// On the store's queue: takes every commit `waiting` holds, has `write` record each one's
  /// outcome (timed as the store's commit latency), then hands the outcomes to their
  /// completions off the queue (a completion may call the store again). Both stores drain
  /// their queue so; only `write` is theirs.
  static func writeAll(
    from waiting: borrowing Mutex<CommitQueue>, _ write: ([WaitingCommit]) -> Void
  ) {
    let group = waiting.withLock { waiting in
      defer { waiting = CommitQueue() }
      return waiting.commits
    }
    guard !group.isEmpty else { return }
    let started = ContinuousClock.now
    write(group)
    FeedwatchMetrics.shared.storeCommitDuration.observe((ContinuousClock.now - started).seconds)
    let completed = group.filter { $0.completion != nil }
    guard !completed.isEmpty else { return }
    DispatchQueue.global().async {
      for waiting in completed { waiting.completion!(waiting.outcome!) }
    }
  }
}

extension Store {
  /// How long a commit that need not be synced may wait for others to share its transaction,
  /// whose fixed costs (locks, the commit frame, the B-tree's interior pages written again) a
  /// group pays once.
  static let unsyncedLinger: Double = 0.1

  /// Saves the feed state, inserts the seen items (existing ones are left alone), the alerts
  /// (an id already in the outbox is ignored — alert ids are stable), the items' stories and
  /// the held-back alerts, all in one transaction. Throws and changes nothing on failure.
  ///
  /// This is what makes delivery exactly-once: an item is marked seen only together with
  /// its alerts, so a crash either loses both (the item is read again) or keeps both (the
  /// alerts wait in the outbox).
  ///
  /// A group commit: commits waiting when a transaction starts are written together in it.
  /// This one is written at once and returns when it is.
  public func commit(_ commit: FeedCommit) throws {
    let mine = WaitingCommit(commit)
    waiting.withLock { $0.commits.append(mine) }
    try withConnection { db in
      // Unless a group written meanwhile took ours, write everything waiting, ours included.
      if mine.outcome == nil { writeWaitingCommits(in: db) }
      try mine.outcome!.get()
    }
  }

  /// The same, without waiting: returns at once, and `completion` gets the outcome (on another
  /// queue) once the commit is written. A commit with alerts is written at once; one without
  /// may wait up to `unsyncedLinger` for others to join its transaction, until `largestGroup`
  /// are waiting. The poll threads that hand commits over go on parsing meanwhile.
  public func commit(
    _ commit: FeedCommit, completion: @escaping @Sendable (Result<Void, any Error>) -> Void
  ) {
    enum Write { case now, afterLinger, alreadyScheduled }
    let write = waiting.withLock { waiting -> Write in
      waiting.commits.append(WaitingCommit(commit, completion: completion))
      if commit.mustSync || waiting.commits.count >= largestGroup { return .now }
      if waiting.writeScheduled { return .alreadyScheduled }
      waiting.writeScheduled = true
      return .afterLinger
    }
    let writeWaiting: @Sendable () -> Void = {
      self.withConnectionOnQueue { self.writeWaitingCommits(in: $0) }
    }
    switch write {
    case .now: queue.async(execute: writeWaiting)
    case .afterLinger:
      queue.asyncAfter(deadline: .now() + Self.unsyncedLinger, execute: writeWaiting)
    case .alreadyScheduled: break
    }
  }

  /// On `queue`: writes every waiting commit in one transaction and reports each outcome (once
  /// the store is closed, each fails with that).
  func writeWaitingCommits(in db: SQLiteConnection) {
    WaitingCommit.writeAll(from: waiting) { write($0, in: db) }
  }

  private func write(_ group: [WaitingCommit], in db: SQLiteConnection) {
    // Alerts are synced to disk before the poll goes on (synchronous=FULL), with the items
    // that raised them. A group without alerts (304s, failures, items that raised none) is
    // not: lost on a power failure, it only means those feeds' previous state and their items
    // unseen again, and the next poll reads them again and finds the same — no alert, or the
    // backlog rule on a first fetch. A process crash loses nothing; the next synced commit
    // makes everything before it durable too.
    let mustSync = group.contains { $0.commit.mustSync }
    if mustSync != syncsEveryCommit {
      do {
        try db.execute("PRAGMA synchronous = \(mustSync ? "FULL" : "NORMAL")")
        syncsEveryCommit = mustSync
      } catch {
        // Left as it was: FULL is only slower, and NORMAL is fixed by the next synced group.
      }
    }
    do {
      try db.transaction {
        for waiting in group { try Self.insert(waiting.commit, in: db) }
      }
      for waiting in group { waiting.outcome = .success(()) }
    } catch {
      guard group.count > 1 else {
        group.first?.outcome = .failure(error)
        return
      }
      // One bad commit must not fail the others: write each alone.
      for waiting in group {
        do {
          try db.transaction { try Self.insert(waiting.commit, in: db) }
          waiting.outcome = .success(())
        } catch {
          waiting.outcome = .failure(error)
        }
      }
    }
  }

  private static func insert(_ commit: FeedCommit, in db: SQLiteConnection) throws {
    try upsertFeed(commit.feed, in: db)
    try insertSeen(commit.seen, in: db)
    try insertSeen(commit.rekeyed, in: db)
    try setFacets(feedKey: commit.feed.key, of: commit.facetsAdded, in: db)
    for alert in commit.alerts { try insertAlert(alert, in: db) }
    for source in commit.stories { try insertStorySource(source, in: db) }
    for alert in commit.folded { try insertFolded(alert, in: db) }
    if let listed = commit.feed.lastDocument {
      try markListed(feedKey: commit.feed.key, itemKeys: commit.stillListed, at: listed, in: db)
    }
  }
}
