import PostgresClient

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Seen items: a document's keys are looked up in one query, whatever its length.
extension PostgresStore {
  public func lookUp(
    feedKey: String, among keys: [String], staleBefore: Date, facetVersion: Int?
  ) throws -> ItemLookup {
    let asked = Array(Set(keys))
    guard !asked.isEmpty else { return ItemLookup(unseen: [], stale: [], lackingFacets: []) }
    let rows = try withReader { db in
      try db.query(
        """
        SELECT item_key, coalesce(last_seen, first_seen), facet_version FROM seen_item
        WHERE feed_key = $1 AND item_key = ANY($2::text[])
        """, [feedKey, asked])
    }
    var known: [String: ItemLookup.Listing] = [:]
    for row in 0..<rows.count {
      known[rows.string(row, 0) ?? ""] = ItemLookup.Listing(
        lastListed: rows.date(row, 1) ?? .distantPast, facetVersion: rows.int(row, 2))
    }
    // In the order asked, as the SQLite store answers.
    return ItemLookup(keys: keys, staleBefore: staleBefore, facetVersion: facetVersion) {
      known[$0]
    }
  }

  public func seenItems(feedKey: String, sharingFacetsWith probes: [SeenFacets]) throws
    -> [[SeenItemFacets]]
  {
    guard !probes.isEmpty else { return [] }
    // Each probe's matches, by its position; the OR is split so each value uses its index.
    let rows = try withReader { db in
      try db.query(
        """
        WITH probe AS (
            SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])
                WITH ORDINALITY AS p(version, guid, link, title_date, n))
        SELECT p.n, s.item_key, s.facet_version, s.guid, s.match_link, s.title_date
        FROM probe p JOIN seen_item s ON s.feed_key = $1 AND s.facet_version = p.version
            AND s.guid = p.guid
        UNION
        SELECT p.n, s.item_key, s.facet_version, s.guid, s.match_link, s.title_date
        FROM probe p JOIN seen_item s ON s.feed_key = $1 AND s.facet_version = p.version
            AND s.match_link = p.link
        UNION
        SELECT p.n, s.item_key, s.facet_version, s.guid, s.match_link, s.title_date
        FROM probe p JOIN seen_item s ON s.feed_key = $1 AND s.facet_version = p.version
            AND s.title_date = p.title_date
        ORDER BY 1, 2
        """,
        [
          feedKey, PostgresArray(probes.map(\.version)), PostgresArray(probes.map(\.guid)),
          PostgresArray(probes.map(\.link)), PostgresArray(probes.map(\.titleDate)),
        ])
    }
    var found = Array(repeating: [SeenItemFacets](), count: probes.count)
    for row in 0..<rows.count {
      guard let position = rows.int(row, 0), position >= 1, position <= probes.count else {
        continue
      }
      found[position - 1].append(
        SeenItemFacets(
          itemKey: rows.string(row, 1) ?? "",
          facets: SeenFacets(
            version: rows.int(row, 2) ?? 0, guid: rows.string(row, 3), link: rows.string(row, 4),
            titleDate: rows.string(row, 5))))
    }
    return found
  }

  public func itemCount(feedKey: String, since: Date) throws -> Int {
    try withReader { db in
      try db.query(
        """
        SELECT count(*) FROM seen_item
        WHERE feed_key = $1 AND coalesce(published, first_seen) >= $2
        """, [feedKey, since]
      ).int(0, 0) ?? 0
    }
  }

  public func forgetItems(notListedSince cutoff: Date, listedRefresh: Double) throws -> Int {
    try withConnection { db in
      try db.query(
        """
        DELETE FROM seen_item s USING feed f
        WHERE f.key = s.feed_key
          AND coalesce(s.last_seen, s.first_seen) < $1
          AND coalesce(s.last_seen, s.first_seen) < f.last_document - $2
        """, [cutoff, listedRefresh]
      ).affected
    }
  }
}
