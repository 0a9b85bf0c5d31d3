import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Stories and their sources, as in the SQLite store.
extension PostgresStore {
  public func recentStories(since: Date) throws -> [RecentStory] {
    try withConnection { db in
      let rows = try db.query(
        """
        SELECT s.id, s.fingerprint, s.first_seen,
            (SELECT string_agg(feed_name, chr(10) ORDER BY seen_at, feed_key COLLATE "C")
             FROM story_source WHERE story_id = s.id)
        FROM story s
        WHERE s.first_seen >= $1
        ORDER BY s.first_seen
        """, [since])
      return (0..<rows.count).map { row in
        RecentStory(
          id: rows.string(row, 0) ?? "",
          fingerprint: UInt64(bitPattern: Int64(rows.int(row, 1) ?? 0)),
          firstSeen: rows.date(row, 2) ?? since,
          sources: (rows.string(row, 3) ?? "").split(separator: "\n").map(String.init))
      }
    }
  }

  public func storySources(id: String) throws -> [StorySource] {
    try withConnection { db in try Self.storySources(id: id, in: db) }
  }

  static func storySources(id: String, in db: PostgresConnection) throws -> [StorySource] {
    let rows = try db.query(
      """
      SELECT ss.story_id, s.fingerprint, ss.feed_key, ss.item_key, ss.feed_name, ss.title,
          ss.link, ss.seen_at
      FROM story_source ss JOIN story s ON s.id = ss.story_id
      WHERE ss.story_id = $1 ORDER BY ss.seen_at, ss.feed_key COLLATE "C"
      """, [id])
    return (0..<rows.count).map { row in
      StorySource(
        storyID: rows.string(row, 0) ?? "",
        fingerprint: UInt64(bitPattern: Int64(rows.int(row, 1) ?? 0)),
        feedKey: rows.string(row, 2) ?? "", itemKey: rows.string(row, 3) ?? "",
        feedName: rows.string(row, 4) ?? "", title: rows.string(row, 5),
        link: rows.string(row, 6),
        seenAt: rows.date(row, 7) ?? Date(timeIntervalSince1970: 0))
    }
  }

  /// Inside a commit's transaction, under the outbox lock (so two commits never both found a
  /// story): each story `commit` founds that another node founded first becomes that story,
  /// and the alerts only a first source raises are dropped (see `FoundedStory`).
  static func joinStoriesFoundedElsewhere(_ commit: inout FeedCommit, in db: PostgresConnection)
    throws
  {
    for founded in commit.founded {
      let rows = try db.query(
        """
        SELECT id FROM story
        WHERE first_seen >= $1 AND id <> $2
          AND bit_count((fingerprint # $3::bigint)::bit(64)) <= $4
        ORDER BY first_seen, id LIMIT 1
        """,
        [
          founded.since, founded.storyID, Int64(bitPattern: founded.fingerprint),
          founded.maxDistance,
        ])
      guard let existing = rows.string(0, 0) else { continue }
      let dropped = Set(founded.alertIDs)
      commit.alerts.removeAll { dropped.contains($0.id) }
      commit.folded.removeAll { dropped.contains($0.id) }
      for index in commit.stories.indices where commit.stories[index].storyID == founded.storyID {
        commit.stories[index].storyID = existing
      }
    }
  }
}
