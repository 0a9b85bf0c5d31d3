#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Seen items, and the commit that marks items seen together with their alerts.
extension Store {
  /// Which of `keys` are new for `feedKey`, which seen ones were last listed before
  /// `staleBefore`, and which seen ones lack facets of `facetVersion` (none asked when nil).
  public func lookUp(
    feedKey: String, among keys: [String], staleBefore: Date, facetVersion: Int?
  ) throws -> ItemLookup {
    try withReader { db in
      // One read snapshot for the whole batch.
      try db.readTransaction {
        let known = try Self.seenItems(of: feedKey, upTo: 4 * keys.count + 16, in: db)
        return try ItemLookup(
          keys: keys, staleBefore: staleBefore, facetVersion: facetVersion
        ) { key in
          if let known { known[key] } else { try Self.listing(feedKey, key, in: db) }
        }
      }
    }
  }

  /// Every seen item of the feed with what a lookup needs of it, in one range scan, if it has
  /// at most `limit` of them (nil otherwise). A feed has seen mostly the items it lists, and a
  /// feed read for the first time none: one scan then answers a whole document, where a query
  /// per item would seek the tree from its root for each.
  private static func seenItems(of feedKey: String, upTo limit: Int, in db: SQLiteConnection)
    throws -> [String: ItemLookup.Listing]?
  {
    try db.withStatement(
      """
      SELECT item_key, coalesce(last_seen, first_seen), facet_version FROM seen_item
      WHERE feed_key = ?1 LIMIT ?2
      """
    ) { statement in
      try statement.bind(1, feedKey)
      try statement.bind(2, limit + 1)
      var items: [String: ItemLookup.Listing] = [:]
      while try statement.step() {
        guard items.count < limit else { return nil }
        items[statement.string(0) ?? ""] = ItemLookup.Listing(
          lastListed: statement.date(1) ?? .distantPast, facetVersion: statement.int(2))
      }
      return items
    }
  }

  /// What a lookup needs of one seen item, nil if it was never seen.
  private static func listing(_ feedKey: String, _ itemKey: String, in db: SQLiteConnection)
    throws -> ItemLookup.Listing?
  {
    try db.withStatement(
      """
      SELECT coalesce(last_seen, first_seen), facet_version FROM seen_item
      WHERE feed_key = ?1 AND item_key = ?2
      """
    ) { statement in
      try statement.bind(1, feedKey)
      try statement.bind(2, itemKey)
      guard try statement.step() else { return nil }
      return ItemLookup.Listing(
        lastListed: statement.date(0) ?? .distantPast, facetVersion: statement.int(1))
    }
  }

  /// Forgets the seen items that have not been listed by their feed since `cutoff` and were
  /// missing from its last complete document (`listedRefresh` is how stale a listed item's
  /// mark may get before it is renewed). Items of a feed not read since are kept: a feed
  /// disabled for a while must not alert on its old items when it comes back.
  public func forgetItems(notListedSince cutoff: Date, listedRefresh: Double) throws -> Int {
    try withConnection { db in
      try db.transaction {
        try db.withStatement(
          """
          DELETE FROM seen_item
          WHERE coalesce(last_seen, first_seen) < ?1
            AND coalesce(last_seen, first_seen)
                < (SELECT feed.last_document - ?2 FROM feed WHERE feed.key = seen_item.feed_key)
          """
        ) { statement in
          try statement.bind(1, cutoff)
          try statement.bind(2, listedRefresh)
          try statement.run()
        }
        return try db.changes()
      }
    }
  }

  /// How many of the feed's seen items were published (or, undated, first seen) at or after
  /// `since`: the feed's recent rate, from which its polling interval adapts.
  public func itemCount(feedKey: String, since: Date) throws -> Int {
    try withReader { db in
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
  /// first_seen, alerted, last_seen (not read here), facet_version, guid, match_link,
  /// title_date.
  static func readSeenItem(_ row: SQLiteStatement) -> SeenItem {
    SeenItem(
      feedKey: row.string(0) ?? "", itemKey: row.string(1) ?? "", keyVersion: row.int(2) ?? 0,
      title: row.string(3), link: row.string(4), published: row.date(5),
      firstSeen: row.date(6) ?? Date(timeIntervalSince1970: 0), alerted: row.bool(7),
      facets: row.int(9).map {
        SeenFacets(
          version: $0, guid: row.string(10), link: row.string(11), titleDate: row.string(12))
      })
  }

  // The row writers take every row of a commit: one statement lookup (by its SQL text, hashed
  // in full) per commit, not per row, and each row bound, run and reset in turn.

  static func markListed(
    feedKey: String, itemKeys: [String], at date: Date, in db: SQLiteConnection
  ) throws {
    guard !itemKeys.isEmpty else { return }
    try db.withStatement(
      "UPDATE seen_item SET last_seen = ?3 WHERE feed_key = ?1 AND item_key = ?2"
    ) { statement in
      for itemKey in itemKeys {
        defer { statement.reset() }
        try statement.bind(1, feedKey)
        try statement.bind(2, itemKey)
        try statement.bind(3, date)
        try statement.run()
      }
    }
  }

  static func setFacets(
    feedKey: String, of items: [SeenItemFacets], in db: SQLiteConnection
  ) throws {
    guard !items.isEmpty else { return }
    try db.withStatement(
      """
      UPDATE seen_item SET facet_version = ?3, guid = ?4, match_link = ?5, title_date = ?6
      WHERE feed_key = ?1 AND item_key = ?2
      """
    ) { statement in
      for item in items {
        defer { statement.reset() }
        try statement.bind(1, feedKey)
        try statement.bind(2, item.itemKey)
        try statement.bind(3, item.facets.version)
        try statement.bind(4, item.facets.guid)
        try statement.bind(5, item.facets.link)
        try statement.bind(6, item.facets.titleDate)
        try statement.run()
      }
    }
  }

  /// Inserts `items`; an item already seen is left as it was.
  static func insertSeen(_ items: [SeenItem], in db: SQLiteConnection) throws {
    guard !items.isEmpty else { return }
    try db.withStatement(
      """
      INSERT INTO seen_item
          (feed_key, item_key, key_version, title, link, published, first_seen, alerted, last_seen,
           facet_version, guid, match_link, title_date)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?9, ?10, ?11, ?12)
      ON CONFLICT (feed_key, item_key) DO NOTHING
      """
    ) { statement in
      for item in items {
        defer { statement.reset() }
        try statement.bind(1, item.feedKey)
        try statement.bind(2, item.itemKey)
        try statement.bind(3, item.keyVersion)
        try statement.bind(4, item.title)
        try statement.bind(5, item.link)
        try statement.bind(6, item.published)
        try statement.bind(7, item.firstSeen)
        try statement.bind(8, item.alerted)
        try statement.bind(9, item.facets?.version)
        try statement.bind(10, item.facets?.guid)
        try statement.bind(11, item.facets?.link)
        try statement.bind(12, item.facets?.titleDate)
        try statement.run()
      }
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
