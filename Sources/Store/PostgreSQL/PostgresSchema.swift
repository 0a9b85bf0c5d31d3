public import PostgresClient

/// The schema of a store shared by several nodes in PostgreSQL, versioned in the table
/// `feedwatch_schema`. As with the SQLite schema, every change is a new entry appended to
/// `migrations` (never edit a shipped one), applied in the transaction that records it.
/// The tables mirror the SQLite store's (dates are float8 seconds since 1970, as there), plus
/// what a cluster needs: per-host leases and the nodes' heartbeats.
public enum PostgresSchema {
  static let migrations: [String] = [
    // 0 → 1: the SQLite store's tables, host leases and nodes.
    """
    CREATE TABLE feed (
        key text PRIMARY KEY,
        host text NOT NULL,                     -- the lease that covers it (see feed_host)
        name text NOT NULL,
        current_url text,
        etag text,
        last_modified text,
        status text NOT NULL,
        last_error text,
        last_http_status integer,
        consecutive_failures integer NOT NULL CHECK (consecutive_failures >= 0),
        failing_since float8,
        last_attempt float8,
        last_success float8,
        next_due float8,
        hold_until float8,
        first_fetch_done boolean NOT NULL,
        items_seen bigint NOT NULL CHECK (items_seen >= 0),
        alerts_raised bigint NOT NULL CHECK (alerts_raised >= 0),
        bytes_fetched bigint NOT NULL CHECK (bytes_fetched >= 0),
        interval float8,
        publisher_interval float8,
        skip_hours text NOT NULL DEFAULT '',
        health_alerted boolean NOT NULL DEFAULT false,
        last_document float8
    );
    CREATE INDEX feed_host_due ON feed (host, (greatest(coalesce(next_due, 0), coalesce(hold_until, 0))));

    CREATE TABLE seen_item (
        feed_key text NOT NULL REFERENCES feed(key) ON DELETE CASCADE,
        item_key text NOT NULL,
        key_version integer NOT NULL,
        title text,
        link text,
        published float8,
        first_seen float8 NOT NULL,
        alerted boolean NOT NULL,
        last_seen float8,
        facet_version integer,                  -- what else the item is recognised by
        guid text,
        match_link text,
        title_date text,
        PRIMARY KEY (feed_key, item_key)
    );
    CREATE INDEX seen_item_guid ON seen_item (feed_key, guid) WHERE guid IS NOT NULL;
    CREATE INDEX seen_item_link ON seen_item (feed_key, match_link) WHERE match_link IS NOT NULL;
    CREATE INDEX seen_item_title_date ON seen_item (feed_key, title_date)
        WHERE title_date IS NOT NULL;

    CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        created float8 NOT NULL,
        rule text NOT NULL,
        feed_key text NOT NULL REFERENCES feed(key),
        json text NOT NULL CHECK (strpos(json, chr(10)) = 0)
    );
    CREATE INDEX outbox_created ON outbox (created);

    CREATE TABLE delivery (
        sink text NOT NULL,
        alert_id text NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
        delivered_at float8,
        attempts integer NOT NULL,
        last_error text,
        retry_at float8,
        claimed_by text,                        -- the node sending it now, until claim_expires
        claim_expires float8,
        PRIMARY KEY (sink, alert_id)
    );

    CREATE TABLE sink_cursor (
        sink text PRIMARY KEY,
        delivered_through bigint NOT NULL
    );

    CREATE TABLE story (
        id text PRIMARY KEY,
        fingerprint bigint NOT NULL,
        first_seen float8 NOT NULL,
        title text
    );
    CREATE INDEX story_first_seen ON story (first_seen);

    CREATE TABLE story_source (
        story_id text NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        feed_key text NOT NULL,
        item_key text NOT NULL,
        feed_name text NOT NULL,
        title text,
        link text,
        seen_at float8 NOT NULL,
        PRIMARY KEY (feed_key, item_key)
    );
    CREATE INDEX story_source_story ON story_source (story_id);

    CREATE TABLE folded_alert (
        rule text NOT NULL,
        bucket bigint NOT NULL,
        id text NOT NULL,
        created float8 NOT NULL,
        json text NOT NULL,
        PRIMARY KEY (rule, bucket, id)
    );

    -- One lease per host: the node polling that host's feeds now, until expires (the
    -- database's clock, so the nodes' clocks need not agree). NULL owner: free.
    CREATE TABLE feed_host (
        host text PRIMARY KEY,
        owner text,
        expires float8
    );

    -- Membership: each node's heartbeat.
    CREATE TABLE node (
        name text PRIMARY KEY,
        version text NOT NULL,
        started float8 NOT NULL,
        last_seen float8 NOT NULL
    );
    """,
    // 1 → 2: article pages read for a feed's items, failed and blocked.
    """
    ALTER TABLE feed ADD COLUMN articles_fetched bigint NOT NULL DEFAULT 0;
    ALTER TABLE feed ADD COLUMN articles_failed bigint NOT NULL DEFAULT 0;
    ALTER TABLE feed ADD COLUMN articles_blocked bigint NOT NULL DEFAULT 0;
    """,
    // 2 → 3: sinks' digests (see the SQLite schema's sink_digest).
    """
    CREATE TABLE sink_digest (
        sink text NOT NULL,
        id text NOT NULL,
        due float8 NOT NULL,
        created float8 NOT NULL,
        alert_count integer NOT NULL CHECK (alert_count > 0),
        json text NOT NULL,
        delivered_at float8,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        retry_at float8,
        PRIMARY KEY (sink, id)
    );
    CREATE INDEX sink_digest_undelivered ON sink_digest (sink, due) WHERE delivered_at IS NULL;

    CREATE TABLE sink_digest_schedule (
        sink text PRIMARY KEY,
        through float8 NOT NULL
    );
    """,
    // 3 → 4: alerts and digests are valid JSON, as SQLite's json_valid checks there (a cast that fails
    // fails the insert).
    """
    ALTER TABLE outbox ADD CONSTRAINT outbox_json_valid CHECK (json::json IS NOT NULL);
    ALTER TABLE folded_alert ADD CONSTRAINT folded_alert_json_valid CHECK (json::json IS NOT NULL);
    ALTER TABLE sink_digest ADD CONSTRAINT sink_digest_json_valid CHECK (json::json IS NOT NULL);
    """,
    // 4 → 5: sinks named by an id holding no secret, as in the SQLite store (`SinkID`: the
    // type, `#`, 16 hex digits of SHA-256 over the address); records keep their state.
    """
    UPDATE delivery SET last_error = replace(last_error, substr(sink, 9), '[address]')
        WHERE sink LIKE 'webhook:%' AND last_error IS NOT NULL;
    UPDATE delivery SET sink = split_part(sink, ':', 1) || '#'
            || left(encode(sha256(convert_to(sink, 'UTF8')), 'hex'), 16)
        WHERE sink = 'journal' OR sink ~ '^(jsonl|webhook|exec):';
    UPDATE sink_cursor SET sink = split_part(sink, ':', 1) || '#'
            || left(encode(sha256(convert_to(sink, 'UTF8')), 'hex'), 16)
        WHERE sink = 'journal' OR sink ~ '^(jsonl|webhook|exec):';
    UPDATE sink_digest SET last_error = replace(last_error, substr(sink, 9), '[address]')
        WHERE sink LIKE 'webhook:%' AND last_error IS NOT NULL;
    UPDATE sink_digest SET sink = split_part(sink, ':', 1) || '#'
            || left(encode(sha256(convert_to(sink, 'UTF8')), 'hex'), 16)
        WHERE sink = 'journal' OR sink ~ '^(jsonl|webhook|exec):';
    UPDATE sink_digest_schedule SET sink = split_part(sink, ':', 1) || '#'
            || left(encode(sha256(convert_to(sink, 'UTF8')), 'hex'), 16)
        WHERE sink = 'journal' OR sink ~ '^(jsonl|webhook|exec):';
    """,
    // 5 → 6: the cluster's feed list (only feeds the nodes' config lists and enables are
    // claimed), and one delivery lease per push sink (`FeedLeases.holdsDelivery`).
    """
    ALTER TABLE feed ADD COLUMN active boolean NOT NULL DEFAULT true;
    CREATE TABLE sink_lease (
        sink text PRIMARY KEY,
        owner text NOT NULL,
        expires float8 NOT NULL
    );
    """,
  ]

  public static var currentVersion: Int { migrations.count }

  /// Brings the database to `currentVersion` in one transaction, serialised across nodes by
  /// an advisory lock (two nodes starting at once migrate once). A database of a newer
  /// feedwatch is refused.
  public static func migrate(_ db: PostgresConnection) throws {
    // Up to date: read-only, so a command opening the store takes no lock and works on a
    // read-only session too. Otherwise the version is read again under the lock.
    if try version(db) == currentVersion { return }
    try db.transaction {
      // Held until the transaction ends.
      try db.query("SELECT pg_advisory_xact_lock($1)", [migrationLock])
      try db.execute("CREATE TABLE IF NOT EXISTS feedwatch_schema (version integer NOT NULL)")
      let rows = try db.query("SELECT max(version) FROM feedwatch_schema")
      let version = rows.int(0, 0) ?? 0
      if version > currentVersion {
        throw PostgresError(
          kind: .client, server: db.server,
          message:
            "schema version \(version) is newer than this feedwatch knows (\(currentVersion)); "
            + "upgrade feedwatch on this node, or point it at another database")
      }
      guard version < currentVersion else { return }
      for index in version..<currentVersion {
        try db.execute(migrations[index])
      }
      try db.query("DELETE FROM feedwatch_schema")
      try db.query("INSERT INTO feedwatch_schema (version) VALUES ($1)", [currentVersion])
    }
  }

  /// The version recorded in the database (0 for an empty one).
  public static func version(_ db: PostgresConnection) throws -> Int {
    let exists = try db.query("SELECT to_regclass('feedwatch_schema') IS NOT NULL").bool(0, 0)
    guard exists else { return 0 }
    return try db.query("SELECT max(version) FROM feedwatch_schema").int(0, 0) ?? 0
  }

  /// The advisory lock key that serialises migrations ("feedwatc" as a 64-bit number).
  static let migrationLock = 0x6665_6564_7761_7463
}
