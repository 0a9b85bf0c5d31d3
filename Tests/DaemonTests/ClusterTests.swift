import Foundation
import PostgresClient
import Store
import TestHTTPServer
import TestPostgres
import Testing

/// Several `feedwatch run` nodes on one PostgreSQL database share the feeds through leases:
/// one is killed with SIGKILL while they work, the others take its hosts over within a lease
/// period and an interval, and every item raises its alert once, delivered to the webhook at
/// least once and repeated at most once (the send the killed node may not have recorded).
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"), .serialized)
struct ClusterTests {
  static let hosts = 20
  static let feedsPerHost = 10
  static let leasePeriod = 3.0
  static let interval = 2.0

  /// 200 feeds on 20 loopback hosts (127.0.0.2 … 127.0.0.21), each listing `rounds` items, each
  /// answered after a fifth of a second, so that a node holds a host for a while.
  final class Feeds: @unchecked Sendable {
    private let lock = NSLock()
    private var rounds = 0
    private(set) var servers: [TestHTTPServer] = []
    /// When each host was last asked for a feed.
    private var lastRequest: [String: Date] = [:]

    init() throws {
      for index in 0..<ClusterTests.hosts {
        let octet = UInt8(index + 2)
        servers.append(
          try TestHTTPServer(lastOctet: octet) { [unowned self] request in
            self.respond(host: "127.0.0.\(octet)", path: request.path)
          })
      }
    }

    var urls: [String] {
      servers.flatMap { server in
        (0..<ClusterTests.feedsPerHost).map { "\(server.baseURL)/feed\($0).xml" }
      }
    }

    /// Every feed lists one more item from now on.
    func addRound() { lock.withLock { rounds += 1 } }

    func lastRequest(to host: String) -> Date? { lock.withLock { lastRequest[host] } }

    func stop() { for server in servers { server.stop() } }

    private func respond(host: String, path: String) -> TestResponse {
      lock.withLock {
        lastRequest[host] = Date()
        let feed = "\(host)\(path)"
        let items = (0..<rounds).map { $0 + 1 }.map { round in
          // Words of their own per item, so that no two items are one story.
          SampleFeed.item(
            guid: "\(feed)#\(round)", title: "Bulletin \(round) from \(feed)",
            text: "zebracode \(UUID().uuidString) round \(round) of \(feed)")
        }
        let body = """
          <?xml version="1.0" encoding="utf-8"?>
          <rss version="2.0"><channel><title>\(feed)</title><link>http://\(host)/</link>
          \(items.joined(separator: "\n"))
          </channel></rss>
          """
        var response = TestResponse(
          status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.utf8))
        response.delay = 0.2
        return response
      }
    }
  }

  /// One node's folder and config: its own state directory and alert log, the shared
  /// database and webhook.
  static func nodeConfig(
    _ name: String, in folder: URL, feeds: [String], database: TestDatabase, hook: String
  ) throws -> URL {
    let directory = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let feedList = feeds.enumerated().map { #"{"url": "\#($1)", "name": "feed\#($0)"}"# }
    let json = """
      {
        "stateDirectory": "state",
        "store": {"postgres": "\(database.uri)", "node": "\(name)", "leasePeriod": "\(Int(leasePeriod))s"},
        "defaults": {"interval": "\(Int(interval))s", "minInterval": "1s", "timeout": "5s"},
        "politeness": {"maxPerHost": 4, "spacing": "0s"},
        "stories": {"window": "0s"},
        "feeds": [\(feedList.joined(separator: ",\n"))],
        "rules": [{"name": "code", "when": "keyword:\\"zebracode\\"", "severity": "info"}],
        "sinks": [
          {"type": "jsonl", "path": "alerts.jsonl"},
          {"type": "webhook", "url": "\(hook)"}
        ]
      }
      """
    let file = directory.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file
  }

  /// `feedwatch run` with its log in the node's folder (`node.log`), read back on a failure.
  static func startNode(_ config: URL) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = ["run", "--config", config.path, "--log-level", "info"]
    let log = config.deletingLastPathComponent().appendingPathComponent("node.log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: log)
    try process.run()
    return process
  }

  /// The last lines of each node's log that are warnings or errors, for a failure message.
  static func problems(in configs: [URL]) -> String {
    configs.map { config in
      let log = config.deletingLastPathComponent().appendingPathComponent("node.log")
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      let bad = text.split(separator: "\n").filter {
        $0.contains(" ERROR ") || $0.contains(" WARNING ")
      }
      return "\(config.deletingLastPathComponent().lastPathComponent): "
        + bad.suffix(5).joined(separator: "\n")
    }.joined(separator: "\n")
  }

  /// What a test of running nodes has at hand.
  struct Cluster {
    var database: TestDatabase
    var harness: DaemonHarness
    var feeds: Feeds
    var receiver: HookReceiver
    var configs: [URL]
    var nodes: [Process]
  }

  /// The nodes `names` running on a fresh database, with the 200 feeds (listing nothing yet)
  /// and a webhook receiver; whatever still runs is stopped after `body`.
  static func withCluster(_ names: [String], _ body: (Cluster) throws -> Void) throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try withTestDatabase { database in
      let harness = try DaemonHarness()
      let feeds = try Feeds()
      let receiver = try HookReceiver()
      defer {
        feeds.stop()
        receiver.server.stop()
      }
      let configs = try names.map {
        try nodeConfig(
          $0, in: harness.folder, feeds: feeds.urls, database: database, hook: receiver.url)
      }
      let nodes = try configs.map { try startNode($0) }
      defer { for node in nodes where node.isRunning { _ = SinkTestSupport.stop(node) } }
      try body(
        Cluster(
          database: database, harness: harness, feeds: feeds, receiver: receiver,
          configs: configs, nodes: nodes))
    }
  }

  @Test func aKilledNodesFeedsAreTakenOverAndEveryAlertGoesOutOnce() throws {
    let names = ["node-a", "node-b", "node-c"]
    try Self.withCluster(names) { cluster in
      let (database, harness, feeds, receiver) = (
        cluster.database, cluster.harness, cluster.feeds, cluster.receiver
      )
      let (configs, nodes) = (cluster.configs, cluster.nodes)
      let total = Self.hosts * Self.feedsPerHost
      let db = try PostgresConnection(uri: database.uri)
      defer { db.close() }
      func outboxCount() -> Int {
        (try? db.query("SELECT count(*) FROM outbox").int(0, 0)) ?? 0
      }

      func count(_ query: String) -> Int { (try? db.query(query).int(0, 0)) ?? 0 }
      // Every node up (its sinks registered) before any item is listed.
      #expect(SinkTestSupport.waitUntil(seconds: 30) { count("SELECT count(*) FROM node") == 3 })

      // Round 1: every item alerts once, whichever node polled it.
      feeds.addRound()
      #expect(SinkTestSupport.waitUntil(seconds: 60) { outboxCount() == total }, "\(outboxCount())")
      let pollers = count("SELECT count(DISTINCT owner) FROM feed_host WHERE owner IS NOT NULL")
      print("cluster: \(pollers) nodes held hosts at the end of the first round")

      // Round 2: the feeds gain an item; a node is killed while it holds hosts.
      feeds.addRound()
      var victim: Int?
      var killedHosts: [String] = []
      _ = SinkTestSupport.waitUntil(seconds: 20) {
        let rows = try? db.query(
          """
          SELECT owner, array_to_string(array_agg(host), ',') FROM feed_host
          WHERE owner IS NOT NULL AND expires > extract(epoch FROM clock_timestamp())
          GROUP BY owner ORDER BY count(*) DESC LIMIT 1
          """)
        guard let rows, rows.count == 1, let owner = rows.string(0, 0),
          let index = names.firstIndex(of: owner)
        else { return false }
        victim = index
        killedHosts = (rows.string(0, 1) ?? "").split(separator: ",").map(String.init)
        return true
      }
      let killed = try #require(victim, "no node held a host during the second round")
      let killedAt = Date()
      kill(nodes[killed].processIdentifier, SIGKILL)
      nodes[killed].waitUntilExit()
      #expect(
        SinkTestSupport.waitUntil(seconds: 60) { outboxCount() == 2 * total },
        "\(outboxCount())\n\(Self.problems(in: configs))")

      // Takeover: each host node A held was asked again by another node in time.
      var takeover = 0.0
      for host in killedHosts {
        let polled = SinkTestSupport.waitUntil(seconds: 30) {
          (feeds.lastRequest(to: host) ?? .distantPast) > killedAt.addingTimeInterval(0.05)
        }
        #expect(polled, "host \(host) of the killed node was never polled again")
        takeover = max(
          takeover, (feeds.lastRequest(to: host) ?? killedAt).timeIntervalSince(killedAt))
      }
      print(
        "cluster takeover: the killed node's \(killedHosts.count) hosts polled again after "
          + String(format: "%.1f s", takeover)
          + " (lease period \(Self.leasePeriod) s, interval \(Self.interval) s)")
      // A lease period, an interval, and the claim loop's second and some scheduling slack.
      #expect(!killedHosts.isEmpty)
      #expect(takeover <= Self.leasePeriod + Self.interval + 3)

      // Every alert reached the webhook; at most one was sent twice.
      let ids = try db.query("SELECT id FROM outbox")
      let outbox = Set((0..<ids.count).compactMap { ids.string($0, 0) })
      let sent = SinkTestSupport.waitUntil(seconds: 30) {
        Set(receiver.posts.compactMap { $0.headers["idempotency-key"] }).isSuperset(of: outbox)
      }
      let missing = outbox.subtracting(receiver.posts.compactMap { $0.headers["idempotency-key"] })
      #expect(sent, "\(missing.count) alerts never reached the webhook")
      let keys = receiver.posts.compactMap { $0.headers["idempotency-key"] }
      #expect(keys.count - Set(keys).count <= 1, "repeats: \(keys.count - Set(keys).count)")

      // The surviving nodes each wrote every alert to their own log, once.
      for (index, name) in names.enumerated() where index != killed {
        let log = harness.folder.appendingPathComponent("\(name)/alerts.jsonl")
        #expect(
          SinkTestSupport.waitUntil(seconds: 15) {
            SinkTestSupport.logLines(log).count >= outbox.count
          })
        let logged = SinkTestSupport.logLines(log).compactMap { $0["id"] as? String }
        #expect(logged.count == outbox.count, "\(name): \(logged.count) lines")
        #expect(Set(logged) == outbox, "\(name): \(outbox.subtracting(logged).count) missing")
      }

      // `status` shows the nodes and which hosts each holds.
      let survivor = names.indices.first { $0 != killed }!
      let status = try AlertsCommandTests().feedwatch(
        ["status", "--config", configs[survivor].path], withErrors: true)
      #expect(status.status == 0, "\(status.output)")
      #expect(status.output.contains("node \(names[survivor]) (0."), "\(status.output)")
      #expect(status.output.contains("node \(names[killed]) (0."), "\(status.output)")
      // `alerts --from-store` lists every node's alerts from the database.
      let listed = try AlertsCommandTests().feedwatch(
        ["alerts", "--from-store", "--json", "--config", configs[survivor].path],
        withErrors: true)
      #expect(listed.status == 0, "\(listed.output)")
      let listedIDs = listed.output.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"]
          as? String
      }
      #expect(Set(listedIDs) == outbox && listedIDs.count == outbox.count)
      for (index, node) in nodes.enumerated() where index != killed {
        #expect(SinkTestSupport.stop(node) == 0)
      }
    }
  }

  /// The database is out of reach for a while (sessions cut, new ones refused): the nodes'
  /// polls pause with nothing marked seen, and once it is back every item alerts once.
  @Test func pollingPausesWhileTheDatabaseIsGoneAndNothingIsLost() throws {
    try Self.withCluster(["node-a", "node-b"]) { cluster in
      let (database, feeds, receiver) = (cluster.database, cluster.feeds, cluster.receiver)
      let (configs, nodes) = (cluster.configs, cluster.nodes)
      let admin = try PostgresConnection(uri: database.server.socketURI("postgres"))
      defer { admin.close() }
      let db = try PostgresConnection(uri: database.uri)
      func count(_ query: String) -> Int { (try? db.query(query).int(0, 0)) ?? -1 }
      let total = Self.hosts * Self.feedsPerHost
      #expect(SinkTestSupport.waitUntil(seconds: 30) { count("SELECT count(*) FROM node") == 2 })
      feeds.addRound()
      #expect(
        SinkTestSupport.waitUntil(seconds: 60) { count("SELECT count(*) FROM outbox") == total })

      // The outage, while the feeds gain an item.
      db.close()
      try admin.execute("ALTER DATABASE \(database.name) WITH ALLOW_CONNECTIONS false")
      try admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        [database.name])
      feeds.addRound()
      Thread.sleep(forTimeInterval: 2 * Self.leasePeriod)
      #expect(nodes.allSatisfy { $0.isRunning }, "a node exited during the outage")
      try admin.execute("ALTER DATABASE \(database.name) WITH ALLOW_CONNECTIONS true")

      let after = try PostgresConnection(uri: database.uri)
      defer { after.close() }
      func outbox() -> Int { (try? after.query("SELECT count(*) FROM outbox").int(0, 0)) ?? -1 }
      #expect(
        SinkTestSupport.waitUntil(seconds: 60) { outbox() == 2 * total },
        "\(outbox())\n\(Self.problems(in: configs))")
      Thread.sleep(forTimeInterval: 1)
      #expect(outbox() == 2 * total)
      let keys = receiver.posts.compactMap { $0.headers["idempotency-key"] }
      #expect(
        SinkTestSupport.waitUntil(seconds: 30) {
          Set(receiver.posts.compactMap { $0.headers["idempotency-key"] }).count == 2 * total
        })
      #expect(keys.count - Set(keys).count <= 1)
      let log = try String(
        contentsOf: configs[0].deletingLastPathComponent().appendingPathComponent("node.log"),
        encoding: .utf8)
      #expect(log.contains("polling pauses"), "\(log.suffix(2000))")
    }
  }
}
