import CSQLite

/// The database schema, versioned with `PRAGMA user_version`. Every change is a new entry
/// appended to `migrations` (never edit a shipped one): entry N brings a database from
/// version N to N+1, inside the same transaction that bumps user_version.
/// `Store.salvage(from:)` reads the tables by name: keep it in step with new columns.
enum Schema {
  static let migrations: [String] = [
    // 0 → 1: feeds, seen items, the alert outbox and per-sink delivery.
    """
    CREATE TABLE feed (
        key TEXT PRIMARY KEY NOT NULL,          -- the URL as configured; never rewritten
        name TEXT NOT NULL,
        current_url TEXT,                       -- where a permanent redirect moved it
        etag TEXT,
        last_modified TEXT,
        status TEXT NOT NULL,
        last_error TEXT,
        last_http_status INTEGER,
        consecutive_failures INTEGER NOT NULL CHECK (consecutive_failures >= 0),
        failing_since REAL,                     -- dates: seconds since 1970
        last_attempt REAL,
        last_success REAL,
        next_due REAL,
        hold_until REAL,
        first_fetch_done INTEGER NOT NULL,
        items_seen INTEGER NOT NULL CHECK (items_seen >= 0),
        alerts_raised INTEGER NOT NULL CHECK (alerts_raised >= 0),
        bytes_fetched INTEGER NOT NULL CHECK (bytes_fetched >= 0),
        interval REAL
    ) STRICT;

    CREATE TABLE seen_item (
        feed_key TEXT NOT NULL REFERENCES feed(key) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        key_version INTEGER NOT NULL,           -- which item-identity function made item_key
        title TEXT,
        link TEXT,
        published REAL,
        first_seen REAL NOT NULL,
        alerted INTEGER NOT NULL,
        PRIMARY KEY (feed_key, item_key)
    ) STRICT, WITHOUT ROWID;

    -- seq is the insertion order, which is the order sinks deliver in. Outbox rows are
    -- never deleted, so a seq is never reused (sink_cursor relies on that).
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        created REAL NOT NULL,
        rule TEXT NOT NULL,
        feed_key TEXT NOT NULL REFERENCES feed(key),
        -- One line of the JSONL log: valid JSON with no raw newline.
        json TEXT NOT NULL CHECK (json_valid(json) AND instr(json, char(10)) = 0)
    ) STRICT;
    CREATE INDEX outbox_created ON outbox(created);

    -- One row per (sink, alert) once the sink has delivered it or failed to.
    -- No row means the sink has not tried yet.
    CREATE TABLE delivery (
        sink TEXT NOT NULL,
        alert_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
        delivered_at REAL,                      -- NULL until delivered
        attempts INTEGER NOT NULL,              -- failed attempts
        last_error TEXT,
        retry_at REAL,                          -- not offered again before this time
        PRIMARY KEY (sink, alert_id)
    ) STRICT, WITHOUT ROWID;
    """,
    // 1 → 2: a per-sink cursor, so finding what a sink has still to deliver does not
    // rescan the whole delivered history. No row means 0.
    """
    CREATE TABLE sink_cursor (
        sink TEXT PRIMARY KEY NOT NULL,
        delivered_through INTEGER NOT NULL   -- every outbox seq <= this is delivered to the sink
    ) STRICT;
    """,
    // 2 → 3: stories — the same news carried by several feeds. The first item of a story
    // alerts; later copies are recorded as its sources.
    """
    CREATE TABLE story (
        id TEXT PRIMARY KEY NOT NULL,
        fingerprint INTEGER NOT NULL,           -- a 64-bit near-duplicate fingerprint, as its bit pattern
        first_seen REAL NOT NULL,
        title TEXT
    ) STRICT;
    CREATE INDEX story_first_seen ON story(first_seen);

    CREATE TABLE story_source (
        story_id TEXT NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        feed_key TEXT NOT NULL,
        item_key TEXT NOT NULL,
        feed_name TEXT NOT NULL,
        title TEXT,
        link TEXT,
        seen_at REAL NOT NULL,
        PRIMARY KEY (feed_key, item_key)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX story_source_story ON story_source(story_id);
    """,
    // 3 → 4: alerts held back by a rule's rate limit, until the hour's digest lists them.
    """
    CREATE TABLE folded_alert (
        rule TEXT NOT NULL,
        bucket INTEGER NOT NULL,                -- the hour: seconds since 1970 / 3600
        id TEXT NOT NULL,
        created REAL NOT NULL,
        json TEXT NOT NULL CHECK (json_valid(json)),
        PRIMARY KEY (rule, bucket, id)
    ) STRICT, WITHOUT ROWID;
    """,
    // 4 → 5: what the publisher says about polling, feed-health alerting, and when items were
    // last listed by their feed (so items long gone from it can be forgotten).
    """
    ALTER TABLE seen_item ADD COLUMN last_seen REAL;        -- NULL: as first_seen
    ALTER TABLE feed ADD COLUMN last_document REAL;         -- the last complete document read
    ALTER TABLE feed ADD COLUMN publisher_interval REAL;
    ALTER TABLE feed ADD COLUMN skip_hours TEXT NOT NULL DEFAULT '';  -- hours, comma-separated
    ALTER TABLE feed ADD COLUMN health_alerted INTEGER NOT NULL DEFAULT 0;
    """,
    // 5 → 6: what else a seen item is recognised by, so an item whose key changed with the
    // feed (a guid added, a link moved to https) is not new. NULL version: stored before.
    """
    ALTER TABLE seen_item ADD COLUMN facet_version INTEGER;
    ALTER TABLE seen_item ADD COLUMN guid TEXT;
    ALTER TABLE seen_item ADD COLUMN match_link TEXT;
    ALTER TABLE seen_item ADD COLUMN title_date TEXT;       -- digest of title and published date
    CREATE INDEX seen_item_guid ON seen_item(feed_key, guid) WHERE guid IS NOT NULL;
    CREATE INDEX seen_item_link ON seen_item(feed_key, match_link) WHERE match_link IS NOT NULL;
    CREATE INDEX seen_item_title_date ON seen_item(feed_key, title_date)
        WHERE title_date IS NOT NULL;
    """,
    // 6 → 7: article pages read for a feed's items, failed and blocked.
    """
    ALTER TABLE feed ADD COLUMN articles_fetched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feed ADD COLUMN articles_failed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feed ADD COLUMN articles_blocked INTEGER NOT NULL DEFAULT 0;
    """,
    // 7 → 8: sinks' digests. An alert due to a digest stays pending for its sink until the
    // digest that lists it is composed; composing inserts the digest and marks its alerts
    // delivered to the sink in one transaction, so each alert is in exactly one digest.
    """
    CREATE TABLE sink_digest (
        sink TEXT NOT NULL,
        id TEXT NOT NULL,                       -- stable for (sink, due)
        due REAL NOT NULL,                      -- when it fell due
        created REAL NOT NULL,
        alert_count INTEGER NOT NULL CHECK (alert_count > 0),
        json TEXT NOT NULL CHECK (json_valid(json) AND instr(json, char(10)) = 0),
        delivered_at REAL,                      -- NULL until delivered
        attempts INTEGER NOT NULL DEFAULT 0,    -- failed attempts
        last_error TEXT,
        retry_at REAL,                          -- not offered again before this time
        PRIMARY KEY (sink, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sink_digest_undelivered ON sink_digest(sink, due) WHERE delivered_at IS NULL;

    -- The last time each digest sink's digest fell due (composed, or found empty).
    CREATE TABLE sink_digest_schedule (
        sink TEXT PRIMARY KEY NOT NULL,
        through REAL NOT NULL
    ) STRICT;
    """,
    // 8 → 9: sinks are named by an id holding no secret (`SinkID`: type and a digest of the
    // address) instead of their address, which can carry a token or a password. The records
    // keep their state, so nothing is sent again; an old webhook error loses its URL.
    """
    UPDATE delivery SET last_error = replace(last_error, substr(sink, 9), '[address]')
        WHERE sink GLOB 'webhook:*' AND last_error IS NOT NULL;
    UPDATE delivery SET sink = feedwatch_sink_id(sink);
    UPDATE sink_cursor SET sink = feedwatch_sink_id(sink);
    UPDATE sink_digest SET last_error = replace(last_error, substr(sink, 9), '[address]')
        WHERE sink GLOB 'webhook:*' AND last_error IS NOT NULL;
    UPDATE sink_digest SET sink = feedwatch_sink_id(sink);
    UPDATE sink_digest_schedule SET sink = feedwatch_sink_id(sink);
    """,
    // 9 → 10: the facet columns are no longer indexed. Without statistics (the daemon never
    // runs ANALYZE) SQLite answered facet lookups through the primary key's range of the feed
    // anyway, while each of the three indexes cost every new item another B-tree write.
    """
    DROP INDEX seen_item_guid;
    DROP INDEX seen_item_link;
    DROP INDEX seen_item_title_date;
    """,
  ]

  static var currentVersion: Int { migrations.count }

  /// Brings the database to `currentVersion`, all in one transaction.
  static func migrate(_ db: SQLiteConnection) throws {
    // Up to date: no write lock, so `feedwatch status` opening the store never waits for
    // the daemon's commits.
    if try userVersion(db) == currentVersion { return }
    // Otherwise read the version again under the write lock: another process may have
    // migrated in between.
    try SinkID.registerSQLFunction(on: db)
    try db.transaction {
      let version = try userVersion(db)
      if version > currentVersion {
        throw StoreError(
          path: db.path,
          message:
            "schema version \(version) is newer than this feedwatch knows (\(currentVersion))",
          code: SQLITE_ERROR,
          fix: "Upgrade feedwatch, or point it at another state directory.")
      }
      for index in version..<currentVersion {
        try db.execute(migrations[index])
      }
      if version < currentVersion {
        try db.execute("PRAGMA user_version = \(currentVersion)")
      }
    }
  }

  static func userVersion(_ db: SQLiteConnection) throws -> Int {
    let version = try db.withStatement("PRAGMA user_version") { statement in
      try statement.step() ? statement.int(0) : nil
    }
    guard let version else {
      throw StoreError(path: db.path, message: "cannot read the schema version", code: SQLITE_ERROR)
    }
    return version
  }
}
