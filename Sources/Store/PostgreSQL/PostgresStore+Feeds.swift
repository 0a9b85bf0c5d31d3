import PostgresClient

/// Feed state: one row per configured feed, keyed by the URL as configured, with the host
/// whose lease covers it.
extension PostgresStore {
  static let feedColumns = Store.feedColumns

  // The host's lease row is made with the feed, in the same statement; the host is the last
  // parameter, after the feed's columns.
  static let upsertFeedSQL: String = {
    let host = "$\(Store.feedColumnNames.count + 1)"
    let values = Store.feedColumnNames.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
    return """
      WITH lease AS (INSERT INTO feed_host (host) VALUES (\(host)) ON CONFLICT (host) DO NOTHING)
      INSERT INTO feed (\(feedColumns), host)
      VALUES (\(values), \(host))
      ON CONFLICT (key) DO UPDATE SET \(Store.feedColumnUpdates), host = excluded.host
      """
  }()

  public func feedState(_ key: String) throws -> FeedState? {
    try withConnection { db in try Self.feedState(key, in: db) }
  }

  static func feedState(_ key: String, in db: PostgresConnection, lock: Bool = false) throws
    -> FeedState?
  {
    let rows = try db.query(
      "SELECT \(feedColumns) FROM feed WHERE key = $1" + (lock ? " FOR UPDATE" : ""), [key])
    return rows.isEmpty ? nil : readFeedState(rows, 0)
  }

  /// On the reader's session, so a claim never waits behind a commit.
  public func feedStates(_ keys: [String]) throws -> [String: FeedState] {
    try withReader { db in
      let rows = try db.query(
        "SELECT \(Self.feedColumns) FROM feed WHERE key = ANY($1::text[])", [keys])
      return Dictionary(
        (0..<rows.count).map { Self.readFeedState(rows, $0) }.map { ($0.key, $0) },
        uniquingKeysWith: { first, _ in first })
    }
  }

  public func allFeedStates() throws -> [FeedState] {
    try withConnection { db in
      let rows = try db.query("SELECT \(Self.feedColumns) FROM feed ORDER BY key COLLATE \"C\"")
      return (0..<rows.count).map { Self.readFeedState(rows, $0) }
    }
  }

  public func saveFeedState(_ state: FeedState) throws {
    try withConnection { db in try Self.upsertFeed(state, in: db) }
  }

  static func upsertFeed(_ state: FeedState, in db: PostgresConnection) throws {
    let values: [(any PostgresBindable)?] = [
      state.key, state.name, state.currentURL, state.etag, state.lastModified,
      state.status.rawValue, state.lastError, state.lastHTTPStatus, state.consecutiveFailures,
      state.failingSince, state.lastAttempt, state.lastSuccess, state.nextDue, state.holdUntil,
      state.firstFetchDone, state.itemsSeen, state.alertsRaised, state.bytesFetched,
      state.interval, state.publisherInterval,
      state.skipHours.map(String.init).joined(separator: ","), state.healthAlerted,
      state.lastDocument, state.articlesFetched, state.articlesFailed, state.articlesBlocked,
      FeedHost.of(state.key),
    ]
    try db.query(upsertFeedSQL, values)
  }

  /// Reads row `row` of a result selected with `feedColumns`, in that order.
  static func readFeedState(_ rows: PostgresRows, _ row: Int) -> FeedState {
    var state = FeedState(key: rows.string(row, 0) ?? "", name: rows.string(row, 1) ?? "")
    state.currentURL = rows.string(row, 2)
    state.etag = rows.string(row, 3)
    state.lastModified = rows.string(row, 4)
    state.status = rows.string(row, 5).flatMap(FeedStatus.init(rawValue:)) ?? .new
    state.lastError = rows.string(row, 6)
    state.lastHTTPStatus = rows.int(row, 7)
    state.consecutiveFailures = rows.int(row, 8) ?? 0
    state.failingSince = rows.date(row, 9)
    state.lastAttempt = rows.date(row, 10)
    state.lastSuccess = rows.date(row, 11)
    state.nextDue = rows.date(row, 12)
    state.holdUntil = rows.date(row, 13)
    state.firstFetchDone = rows.bool(row, 14)
    state.itemsSeen = rows.int(row, 15) ?? 0
    state.alertsRaised = rows.int(row, 16) ?? 0
    state.bytesFetched = rows.int(row, 17) ?? 0
    state.interval = rows.double(row, 18)
    state.publisherInterval = rows.double(row, 19)
    state.skipHours = (rows.string(row, 20) ?? "").split(separator: ",").compactMap { Int($0) }
    state.healthAlerted = rows.bool(row, 21)
    state.lastDocument = rows.date(row, 22)
    state.articlesFetched = rows.int(row, 23) ?? 0
    state.articlesFailed = rows.int(row, 24) ?? 0
    state.articlesBlocked = rows.int(row, 25) ?? 0
    return state
  }

  public func resetFeed(key: String, forgetItems: Bool) throws -> Bool {
    try withConnection { db in
      try db.transaction {
        guard let old = try Self.feedState(key, in: db, lock: true) else { return false }
        try Self.upsertFeed(old.reset(forgettingItems: forgetItems), in: db)
        if forgetItems { try db.query("DELETE FROM seen_item WHERE feed_key = $1", [key]) }
        return true
      }
    }
  }
}
