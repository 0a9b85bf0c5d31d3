import ArgumentParser
import Config
import Daemon
import Delivery
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show each feed's state: last success, last error, next poll, counts.",
    discussion: """
      Reads the state database; works while the daemon runs, and says so when none runs (the \
      next polls then wait for `feedwatch run`). Each sink's line accounts for every alert \
      raised: delivered, not of its rules, pending, failing, or raised before it was added.
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Flag(help: "One JSON object per feed, one per sink (with its type), then one with the totals.")
  var json = false

  func run() throws {
    let config = try configOptions.load()
    // Nothing polled yet: say so rather than create the state directory and database, which,
    // made by another user than the daemon's (`sudo feedwatch status`), would lock it out.
    let store = try openStateForReading(config)
    defer { store?.close() }
    if store == nil {
      printNote(
        "no state yet in \(config.stateDirectory): no feed has been polled with this state "
          + "directory (`feedwatch run` or `feedwatch once` makes it)")
    }
    let cluster = try (store as? PostgresStore)?.clusterStatus()
    // A node heartbeats every third of its lease period: one not seen for a period is gone.
    let period = config.store.node?.leasePeriod ?? NodeSettings.defaultLeasePeriod
    let daemon = StateLock.holder(of: config.stateDirectory)
    let nodesRunning = cluster.map {
      !$0.liveNodes(period: period).isEmpty
    }
    if daemon == nil && nodesRunning != true && !json {
      printNote(
        "no feedwatch daemon is running on \(config.stateDirectory): nothing is polled until "
          + "`feedwatch run` starts (`feedwatch once` polls every feed now)")
    }
    let stored = Dictionary(
      (try store?.allFeedStates() ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    let now = Date()
    var totals = Totals(
      feeds: config.feeds.count, failing: 0, items: 0, alerts: 0, bytes: 0,
      daemonRunning: daemon != nil || nodesRunning == true, daemonPID: daemon.map(Int.init))
    let encoder = JSONOutput.encoder()
    var table = TextTable()
    table.add(["FEED", "STATUS", "LAST OK", "NEXT", "SCHEDULE", "ITEMS", "ALERTS", "FETCHED"])
    var notes: [Int: [String]] = [:]
    for feed in config.feeds {
      let state = stored[feed.url] ?? FeedState(key: feed.url, name: feed.name)
      totals.items += state.itemsSeen
      totals.bytes += state.bytesFetched
      if state.isFailing { totals.failing += 1 }
      if json {
        print(String(decoding: try encoder.encode(state), as: UTF8.self))
        continue
      }
      var status = state.status.rawValue
      if let since = state.failingSince { status += " since \(ago(since, now))" }
      let next: String
      if state.status == .gone {
        next = "never"
      } else if daemon == nil && nodesRunning != true {
        next = "no daemon"
      } else {
        next = state.nextDue.map { until($0, now) } ?? "now"
      }
      var schedule = "every \(DurationText.format(state.interval ?? feed.interval))"
      if feed.adaptive { schedule += " (adaptive)" }
      if !feed.enabled { schedule = "disabled" }
      table.add([
        feed.name, status, state.lastSuccess.map { ago($0, now) } ?? "never", next, schedule,
        "\(state.itemsSeen)", "\(state.alertsRaised)", ByteSize.format(state.bytesFetched),
      ])
      var lines: [String] = []
      if state.articlesFetched + state.articlesFailed + state.articlesBlocked > 0 {
        lines.append(
          "articles: \(state.articlesFetched) fetched, \(state.articlesFailed) failed, "
            + "\(state.articlesBlocked) blocked")
      }
      if let error = state.lastError { lines.append("last error: \(error)") }
      if let moved = state.currentURL { lines.append("moved to: \(moved)") }
      if let asked = state.publisherInterval {
        lines.append("publisher asks: at most every \(DurationText.format(asked))")
      }
      if !state.skipHours.isEmpty {
        lines.append(
          "skips hours (UTC): \(state.skipHours.map(String.init).joined(separator: ", "))")
      }
      if !lines.isEmpty { notes[table.rows.count - 1] = lines }
    }
    let sinks = try config.sinks.map { sink -> SinkStatus in
      let counts =
        try store?.deliveryCounts(sink: sink.identity.id.rawValue, rules: sink.rules)
        ?? .none
      return SinkStatus(sink, counts)
    }
    // Every alert raised is in the outbox, whichever feed (or digest) raised it.
    totals.alerts = try store?.alertCount() ?? 0
    let nodes =
      cluster.map { NodeStatus.all(in: $0, period: period) } ?? []
    if json {
      for sink in sinks { print(String(decoding: try encoder.encode(sink), as: UTF8.self)) }
      for node in nodes { print(String(decoding: try encoder.encode(node), as: UTF8.self)) }
      print(String(decoding: try encoder.encode(totals), as: UTF8.self))
      return
    }
    for (index, line) in table.lines.enumerated() {
      print(line)
      for note in notes[index] ?? [] { print("    " + note) }
    }
    print("")
    for sink in sinks { print(sink.line) }
    if let cluster {
      print("")
      for node in nodes { print(node.line(now: cluster.now)) }
      for lease in cluster.leases where lease.isExpired {
        print(
          "expired lease: \(lease.host) (\(lease.feeds) feeds), held by \(lease.owner) until "
            + "\(DurationText.format(cluster.now - lease.expires)) ago; the next node to look takes it"
        )
      }
    }
    print(
      "total: \(counted(totals.feeds, "feed")), \(totals.failing) failing, "
        + "\(counted(totals.items, "item")) seen, \(counted(totals.alerts, "alert")) raised, "
        + "\(ByteSize.format(totals.bytes)) fetched")
  }

  private func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  private func ago(_ date: Date, _ now: Date) -> String {
    DurationText.format(max(0, now.timeIntervalSince(date))) + " ago"
  }
  private func until(_ date: Date, _ now: Date) -> String {
    date <= now ? "due" : "in " + DurationText.format(date.timeIntervalSince(now))
  }
}

/// A sink's line of `status`: its share of every alert raised.
private struct SinkStatus: Encodable {
  var type: String
  var name: String
  /// Scheme, host and fingerprint: never a credential.
  var sink: String
  var delivered: Int
  var notItsRules: Int
  var pending: Int
  var failing: Int
  var before: Int

  init(_ sink: Config.Sink, _ counts: DeliveryCounts) {
    type = sink.type
    name = sink.name
    self.sink = sink.identity.shown
    delivered = counts.delivered
    notItsRules = counts.notItsRules
    pending = counts.pending
    failing = counts.failing
    before = counts.before
  }

  var line: String {
    var parts = ["\(delivered) delivered"]
    if notItsRules > 0 { parts.append("\(notItsRules) not of its rules") }
    if pending > 0 { parts.append("\(pending) pending") }
    if failing > 0 { parts.append("\(failing) failing (retrying)") }
    if before > 0 { parts.append("\(before) raised before it was added") }
    return "sink \(name) (\(sink)): " + parts.joined(separator: ", ")
  }
}

/// A node's line of `status`, in a cluster on PostgreSQL.
private struct NodeStatus: Encodable {
  var type = "node"
  var node: String
  var version: String
  var started: Date
  var lastSeen: Date
  var alive: Bool
  /// The hosts it polls now (all feeds of a host go to one node at a time).
  var hosts: [String]
  var feeds: Int

  /// Hosts named on a node's line (`--json` lists them all).
  static let hostsShown = 8

  static func all(in cluster: ClusterStatus, period: Double) -> [NodeStatus] {
    let live = Set(cluster.liveNodes(period: period).map(\.name))
    return cluster.nodes.map { node in
      let held = cluster.held(by: node.name)
      return NodeStatus(
        node: node.name, version: node.version,
        started: Date(timeIntervalSince1970: node.started),
        lastSeen: Date(timeIntervalSince1970: node.lastSeen), alive: live.contains(node.name),
        hosts: held.hosts, feeds: held.feeds)
    }
  }

  func line(now: Double) -> String {
    let seen = DurationText.format(max(0, now - lastSeen.timeIntervalSince1970))
    let up = DurationText.format(max(0, now - started.timeIntervalSince1970))
    let state = alive ? "running, last seen \(seen) ago" : "not seen for \(seen)"
    var line =
      "node \(node) (\(version)): \(state), started \(up) ago; holds \(hosts.count) hosts "
      + "(\(feeds) feeds)"
    if !hosts.isEmpty {
      let shown = hosts.prefix(Self.hostsShown).joined(separator: ", ")
      line += ": \(shown)" + (hosts.count > Self.hostsShown ? ", …" : "")
    }
    return line
  }
}

private struct Totals: Encodable {
  var feeds: Int
  var failing: Int
  var items: Int
  var alerts: Int
  var bytes: Int
  var daemonRunning: Bool
  var daemonPID: Int?
}
