#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Seen items, and the commit that marks items seen together with their alerts.
extension Store {
  /// The keys among `keys` that have not been seen for `feedKey`.
  public func unseenKeys(feedKey: String, among keys: [String]) throws -> Set<String> {
    try withConnection { db in
      // One read snapshot for the whole batch.
      try db.readTransaction {
        var unseen = Set<String>()
        for key in keys where !unseen.contains(key) {
          let seen = try db.withStatement(
            "SELECT 1 FROM seen_item WHERE feed_key = ?1 AND item_key = ?2"
          ) { statement in
            try statement.bind(1, feedKey)
            try statement.bind(2, key)
            return try statement.step()
          }
          if !seen { unseen.insert(key) }
        }
        return unseen
      }
    }
  }

  /// How many of the feed's seen items were published (or, undated, first seen) at or after
  /// `since`: the feed's recent rate, from which its polling interval adapts.
  public func itemCount(feedKey: String, since: Date) throws -> Int {
    try withConnection { db in
      try db.withStatement(
        """
        SELECT count(*) FROM seen_item
        WHERE feed_key = ?1 AND coalesce(published, first_seen) >= ?2
        """
      ) { statement in
        try statement.bind(1, feedKey)
        try statement.bind(2, since)
        return try statement.step() ? statement.int(0) ?? 0 : 0
      }
    }
  }

  /// Reads a row selected as feed_key, item_key, key_version, title, link, published,
  /// first_seen, alerted.
  static func readSeenItem(_ row: SQLiteStatement) -> SeenItem {
    SeenItem(
      feedKey: row.string(0) ?? "", itemKey: row.string(1) ?? "", keyVersion: row.int(2) ?? 0,
      title: row.string(3), link: row.string(4), published: row.date(5),
      firstSeen: row.date(6) ?? Date(timeIntervalSince1970: 0), alerted: row.bool(7))
  }

  static func insertSeen(_ item: SeenItem, in db: SQLiteConnection) throws {
    try db.withStatement(
      """
      INSERT INTO seen_item
          (feed_key, item_key, key_version, title, link, published, first_seen, alerted)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
      ON CONFLICT (feed_key, item_key) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, item.feedKey)
      try statement.bind(2, item.itemKey)
      try statement.bind(3, item.keyVersion)
      try statement.bind(4, item.title)
      try statement.bind(5, item.link)
      try statement.bind(6, item.published)
      try statement.bind(7, item.firstSeen)
      try statement.bind(8, item.alerted)
      try statement.run()
    }
  }

  static func insertAlert(_ alert: OutboxAlert, in db: SQLiteConnection) throws {
    // ON CONFLICT (id) only: any other constraint (an invalid JSON line, an unknown
    // feed) must still fail the whole commit.
    try db.withStatement(
      """
      INSERT INTO outbox (id, created, rule, feed_key, json) VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (id) DO NOTHING
      """
    ) { statement in
      try statement.bind(1, alert.id)
      try statement.bind(2, alert.created)
      try statement.bind(3, alert.rule)
      try statement.bind(4, alert.feedKey)
      try statement.bind(5, alert.json)
      try statement.run()
    }
  }
}
