/// Feed state: one row per configured feed, keyed by the URL as configured.
extension Store {
  /// A feed row's columns, in the order `feedState(row:)` reads them; the key first.
  static let feedColumnNames = [
    "key", "name", "current_url", "etag", "last_modified", "status", "last_error",
    "last_http_status", "consecutive_failures", "failing_since", "last_attempt", "last_success",
    "next_due", "hold_until", "first_fetch_done", "items_seen", "alerts_raised", "bytes_fetched",
    "interval", "publisher_interval", "skip_hours", "health_alerted", "last_document",
    "articles_fetched", "articles_failed", "articles_blocked",
  ]
  static let feedColumns = feedColumnNames.joined(separator: ", ")
  /// What an upsert of a feed row sets when the row exists: every column but the key.
  static let feedColumnUpdates = feedColumnNames.dropFirst()
    .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

  // An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, and the delete
  // would cascade to the feed's seen items.
  static let upsertFeedSQL = """
    INSERT INTO feed (\(feedColumns))
    VALUES (\(feedColumnNames.indices.map { "?\($0 + 1)" }.joined(separator: ", ")))
    ON CONFLICT (key) DO UPDATE SET \(feedColumnUpdates)
    """

  public func feedState(_ key: String) throws -> FeedState? {
    try withConnection { db in try Self.feedState(key, in: db) }
  }

  static func feedState(_ key: String, in db: SQLiteConnection) throws -> FeedState? {
    try db.withStatement("SELECT \(feedColumns) FROM feed WHERE key = ?1") { statement in
      try statement.bind(1, key)
      return try statement.step() ? readFeedState(statement) : nil
    }
  }

  /// Every stored feed, ordered by key.
  public func allFeedStates() throws -> [FeedState] {
    try withConnection { db in
      try db.withStatement("SELECT \(Self.feedColumns) FROM feed ORDER BY key") { statement in
        var states: [FeedState] = []
        while try statement.step() { states.append(Self.readFeedState(statement)) }
        return states
      }
    }
  }

  /// Inserts or replaces the state stored under `state.key` (its seen items stay).
  public func saveFeedState(_ state: FeedState) throws {
    try withConnection { db in
      try Self.upsertFeed(state, in: db)
    }
  }

  static func upsertFeed(_ state: FeedState, in db: SQLiteConnection) throws {
    try db.withStatement(upsertFeedSQL) { statement in
      try statement.bind(1, state.key)
      try statement.bind(2, state.name)
      try statement.bind(3, state.currentURL)
      try statement.bind(4, state.etag)
      try statement.bind(5, state.lastModified)
      try statement.bind(6, state.status.rawValue)
      try statement.bind(7, state.lastError)
      try statement.bind(8, state.lastHTTPStatus)
      try statement.bind(9, state.consecutiveFailures)
      try statement.bind(10, state.failingSince)
      try statement.bind(11, state.lastAttempt)
      try statement.bind(12, state.lastSuccess)
      try statement.bind(13, state.nextDue)
      try statement.bind(14, state.holdUntil)
      try statement.bind(15, state.firstFetchDone)
      try statement.bind(16, state.itemsSeen)
      try statement.bind(17, state.alertsRaised)
      try statement.bind(18, state.bytesFetched)
      try statement.bind(19, state.interval)
      try statement.bind(20, state.publisherInterval)
      try statement.bind(21, state.skipHours.map(String.init).joined(separator: ","))
      try statement.bind(22, state.healthAlerted)
      try statement.bind(23, state.lastDocument)
      try statement.bind(24, state.articlesFetched)
      try statement.bind(25, state.articlesFailed)
      try statement.bind(26, state.articlesBlocked)
      try statement.run()
    }
  }

  /// Reads a row selected with `feedColumns`, in that order.
  static func readFeedState(_ row: SQLiteStatement) -> FeedState {
    var state = FeedState(key: row.string(0) ?? "", name: row.string(1) ?? "")
    state.currentURL = row.string(2)
    state.etag = row.string(3)
    state.lastModified = row.string(4)
    state.status = row.string(5).flatMap(FeedStatus.init(rawValue:)) ?? .new
    state.lastError = row.string(6)
    state.lastHTTPStatus = row.int(7)
    state.consecutiveFailures = row.int(8) ?? 0
    state.failingSince = row.date(9)
    state.lastAttempt = row.date(10)
    state.lastSuccess = row.date(11)
    state.nextDue = row.date(12)
    state.holdUntil = row.date(13)
    state.firstFetchDone = row.bool(14)
    state.itemsSeen = row.int(15) ?? 0
    state.alertsRaised = row.int(16) ?? 0
    state.bytesFetched = row.int(17) ?? 0
    state.interval = row.double(18)
    state.publisherInterval = row.double(19)
    state.skipHours = (row.string(20) ?? "").split(separator: ",").compactMap { Int($0) }
    state.healthAlerted = row.bool(21)
    state.lastDocument = row.date(22)
    state.articlesFetched = row.int(23) ?? 0
    state.articlesFailed = row.int(24) ?? 0
    state.articlesBlocked = row.int(25) ?? 0
    return state
  }
}

extension Store {
  /// Clears a feed's health and schedule (a gone or failing feed is polled again at once),
  /// keeping its counters and, unless `forgetItems`, its seen items, so nothing alerts twice.
  /// With `forgetItems` the feed starts over as if never fetched (its backlog window applies
  /// again). Returns false when the store has no such feed.
  public func resetFeed(key: String, forgetItems: Bool) throws -> Bool {
    try withConnection { db in
      try db.transaction {
        guard let old = try Self.feedState(key, in: db) else { return false }
        try Self.upsertFeed(old.reset(forgettingItems: forgetItems), in: db)
        if forgetItems {
          try db.withStatement("DELETE FROM seen_item WHERE feed_key = ?1") { statement in
            try statement.bind(1, key)
            try statement.run()
          }
        }
        return true
      }
    }
  }
}
