import Dispatch
import Foundation
import PostgresClient
import Store
import Synchronization
import TestPostgres
import Testing

@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct FeedLeaseTests {
  /// 3 feeds on each of `hosts` hosts, registered in a migrated database.
  func cluster(_ database: TestDatabase, hosts: Int) throws -> PostgresConnection {
    let db = try PostgresConnection(uri: database.uri)
    try PostgresSchema.migrate(db)
    var feeds: [(key: String, name: String, host: String)] = []
    for host in 0..<hosts {
      for feed in 0..<3 {
        feeds.append(
          (
            key: "http://h\(host).test/\(feed).xml", name: "feed \(host)/\(feed)",
            host: "h\(host).test"
          ))
      }
    }
    try FeedLeases(node: "setup").register(feeds: feeds, in: db)
    return db
  }

  @Test func nodesClaimingAtOnceTakeDisjointHostsAndTogetherAll() throws {
    try withTestDatabase { database in
      _ = try cluster(database, hosts: 30)
      let claims = Mutex<[String: [HostLease]]>([:])
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 3) { index in
        do {
          let db = try PostgresConnection(uri: database.uri)
          let leases = FeedLeases(node: "node\(index)")
          var mine: [HostLease] = []
          while true {
            let claimed = try leases.claimDue(limit: 4, in: db)
            if claimed.isEmpty { break }
            mine += claimed
          }
          claims.withLock { $0["node\(index)"] = mine }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
      let all = claims.withLock { $0 }.values.flatMap { $0 }
      #expect(all.count == 30)
      #expect(Set(all.map(\.host)).count == 30)
      // Each claim comes with the host's due feeds: all three of a never-polled host.
      #expect(all.allSatisfy { $0.dueFeeds.count == 3 })
    }
  }

  @Test func aHostIsClaimedAgainOnlyOnceReleasedOrExpired() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 2)
      // Periods long enough that a busy machine does not expire a lease by accident.
      let first = FeedLeases(node: "first", period: 2)
      let second = FeedLeases(node: "second", period: 2)
      #expect(try first.claimDue(limit: 1, in: db).map(\.host) == ["h0.test"])
      #expect(try second.claimDue(limit: 5, in: db).map(\.host) == ["h1.test"])
      #expect(try second.claimDue(limit: 5, in: db).isEmpty)
      try first.release(host: "h0.test", in: db)
      #expect(try second.claimDue(limit: 5, in: db).map(\.host) == ["h0.test"])

      // The second node stops renewing: its leases expire and the first takes them over;
      // from then on the second holds nothing, and renewing does not bring them back.
      Thread.sleep(forTimeInterval: 2.3)
      #expect(try first.claimDue(limit: 5, in: db).map(\.host) == ["h0.test", "h1.test"])
      #expect(try second.renew(in: db).isEmpty)
      #expect(try second.held(hosts: ["h1.test"], in: db).isEmpty)
      #expect(try first.renew(in: db) == ["h0.test", "h1.test"])
    }
  }

  @Test func aRenewedLeaseIsNotTakenOver() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 1)
      let holder = FeedLeases(node: "holder", period: 2)
      let other = FeedLeases(node: "other", period: 2)
      #expect(try holder.claimDue(limit: 1, in: db).count == 1)
      for _ in 0..<4 {
        Thread.sleep(forTimeInterval: 0.8)
        #expect(try holder.renew(in: db) == ["h0.test"])
        #expect(try other.claimDue(limit: 1, in: db).isEmpty)
      }
    }
  }

  /// A node renews the hosts it knows it holds; one the database still gives it (its release
  /// failed while the server was away) is given back rather than kept forever.
  @Test func aRenewalGivesBackHostsTheNodeNoLongerPolls() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 2)
      let node = FeedLeases(node: "node", period: 5)
      #expect(try node.claimDue(limit: 2, in: db).count == 2)
      #expect(try node.renew(keeping: ["h0.test"], in: db) == ["h0.test"])
      #expect(try FeedLeases(node: "other").claimDue(limit: 2, in: db).map(\.host) == ["h1.test"])
      #expect(try node.renew(keeping: ["h0.test", "h1.test"], in: db) == ["h0.test"])
    }
  }

  @Test func feedsNotDueAreNotClaimed() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 2)
      let later = Date().timeIntervalSince1970 + 3600
      try db.query("UPDATE feed SET next_due = $1 WHERE host = 'h0.test'", [later])
      try db.query(
        "UPDATE feed SET next_due = $1 WHERE key = 'http://h1.test/0.xml'", [later])
      let claimed = try FeedLeases(node: "n").claimDue(limit: 5, in: db)
      #expect(claimed.map(\.host) == ["h1.test"])
      #expect(claimed.first?.dueFeeds == ["http://h1.test/1.xml", "http://h1.test/2.xml"])
    }
  }

  @Test func aCommitThatHoldsTheLeaseBlocksATakeoverUntilItEnds() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 1)
      let other = try PostgresConnection(uri: database.uri)
      let holder = FeedLeases(node: "holder", period: 0.2)
      #expect(try holder.claimDue(limit: 1, in: db).count == 1)
      Thread.sleep(forTimeInterval: 0.3)  // expired, not yet taken
      try db.transaction { () throws in
        #expect(try holder.held(hosts: ["h0.test"], in: db) == ["h0.test"])
        // Another node's claim skips the row the commit has locked.
        #expect(try FeedLeases(node: "taker").claimDue(limit: 1, in: other).isEmpty)
      }
      #expect(try FeedLeases(node: "taker").claimDue(limit: 1, in: other).count == 1)
      try db.transaction { () throws in #expect(try holder.held(hosts: ["h0.test"], in: db).isEmpty)
      }
    }
  }

  @Test func statusShowsNodesTheirLeasesAndExpiredOnes() throws {
    try withTestDatabase { database in
      let db = try cluster(database, hosts: 2)
      let alive = FeedLeases(node: "alive", period: 60)
      let dead = FeedLeases(node: "dead", period: 0.1)
      try alive.heartbeat(version: "1.2.3", started: 1_700_000_000, in: db)
      try dead.heartbeat(version: "1.2.3", started: 1_700_000_001, in: db)
      _ = try alive.claimDue(limit: 1, in: db)
      _ = try dead.claimDue(limit: 1, in: db)
      Thread.sleep(forTimeInterval: 0.2)
      let status = try ClusterStatus.read(from: db)
      #expect(status.nodes.map(\.name) == ["alive", "dead"])
      #expect(status.nodes.first?.version == "1.2.3")
      #expect(
        status.nodes.allSatisfy { $0.lastSeen <= status.now && $0.lastSeen > status.now - 60 })
      #expect(
        status.leases.map { "\($0.owner) \($0.host) \($0.isExpired) \($0.feeds)" } == [
          "alive h0.test false 3", "dead h1.test true 3",
        ])
    }
  }

  @Test func theSchemaMigratesOnceAndANewerOneIsRefused() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      #expect(try PostgresSchema.version(db) == 0)
      try PostgresSchema.migrate(db)
      try PostgresSchema.migrate(db)
      #expect(try PostgresSchema.version(db) == PostgresSchema.currentVersion)
      try db.query("UPDATE feedwatch_schema SET version = $1", [PostgresSchema.currentVersion + 1])
      #expect {
        try PostgresSchema.migrate(db)
      } throws: { error in
        "\(error)".contains("newer than this feedwatch knows")
      }
    }
  }
}
