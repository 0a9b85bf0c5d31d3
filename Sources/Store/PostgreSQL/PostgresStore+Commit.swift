import Dispatch
import PostgresClient
import Synchronization

/// A poll's results in one transaction, as in the SQLite store: an item is marked seen only
/// together with its alerts. Commits that wait while another transaction is written share the
/// next one; each still gets its own outcome.
extension PostgresStore {
  /// The advisory lock a commit that writes alerts or stories holds until it ends. Commits
  /// carrying alerts thus enter the outbox one at a time, so outbox order (`seq`, which sink
  /// cursors count on) is commit order across every node; and two nodes assigning items to
  /// one story are serialised. Commits without alerts never take it.
  static let outboxLock = 0x6677_6f75_7462_6f78  // "fwoutbox"

  public func commit(_ commit: FeedCommit) throws {
    let mine = WaitingCommit(commit)
    waiting.withLock { $0.commits.append(mine) }
    try queue.sync {
      // Unless a group written meanwhile took ours, write everything waiting, ours included.
      if mine.outcome == nil { writeWaitingCommits() }
      try mine.outcome!.get()
    }
  }

  /// Returns at once; the commit is written with whatever else is waiting when the writer's
  /// queue gets to it, and `completion` gets the outcome on another queue.
  public func commit(
    _ commit: FeedCommit, completion: @escaping @Sendable (Result<Void, any Error>) -> Void
  ) {
    waiting.withLock { $0.commits.append(WaitingCommit(commit, completion: completion)) }
    queue.async { self.writeWaitingCommits() }
  }

  /// On `queue`: writes every waiting commit in one transaction (each alone if that fails)
  /// and reports each outcome.
  func writeWaitingCommits() {
    dispatchPrecondition(condition: .onQueue(queue))
    WaitingCommit.writeAll(from: waiting, write)
  }

  private func write(_ group: [WaitingCommit]) {
    // As in the SQLite store: alerts are on disk before the poll goes on; a group without
    // them is not flushed on its own (a server crash then loses only states and items that
    // raised nothing, read again on the next poll).
    let mustSync = group.contains { $0.commit.mustSync }
    var lost: [String: LeaseLost] = [:]
    do {
      try withConnectionOnQueue { db in
        try db.transaction(synchronousCommit: mustSync) {
          if group.contains(where: \.commit.writesOutbox) {
            try db.query("SELECT pg_advisory_xact_lock($1)", [Self.outboxLock])
          }
          lost = try lostLeases(group, in: db)
          var commits = group.map(\.commit).filter { lost[$0.feed.key] == nil }
          for index in commits.indices {
            try Self.joinStoriesFoundedElsewhere(&commits[index], in: db)
          }
          try Self.insert(commits, in: db)
        }
      }
      lastGroupSynced = mustSync
      for waiting in group {
        waiting.outcome = lost[waiting.commit.feed.key].map { .failure($0) } ?? .success(())
      }
    } catch {
      guard group.count > 1 else {
        group.first?.outcome = .failure(error)
        return
      }
      // One bad commit must not fail the others: write each alone.
      for waiting in group { write([waiting]) }
    }
  }

  /// Inside the transaction: the commits (by feed key) whose host's lease this node no longer
  /// holds; the leases it holds stay locked until the transaction ends.
  private func lostLeases(_ group: [WaitingCommit], in db: PostgresConnection) throws
    -> [String: LeaseLost]
  {
    guard let leases else { return [:] }
    let hosts = group.map { FeedHost.of($0.commit.feed.key) }
    let held = try leases.held(hosts: Array(Set(hosts)), in: db)
    var lost: [String: LeaseLost] = [:]
    for (waiting, host) in zip(group, hosts) where !held.contains(host) {
      lost[waiting.commit.feed.key] = LeaseLost(host: host, node: leases.node)
    }
    return lost
  }

  /// A fixed number of statements whatever the commits' sizes: a feed upsert per commit,
  /// then each kind of row of every commit in one statement over array parameters (so a group
  /// of commits costs little more than one).
  static func insert(_ commits: [FeedCommit], in db: PostgresConnection) throws {
    // The feeds first: the rows below refer to them.
    for commit in commits { try upsertFeed(commit.feed, in: db) }
    try insertSeen(commits.flatMap { $0.seen + $0.rekeyed }, in: db)
    for commit in commits where !commit.facetsAdded.isEmpty {
      try db.query(
        """
        UPDATE seen_item s SET facet_version = u.version, guid = u.guid, match_link = u.link,
            title_date = u.title_date
        FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[])
            AS u(item_key, version, guid, link, title_date)
        WHERE s.feed_key = $1 AND s.item_key = u.item_key
        """,
        [
          commit.feed.key, commit.facetsAdded.map(\.itemKey),
          PostgresArray(commit.facetsAdded.map(\.facets.version)),
          PostgresArray(commit.facetsAdded.map(\.facets.guid)),
          PostgresArray(commit.facetsAdded.map(\.facets.link)),
          PostgresArray(commit.facetsAdded.map(\.facets.titleDate)),
        ])
    }
    try insertAlerts(commits.flatMap(\.alerts), in: db)
    try insertStorySources(commits.flatMap(\.stories), in: db)
    try insertFolded(commits.flatMap(\.folded), in: db)
    let listed = commits.filter { $0.feed.lastDocument != nil && !$0.stillListed.isEmpty }
    if !listed.isEmpty {
      let rows = listed.flatMap { commit in
        commit.stillListed.map { (commit.feed.key, $0, commit.feed.lastDocument!) }
      }
      try db.query(
        """
        UPDATE seen_item s SET last_seen = u.listed
        FROM unnest($1::text[], $2::text[], $3::float8[]) AS u(feed_key, item_key, listed)
        WHERE s.feed_key = u.feed_key AND s.item_key = u.item_key
        """, [rows.map(\.0), rows.map(\.1), PostgresArray(rows.map(\.2))])
    }
  }

  static func insertSeen(_ items: [SeenItem], in db: PostgresConnection) throws {
    guard !items.isEmpty else { return }
    try db.query(
      """
      INSERT INTO seen_item
          (feed_key, item_key, key_version, title, link, published, first_seen, alerted, last_seen,
           facet_version, guid, match_link, title_date)
      SELECT feed_key, item_key, key_version, title, link, published, first_seen, alerted,
          first_seen, facet_version, guid, match_link, title_date
      FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::float8[],
          $7::float8[], $8::boolean[], $9::int[], $10::text[], $11::text[], $12::text[])
          AS u(feed_key, item_key, key_version, title, link, published, first_seen, alerted,
               facet_version, guid, match_link, title_date)
      ON CONFLICT (feed_key, item_key) DO NOTHING
      """,
      [
        items.map(\.feedKey), items.map(\.itemKey), PostgresArray(items.map(\.keyVersion)),
        PostgresArray(items.map(\.title)), PostgresArray(items.map(\.link)),
        PostgresArray(items.map(\.published)), PostgresArray(items.map(\.firstSeen)),
        PostgresArray(items.map(\.alerted)), PostgresArray(items.map(\.facets?.version)),
        PostgresArray(items.map(\.facets?.guid)), PostgresArray(items.map(\.facets?.link)),
        PostgresArray(items.map(\.facets?.titleDate)),
      ])
  }

  /// In the order given, which is the order sinks deliver in. ON CONFLICT (id) only: any
  /// other constraint (an invalid JSON line, an unknown feed) must still fail the commit.
  static func insertAlerts(_ alerts: [OutboxAlert], in db: PostgresConnection) throws {
    guard !alerts.isEmpty else { return }
    try db.query(
      """
      INSERT INTO outbox (id, created, rule, feed_key, json)
      SELECT id, created, rule, feed_key, json
      FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::text[])
          WITH ORDINALITY AS u(id, created, rule, feed_key, json, n)
      ORDER BY n
      ON CONFLICT (id) DO NOTHING
      """,
      [
        alerts.map(\.id), PostgresArray(alerts.map(\.created)), alerts.map(\.rule),
        alerts.map(\.feedKey), alerts.map(\.json),
      ])
  }

  /// A story's first source founds it (its title and time); later ones join it.
  static func insertStorySources(_ sources: [StorySource], in db: PostgresConnection) throws {
    guard !sources.isEmpty else { return }
    let values: [(any PostgresBindable)?] = [
      sources.map(\.storyID),
      PostgresArray(sources.map { Int64(bitPattern: $0.fingerprint) }),
      sources.map(\.feedKey), sources.map(\.itemKey), sources.map(\.feedName),
      PostgresArray(sources.map(\.title)), PostgresArray(sources.map(\.link)),
      PostgresArray(sources.map(\.seenAt)),
    ]
    let source = """
      unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
          $7::text[], $8::float8[])
          WITH ORDINALITY AS u(story_id, fingerprint, feed_key, item_key, feed_name, title, link,
              seen_at, n)
      """
    try db.query(
      """
      INSERT INTO story (id, fingerprint, first_seen, title)
      SELECT story_id, fingerprint, seen_at, title FROM \(source) ORDER BY n
      ON CONFLICT (id) DO NOTHING
      """, values)
    try db.query(
      """
      INSERT INTO story_source (story_id, feed_key, item_key, feed_name, title, link, seen_at)
      SELECT story_id, feed_key, item_key, feed_name, title, link, seen_at FROM \(source)
      ORDER BY n
      ON CONFLICT (feed_key, item_key) DO NOTHING
      """, values)
  }

  static func insertFolded(_ folded: [FoldedAlert], in db: PostgresConnection) throws {
    guard !folded.isEmpty else { return }
    try db.query(
      """
      INSERT INTO folded_alert (rule, bucket, id, created, json)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::float8[], $5::text[])
      ON CONFLICT (rule, bucket, id) DO NOTHING
      """,
      [
        folded.map(\.rule), PostgresArray(folded.map(\.bucket)), folded.map(\.id),
        PostgresArray(folded.map(\.created)), folded.map(\.json),
      ])
  }
}

extension FeedCommit {
  /// Whether it writes the outbox or a story, and so must hold `PostgresStore.outboxLock`.
  var writesOutbox: Bool { !alerts.isEmpty || !stories.isEmpty }
}
