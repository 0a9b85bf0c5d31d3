public import PostgresClient

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `feedwatch status` shows of a cluster: its nodes and the leases they hold.
public struct ClusterStatus: Sendable, Equatable {
  public struct Node: Sendable, Equatable {
    public var name: String
    public var version: String
    public var started: Double
    public var lastSeen: Double
  }

  public struct Lease: Sendable, Equatable {
    public var host: String
    public var owner: String
    public var expires: Double
    /// Expired and not yet taken over (its node is gone or stalled).
    public var isExpired: Bool
    public var feeds: Int
  }

  /// The database's clock when read.
  public var now: Double
  public var nodes: [Node]
  /// Leases held now or expired, by host.
  public var leases: [Lease]

  public static func read(from db: PostgresConnection) throws -> ClusterStatus {
    try db.transaction(isolation: "REPEATABLE READ") {
      let now = try db.query("SELECT extract(epoch FROM clock_timestamp())::float8").double(0, 0)
      let nodeRows = try db.query(
        "SELECT name, version, started, last_seen FROM node ORDER BY name")
      let nodes = (0..<nodeRows.count).map { row in
        Node(
          name: nodeRows.string(row, 0) ?? "", version: nodeRows.string(row, 1) ?? "",
          started: nodeRows.double(row, 2) ?? 0, lastSeen: nodeRows.double(row, 3) ?? 0)
      }
      let leaseRows = try db.query(
        """
        SELECT h.host, h.owner, h.expires, h.expires < $1,
            (SELECT count(*) FROM feed f WHERE f.host = h.host)
        FROM feed_host h WHERE h.owner IS NOT NULL ORDER BY h.owner, h.host
        """, [now ?? 0])
      let leases = (0..<leaseRows.count).map { row in
        Lease(
          host: leaseRows.string(row, 0) ?? "", owner: leaseRows.string(row, 1) ?? "",
          expires: leaseRows.double(row, 2) ?? 0, isExpired: leaseRows.bool(row, 3),
          feeds: leaseRows.int(row, 4) ?? 0)
      }
      return ClusterStatus(now: now ?? 0, nodes: nodes, leases: leases)
    }
  }

  /// The nodes seen within `period` (a node heartbeats every third of its lease period).
  public func liveNodes(period: Double) -> [Node] {
    nodes.filter { $0.lastSeen >= now - period }
  }

  /// The hosts `node` holds now, and how many feeds they have.
  public func held(by node: String) -> (hosts: [String], feeds: Int) {
    let mine = leases.filter { $0.owner == node && !$0.isExpired }
    return (mine.map(\.host), mine.reduce(0) { $0 + $1.feeds })
  }
}

extension PostgresStore {
  /// The cluster's nodes and leases, as the database has them now.
  public func clusterStatus() throws -> ClusterStatus {
    try withConnection { try ClusterStatus.read(from: $0) }
  }
}
