import Config
import Dispatch
import Fetcher
import Logging
import PostgresClient
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch run` as one node of a cluster on a PostgreSQL store: its leases (`FeedLeases`)
/// and heartbeat, over a session of its own, so a renewal never waits behind a commit.
/// Every call is synchronous and runs on the node's own serial queue; a call that fails
/// (the server is gone) is logged once per outage and answers as if nothing were held or
/// claimable, so polling pauses until the server is back.
final class ClusterNode: @unchecked Sendable {
  let leases: FeedLeases
  let settings: NodeSettings
  private let connection: PostgresConnection
  private let queue = DispatchQueue(label: "feedwatch.cluster")
  private let logger: Logger
  private let started = Date().timeIntervalSince1970
  /// Only touched on `queue`: whether the last call failed, so an outage is logged once.
  private var unreachable = false
  /// Only touched on `queue`: the hosts claimed and not released, which renewals keep. A host
  /// whose release failed is not among them, so the next renewal gives it back.
  private var owned: Set<String> = []

  /// Over `connection`, which becomes the node's own (`StateStoreOpening.clusterNode`).
  init(connection: PostgresConnection, settings: NodeSettings, logger: Logger) {
    self.connection = connection
    self.settings = settings
    self.logger = logger
    leases = FeedLeases(node: settings.name, period: settings.leasePeriod)
  }

  /// Makes `feeds` (the enabled ones of the config) the cluster's feed list; false when the
  /// server could not be asked (the caller tries again).
  func register(_ feeds: [Config.Feed]) -> Bool {
    run("cannot register the feed list") { db in
      try leases.register(
        feeds: feeds.filter(\.enabled).map { ($0.url, $0.name, FeedHost.of($0.url)) }, in: db)
    } != nil
  }

  /// Free hosts with feeds due, up to `limit`, now leased to this node.
  func claim(limit: Int) -> [HostLease] {
    run("cannot claim due feeds") { db in
      let claimed = try leases.claimDue(limit: limit, in: db)
      owned.formUnion(claimed.map(\.host))
      return claimed
    } ?? []
  }

  func release(host: String) {
    // Not renewed from now on, even when the release fails: the next renewal that reaches
    // the database gives it back.
    queue.sync { _ = owned.remove(host) }
    run("cannot release a host") { try leases.release(host: host, in: $0) }
  }

  /// Renews the leases of the hosts this node claimed and has not released, and heartbeats;
  /// returns the hosts still held, nil when the server
  /// could not be asked (the leases then run out unless a later renewal gets through).
  func renew() -> Set<String>? {
    run("cannot renew the leases") { db in
      try leases.heartbeat(version: FeedwatchVersion.string, started: started, in: db)
      let held = try leases.renew(keeping: Array(owned), in: db)
      owned.formIntersection(held)
      return held
    }
  }

  /// The outbox's newest entry (0 when empty): when it moves, another node may have committed
  /// alerts that this node's own sinks (its alert log) are still to write.
  func outboxHead() -> Int? {
    run("cannot read the outbox") {
      try $0.query("SELECT coalesce(max(seq), 0) FROM outbox").int(0, 0)
    }
      ?? nil
  }

  /// `feedwatch poll`: the feeds are due now for whichever node claims them.
  func makeDue(_ keys: [String]) -> [String] {
    run("cannot request the polls") { try leases.makeDue(keys: keys, in: $0) } ?? []
  }

  /// A clean stop: the other nodes may take this node's hosts and sinks at once.
  func leave() {
    run("cannot release the leases on stop") { try leases.releaseAll(in: $0) }
    queue.sync { connection.close() }
  }

  @discardableResult
  private func run<T>(_ what: String, _ body: (PostgresConnection) throws -> T) -> T? {
    queue.sync {
      do {
        if !connection.isConnected { try connection.reconnect() }
        let result = try body(connection)
        if unreachable {
          unreachable = false
          logger.notice("PostgreSQL store reachable again; polling resumes")
        }
        return result
      } catch {
        if !unreachable {
          unreachable = true
          logger.error(
            "\(what); polling pauses and the node retries",
            metadata: ["node": "\(settings.name)", "error": "\(error)"])
        }
        return nil
      }
    }
  }
}
