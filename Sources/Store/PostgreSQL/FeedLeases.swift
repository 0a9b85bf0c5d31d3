public import PostgresClient

/// Work shared by the nodes of a cluster through leases in PostgreSQL, not a consensus of our
/// own. A node claims hosts, not single feeds: all feeds of one host go to one node at a time,
/// so the per-host politeness each node's fetcher keeps holds across the cluster. A claim is
/// `SELECT … FOR UPDATE SKIP LOCKED` (two nodes claiming at once take different hosts, neither
/// waits) and sets the lease's owner and expiry by the database's clock; the owner renews its
/// leases while it polls and releases a host once its due feeds are done. A dead node's hosts
/// become claimable when their leases expire.
///
/// Not thread-safe: the caller confines the connection to one queue, as the store does.
public struct FeedLeases: Sendable {
  /// This node's name: the leases' owner.
  public let node: String
  /// How long a lease lasts without renewal, in seconds.
  public let period: Double

  public init(node: String, period: Double = 15) {
    self.node = node
    self.period = period
  }

  /// Makes the cluster's feed list `feeds` (key, name, host): each exists, with its host, so it
  /// can be claimed, and only these are claimed (a feed dropped from the config, or disabled,
  /// keeps its state but is not polled). Existing feeds keep their state. Every node runs
  /// this at start and on reload, with the same config.
  public func register(
    feeds: [(key: String, name: String, host: String)], in db: PostgresConnection
  )
    throws
  {
    try db.transaction {
      try db.query(
        """
        INSERT INTO feed_host (host) SELECT DISTINCT host FROM unnest($1::text[]) AS u(host)
        ON CONFLICT (host) DO NOTHING
        """, [feeds.map(\.host)])
      try db.query(
        """
        INSERT INTO feed (key, host, name, status, consecutive_failures, first_fetch_done,
            items_seen, alerts_raised, bytes_fetched)
        SELECT key, host, name, 'new', 0, false, 0, 0, 0
        FROM unnest($1::text[], $2::text[], $3::text[]) AS u(key, host, name)
        ON CONFLICT (key) DO UPDATE SET host = excluded.host, active = true
        """, [feeds.map(\.key), feeds.map(\.host), feeds.map(\.name)])
      try db.query(
        "UPDATE feed SET active = false WHERE active AND key <> ALL($1::text[])",
        [feeds.map(\.key)])
    }
  }

  /// Claims up to `limit` free hosts (never leased, released, or whose lease expired) that
  /// have a feed due, the host released longest ago first. Returns each with its due feeds.
  public func claimDue(limit: Int, in db: PostgresConnection) throws -> [HostLease] {
    try db.transaction {
      let claimed = try db.query(
        """
        WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now),
        free AS (
            SELECT h.host FROM feed_host h, clock
            WHERE (h.owner IS NULL OR h.expires < clock.now)
              AND EXISTS (
                  SELECT 1 FROM feed f WHERE f.host = h.host
                        AND f.active AND f.status <> 'gone'
                    AND greatest(coalesce(f.next_due, 0), coalesce(f.hold_until, 0)) <= clock.now)
            ORDER BY coalesce(h.expires, 0), h.host
            LIMIT $2
            FOR UPDATE OF h SKIP LOCKED)
        UPDATE feed_host h SET owner = $1, expires = clock.now + $3
        FROM free, clock WHERE h.host = free.host
        RETURNING h.host, h.expires
        """, [node, max(0, limit), period])
      guard !claimed.isEmpty else { return [] }
      var leases: [String: HostLease] = [:]
      for row in 0..<claimed.count {
        let host = claimed.string(row, 0) ?? ""
        leases[host] = HostLease(host: host, expires: claimed.double(row, 1) ?? 0, dueFeeds: [])
      }
      let due = try db.query(
        """
        SELECT host, key FROM feed
        WHERE host = ANY($1::text[]) AND active AND status <> 'gone'
          AND greatest(coalesce(next_due, 0), coalesce(hold_until, 0))
              <= extract(epoch FROM clock_timestamp())
        ORDER BY host, key
        """, [Array(leases.keys)])
      for row in 0..<due.count {
        leases[due.string(row, 0) ?? ""]?.dueFeeds.append(due.string(row, 1) ?? "")
      }
      return leases.values.sorted { $0.host < $1.host }
    }
  }

  /// Extends by a period the leases of `hosts` this node holds, and gives back any other host
  /// the database says it holds (one whose release failed while the server was away); returns
  /// the hosts of `hosts` it still holds (a lease taken over by another node after it expired
  /// is not among them). Nil `hosts`: every lease the node holds.
  @discardableResult
  public func renew(keeping hosts: [String]? = nil, in db: PostgresConnection) throws -> Set<
    String
  > {
    let rows = try db.query(
      """
      WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) AS now),
      given_back AS (
          UPDATE feed_host SET owner = NULL, expires = clock.now FROM clock
          WHERE owner = $1 AND $3::text[] IS NOT NULL AND host <> ALL($3::text[]))
      UPDATE feed_host SET expires = clock.now + $2 FROM clock
      WHERE owner = $1 AND ($3::text[] IS NULL OR host = ANY($3::text[]))
      RETURNING host
      """, [node, period, hosts])
    return Set((0..<rows.count).compactMap { rows.string($0, 0) })
  }

  /// Gives the host back (its due feeds are done): free for any node's next claim.
  public func release(host: String, in db: PostgresConnection) throws {
    try db.query(
      """
      UPDATE feed_host SET owner = NULL, expires = extract(epoch FROM clock_timestamp())
      WHERE host = $1 AND owner = $2
      """, [host, node])
  }

  /// Inside a commit's transaction: which of `hosts` this node still holds, locking their
  /// lease rows (FOR SHARE) until the transaction ends so that no claim can take them
  /// meanwhile. A lease that expired but was not taken still counts: nobody else polled the
  /// host.
  public func held(hosts: [String], in db: PostgresConnection) throws -> Set<String> {
    let rows = try db.query(
      "SELECT host FROM feed_host WHERE host = ANY($1::text[]) AND owner = $2 FOR SHARE",
      [hosts, node])
    return Set((0..<rows.count).compactMap { rows.string($0, 0) })
  }

  /// Whether this node may deliver `sink`'s alerts now: it takes the sink's lease when it is
  /// free or expired, and renews it when it holds it already. One node at a time delivers a
  /// push sink, in outbox order; another takes over once the lease expires.
  public func holdsDelivery(sink: String, in db: PostgresConnection) throws -> Bool {
    try !db.query(
      """
      INSERT INTO sink_lease (sink, owner, expires)
      VALUES ($1, $2, extract(epoch FROM clock_timestamp()) + $3)
      ON CONFLICT (sink) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
      WHERE sink_lease.owner = excluded.owner
         OR sink_lease.expires < extract(epoch FROM clock_timestamp())
      RETURNING 1
      """, [sink, node, period]
    ).isEmpty
  }

  /// Gives the sink's delivery lease back, when this node holds it.
  public func releaseDelivery(sink: String, in db: PostgresConnection) throws {
    try db.query("DELETE FROM sink_lease WHERE sink = $1 AND owner = $2", [sink, node])
  }

  /// The feeds `keys` are due now (`feedwatch poll`), unless the server holds them or they
  /// are gone. Returns the keys made due.
  public func makeDue(keys: [String], in db: PostgresConnection) throws -> [String] {
    let rows = try db.query(
      """
      UPDATE feed SET next_due = extract(epoch FROM clock_timestamp())
      WHERE key = ANY($1::text[]) AND status <> 'gone'
        AND coalesce(hold_until, 0) <= extract(epoch FROM clock_timestamp())
      RETURNING key
      """, [keys])
    return (0..<rows.count).compactMap { rows.string($0, 0) }
  }

  /// On a clean stop: every host and sink this node holds is free at once for the others.
  public func releaseAll(in db: PostgresConnection) throws {
    try db.transaction {
      try db.query(
        """
        UPDATE feed_host SET owner = NULL, expires = extract(epoch FROM clock_timestamp())
        WHERE owner = $1
        """, [node])
      try db.query("DELETE FROM sink_lease WHERE owner = $1", [node])
    }
  }

  /// Records that this node is alive (name, version, when it started; last seen now).
  public func heartbeat(version: String, started: Double, in db: PostgresConnection) throws {
    try db.query(
      """
      INSERT INTO node (name, version, started, last_seen)
      VALUES ($1, $2, $3, extract(epoch FROM clock_timestamp()))
      ON CONFLICT (name) DO UPDATE SET version = excluded.version, started = excluded.started,
          last_seen = excluded.last_seen
      """, [node, version, started])
  }
}

/// A host this node has claimed, and its feeds that were due at the claim.
public struct HostLease: Sendable, Equatable {
  public var host: String
  /// Seconds since 1970, by the database's clock.
  public var expires: Double
  public var dueFeeds: [String]
}
