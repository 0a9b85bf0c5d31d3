/// Seen items found by their facets (`SeenFacets`), for an item whose key is new to its feed.
extension Store {
  /// For each of `probes` (the facets of a document's items whose keys are unseen), the feed's
  /// seen items with facets of the same version that share its guid, its link or its title and
  /// date. Whether they are the same item is the caller's to decide.
  public func seenItems(feedKey: String, sharingFacetsWith probes: [SeenFacets]) throws
    -> [[SeenItemFacets]]
  {
    guard !probes.isEmpty else { return [] }
    return try withReader { db in
      try db.readTransaction {
        // A feed with few seen items (none, on a first read) is answered by one range scan.
        if let all = try Self.itemsWithFacets(of: feedKey, upTo: 4 * probes.count + 16, in: db) {
          return probes.map { probe in all.filter { Self.shares(probe, $0.facets) } }
        }
        return try probes.map { try Self.items(of: feedKey, sharing: $0, in: db) }
      }
    }
  }

  private static func shares(_ probe: SeenFacets, _ stored: SeenFacets) -> Bool {
    guard probe.version == stored.version else { return false }
    return (probe.guid != nil && probe.guid == stored.guid)
      || (probe.link != nil && probe.link == stored.link)
      || (probe.titleDate != nil && probe.titleDate == stored.titleDate)
  }

  private static let facetColumns = "item_key, facet_version, guid, match_link, title_date"

  private static func readMatch(_ row: SQLiteStatement) -> SeenItemFacets {
    SeenItemFacets(
      itemKey: row.string(0) ?? "",
      facets: SeenFacets(
        version: row.int(1) ?? 0, guid: row.string(2), link: row.string(3),
        titleDate: row.string(4)))
  }

  /// The feed's seen items that have facets, if there are at most `limit` of them.
  private static func itemsWithFacets(
    of feedKey: String, upTo limit: Int, in db: SQLiteConnection
  ) throws -> [SeenItemFacets]? {
    try db.withStatement(
      """
      SELECT \(facetColumns) FROM seen_item
      WHERE feed_key = ?1 AND facet_version IS NOT NULL LIMIT ?2
      """
    ) { statement in
      try statement.bind(1, feedKey)
      try statement.bind(2, limit + 1)
      var items: [SeenItemFacets] = []
      while try statement.step() {
        guard items.count < limit else { return nil }
        items.append(readMatch(statement))
      }
      return items
    }
  }

  /// The first 64 seen items (by key) sharing a value with `probe`: one pass over the feed's
  /// rows, which the primary key keeps together.
  private static func items(of feedKey: String, sharing probe: SeenFacets, in db: SQLiteConnection)
    throws -> [SeenItemFacets]
  {
    try db.withStatement(
      """
      SELECT \(facetColumns) FROM seen_item
      WHERE feed_key = ?1 AND facet_version = ?5
        AND (guid = ?2 OR match_link = ?3 OR title_date = ?4)
      LIMIT 64
      """
    ) { statement in
      try statement.bind(1, feedKey)
      try statement.bind(2, probe.guid)
      try statement.bind(3, probe.link)
      try statement.bind(4, probe.titleDate)
      try statement.bind(5, probe.version)
      var items: [SeenItemFacets] = []
      while try statement.step() { items.append(readMatch(statement)) }
      return items
    }
  }
}
