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

  /// Makes sure `feeds` (key, name, host) and their hosts exist, so they can be claimed.
  /// Existing feeds keep their state.
  public func register(
    feeds: [(key: String, name: String, host: String)], in db: PostgresConnection
  )
    throws
  {
    try db.transaction {
      for feed in feeds {
        try db.query(
          "INSERT INTO feed_host (host) VALUES ($1) ON CONFLICT (host) DO NOTHING", [feed.host])
        try db.query(
          """
          INSERT INTO feed (key, host, name, status, consecutive_failures, first_fetch_done,
              items_seen, alerts_raised, bytes_fetched)
          VALUES ($1, $2, $3, 'new', 0, false, 0, 0, 0)
          ON CONFLICT (key) DO UPDATE SET host = excluded.host
          """, [feed.key, feed.host, feed.name])
      }
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
        WHERE host = ANY($1::text[])
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

  /// Extends every lease this node holds by a period; returns the hosts it still holds (a
  /// lease taken over by another node after it expired is not among them).
  @discardableResult
  public func renew(in db: PostgresConnection) throws -> Set<String> {
    let rows = try db.query(
      """
      UPDATE feed_host SET expires = extract(epoch FROM clock_timestamp()) + $2
      WHERE owner = $1 RETURNING host
      """, [node, period])
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

  /// Inside a commit's transaction: whether this node still holds the host's lease, locking
  /// it (FOR SHARE) until the transaction ends so that no claim can take it meanwhile. A
  /// lease that expired but was not taken still counts: nobody else polled the host.
  public func holds(host: String, in db: PostgresConnection) throws -> Bool {
    try !db.query(
      "SELECT 1 FROM feed_host WHERE host = $1 AND owner = $2 FOR SHARE", [host, node]
    ).isEmpty
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
