#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// One item's membership in a story: the first source founds the story.
public struct StorySource: Sendable, Equatable {
  public var storyID: String
  /// The story's fingerprint (the founding item's), used to match later copies.
  public var fingerprint: UInt64
  public var feedKey: String
  public var itemKey: String
  public var feedName: String
  public var title: String?
  public var link: String?
  public var seenAt: Date

  public init(
    storyID: String, fingerprint: UInt64, feedKey: String, itemKey: String, feedName: String,
    title: String?, link: String?, seenAt: Date
  ) {
    self.storyID = storyID
    self.fingerprint = fingerprint
    self.feedKey = feedKey
    self.itemKey = itemKey
    self.feedName = feedName
    self.title = title
    self.link = link
    self.seenAt = seenAt
  }
}

/// A story still inside the matching window, as the daemon's in-memory index needs it.
public struct RecentStory: Sendable, Equatable {
  public var id: String
  public var fingerprint: UInt64
  public var firstSeen: Date
  /// Names of the feeds that carried it, oldest first.
  public var sources: [String]
}

extension Store {
  /// Stories first seen at or after `since`, oldest first, with their sources' feed names.
  public func recentStories(since: Date) throws -> [RecentStory] {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT s.id, s.fingerprint, s.first_seen,
            (SELECT group_concat(feed_name, char(10)) FROM
                (SELECT feed_name FROM story_source WHERE story_id = s.id ORDER BY seen_at, feed_key))
        FROM story s
        WHERE s.first_seen >= ?1
        ORDER BY s.first_seen
        """
      ) { statement in
        try statement.bind(1, since)
        var stories: [RecentStory] = []
        while try statement.step() {
          stories.append(
            RecentStory(
              id: statement.string(0) ?? "",
              fingerprint: UInt64(bitPattern: Int64(statement.int(1) ?? 0)),
              firstSeen: statement.date(2) ?? since,
              sources: (statement.string(3) ?? "").split(separator: "\n").map(String.init)))
        }
        return stories
      }
    }
  }

  /// Every source of one story, oldest first.
  public func storySources(id: String) throws -> [StorySource] {
    try withConnection { db in try Self.storySources(id: id, in: db) }
  }

  static func storySources(id: String, in db: SQLiteConnection) throws -> [StorySource] {
    try db.withStatement(
      """
      SELECT ss.story_id, s.fingerprint, ss.feed_key, ss.item_key, ss.feed_name, ss.title, ss.link, ss.seen_at
      FROM story_source ss JOIN story s ON s.id = ss.story_id
      WHERE ss.story_id = ?1 ORDER BY ss.seen_at, ss.feed_key
      """
    ) { statement in
      try statement.bind(1, id)
      var sources: [StorySource] = []
      while try statement.step() {
        sources.append(
          StorySource(
            storyID: statement.string(0) ?? "",
            fingerprint: UInt64(bitPattern: Int64(statement.int(1) ?? 0)),
            feedKey: statement.string(2) ?? "", itemKey: statement.string(3) ?? "",
            feedName: statement.string(4) ?? "", title: statement.string(5),
            link: statement.string(6),
            seenAt: statement.date(7) ?? Date(timeIntervalSince1970: 0)))
      }
      return sources
    }
  }

  static func insertStorySource(_ source: StorySource, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO story (id, fingerprint, first_seen, title) VALUES (?1, ?2, ?3, ?4)
      ON CONFLICT (id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, source.storyID)
      try statement.bind(2, Int(Int64(bitPattern: source.fingerprint)))
      try statement.bind(3, source.seenAt)
      try statement.bind(4, source.title)
      try statement.run()
    }
    try db.withStatement(
      """
      INSERT INTO story_source (story_id, feed_key, item_key, feed_name, title, link, seen_at)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
      ON CONFLICT (feed_key, item_key) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, source.storyID)
      try statement.bind(2, source.feedKey)
      try statement.bind(3, source.itemKey)
      try statement.bind(4, source.feedName)
      try statement.bind(5, source.title)
      try statement.bind(6, source.link)
      try statement.bind(7, source.seenAt)
      try statement.run()
    }
  }
}

/// A story a poll founds: its item's alerts go out because no earlier item carried the story.
/// Several nodes each match stories in their own memory, so two of them may found the same
/// story at the same moment; the commit checks, one commit with alerts at a time, whether a
/// story of the same fingerprint was founded since `since`, and if so the item joins that
/// story and `alertIDs` (the alerts that go out only for a story's first source) are not
/// written. One node alone never finds one.
public struct FoundedStory: Sendable, Equatable {
  public var storyID: String
  public var fingerprint: UInt64
  /// The start of the story window.
  public var since: Date
  /// Fingerprints at most this many bits apart are one story (`StoryFingerprint.threshold`).
  public var maxDistance: Int
  public var alertIDs: [String]

  public init(
    storyID: String, fingerprint: UInt64, since: Date, maxDistance: Int, alertIDs: [String]
  ) {
    self.storyID = storyID
    self.fingerprint = fingerprint
    self.since = since
    self.maxDistance = maxDistance
    self.alertIDs = alertIDs
  }
}
