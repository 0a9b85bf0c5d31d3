import Foundation
import PostgresClient
import Store
import TestHTTPServer
import TestPostgres
import Testing

/// The binary with `"store": {"postgres": …}`: its state in PostgreSQL instead of SQLite,
/// the password from a file and never in a message, a server that is down is exit 75.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct PostgresStoreTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  func writeConfig(_ harness: DaemonHarness, feed: String, store: String) throws -> String {
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "store": \(store),
        "feeds": [{"url": "\(feed)", "name": "wire"}],
        "rules": [ { "name": "withdrawal", "when": "topic:withdrawal", "severity": "info" } ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file.path
  }

  /// Over TCP with the password in a file: `once` keeps every bit of state in the database
  /// (no SQLite file appears), a second `once` alerts on nothing again, `status` reads it.
  @Test func onceAndStatusUseTheDatabase() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try withTestDatabase { database in
      let harness = try DaemonHarness()
      let served = try ServedFeed(SampleFeed.feed())
      defer { served.server.stop() }
      let config = try writeConfig(
        harness, feed: served.url,
        store:
          #"{"postgres": "\#(database.tcpURI)", "passwordFile": "\#(database.server.passwordFile)"}"#
      )
      let first = try feedwatch(["once", "--config", config])
      #expect(first.status == 0, "\(first.output)")
      let alerts = try harness.alerts()
      #expect(!alerts.isEmpty)
      #expect(
        !FileManager.default.fileExists(
          atPath: harness.folder.appendingPathComponent("state/\(Store.fileName)").path))

      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      #expect(try store.alertCount() == alerts.count)
      #expect(try store.feedState(served.url)?.status == .ok)

      let second = try feedwatch(["once", "--config", config])
      #expect(second.status == 0, "\(second.output)")
      #expect(try harness.alerts().count == alerts.count)
      #expect(try store.alertCount() == alerts.count)

      let status = try feedwatch(["status", "--config", config])
      #expect(status.status == 0, "\(status.output)")
      #expect(status.output.contains("wire"))
      #expect(!status.output.contains("no state yet"), "\(status.output)")
      #expect(!status.output.contains(database.server.password))

      let check = try feedwatch(["store", "check", "--config", config])
      #expect(check.status == 0, "\(check.output)")
      #expect(check.output.contains("\(database.tcpURI): ok"), "\(check.output)")
    }
  }

  /// An installation on SQLite moves to PostgreSQL with `store migrate --to`: the next poll on
  /// PostgreSQL alerts on nothing it alerted on before; a second migration is refused.
  @Test func migratingAnSQLiteStateAlertsNothingAgain() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try withTestDatabase { database in
      let harness = try DaemonHarness()
      let served = try ServedFeed(SampleFeed.feed())
      defer { served.server.stop() }
      let sqlite = try writeConfig(harness, feed: served.url, store: "null")
      let first = try feedwatch(["once", "--config", sqlite])
      #expect(first.status == 0, "\(first.output)")
      let alerts = try harness.alerts().count
      #expect(alerts > 0)

      let migrate = [
        "store", "migrate", "--config", sqlite, "--to", database.tcpURI,
        "--password-file", database.server.passwordFile,
      ]
      let migrated = try feedwatch(migrate)
      #expect(migrated.status == 0, "\(migrated.output)")
      #expect(migrated.output.contains("copied 1 feed, "), "\(migrated.output)")
      #expect(migrated.output.contains(#""store": {"postgres": "\#(database.tcpURI)""#))
      #expect(!migrated.output.contains(database.server.password))

      let postgres = try writeConfig(
        harness, feed: served.url,
        store:
          #"{"postgres": "\#(database.tcpURI)", "passwordFile": "\#(database.server.passwordFile)"}"#
      )
      // A new ETag, so the poll reads every item again rather than getting a 304.
      served.update(SampleFeed.feed())
      let after = try feedwatch(["once", "--config", postgres])
      #expect(after.status == 0, "\(after.output)")
      #expect(after.output.contains("wire: ok, 0 new items, 0 alerts"), "\(after.output)")
      #expect(try harness.alerts().count == alerts)

      let again = try feedwatch(migrate)
      #expect(again.status == 1)
      #expect(again.output.contains("already holds a feedwatch state"), "\(again.output)")
    }
  }

  /// A server that is down at start: one line naming the URI without the password, exit 75
  /// (systemd restarts the unit). `sslmode` reaches libpq: the test server has no TLS.
  @Test func anUnreachableServerIsExit75AndNamesTheURIWithoutThePassword() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let secret = "pw-\(UUID().uuidString)"
    let passwordFile = harness.folder.appendingPathComponent("pgpass").path
    try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
    // A port nothing listens on.
    let down = "postgresql://feedwatch@127.0.0.1:1/feedwatch?connect_timeout=5"
    let config = try writeConfig(
      harness, feed: "http://127.0.0.1:1/feed.xml",
      store: #"{"postgres": "\#(down)", "passwordFile": "\#(passwordFile)"}"#)
    for command in ["run", "once"] {
      let result = try feedwatch([command, "--config", config])
      #expect(result.status == 75, "\(command): \(result.output)")
      #expect(result.output.contains("cannot connect to the PostgreSQL store \(down)"))
      #expect(!result.output.contains(secret))
    }

    try withTestDatabase { database in
      let tls = database.tcpURI.replacingOccurrences(
        of: "sslmode=disable", with: "sslmode=require")
      let config = try writeConfig(
        harness, feed: "http://127.0.0.1:1/feed.xml",
        store: #"{"postgres": "\#(tls)", "passwordFile": "\#(database.server.passwordFile)"}"#)
      let result = try feedwatch(["once", "--config", config])
      #expect(result.status == 75, "\(result.output)")
      #expect(result.output.contains("SSL"), "\(result.output)")
    }
  }

  /// A database a newer feedwatch migrated is refused with a message that says so, over the
  /// Unix-socket form of the URI.
  @Test func aNewerSchemaIsRefused() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try PostgresSchema.migrate(db)
      try db.query("UPDATE feedwatch_schema SET version = $1", [PostgresSchema.currentVersion + 1])
      let harness = try DaemonHarness()
      let config = try writeConfig(
        harness, feed: "http://127.0.0.1:1/feed.xml", store: #"{"postgres": "\#(database.uri)"}"#)
      let result = try feedwatch(["once", "--config", config])
      #expect(result.status == 1, "\(result.output)")
      #expect(result.output.contains("newer than this feedwatch knows"), "\(result.output)")
      #expect(result.output.contains(database.uri))
    }
  }

  /// A webhook with a `digest` on the PostgreSQL store: the alerts wait in the database and go
  /// out as one digest, grouped by story with the story's sources, and are then delivered.
  @Test func aDigestSinkSendsOneDigestFromTheDatabase() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try withTestDatabase { database in
      let harness = try DaemonHarness()
      let wires = try SinkTestSupport.TwoWires()
      let receiver = try HookReceiver()
      defer {
        wires.stop()
        receiver.server.stop()
      }
      let config = try SinkTestSupport.writeConfig(
        in: harness.folder,
        feeds: wires.feeds,
        sinks: [
          #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
          #"{"type": "webhook", "url": "\#(receiver.url)", "digest": "5s"}"#,
        ],
        store: #"{"postgres": "\#(database.uri)"}"#)
      SinkTestSupport.sleep(untilPhase: 0.2, of: 5)
      let daemon = try SinkTestSupport.startRun(config)
      let arrived = SinkTestSupport.waitUntil(seconds: 15) { !receiver.digests.isEmpty }
      Thread.sleep(forTimeInterval: 5.5)
      #expect(SinkTestSupport.stop(daemon) == 0)
      #expect(arrived, "no digest arrived")

      let logged = SinkTestSupport.logLines(harness.alertLog).compactMap { $0["id"] as? String }
      #expect(logged.count == 4)
      #expect(receiver.digests.count == 1)
      let digest = try #require(receiver.digests.first).json
      #expect(HookReceiver.alertIDs(in: digest).sorted() == logged.sorted())
      let stories = try #require(digest["stories"] as? [[String: Any]])
      let story = try #require(stories.first { ($0["rules"] as? [Any])?.count == 3 })
      let sources = (story["sources"] as? [[String: Any]] ?? []).compactMap {
        $0["feed"] as? String
      }
      #expect(Set(sources) == ["first-wire", "second-wire"])

      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      let sink = SinkID(address: "webhook:\(receiver.url)").rawValue
      #expect(try store.digests(sink: sink).map(\.alertCount) == [4])
      #expect(try store.pendingDigests(sink: sink, now: .distantFuture).isEmpty)
      #expect(try store.pending(sink: sink, now: .distantFuture, limit: 10).isEmpty)
      // `feedwatch sinks` reads the same database: both sinks delivered all four alerts.
      let listed = try feedwatch(["sinks", "--json", "--config", config.path])
      #expect(listed.status == 0, "\(listed.output)")
      let rows = listed.output.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
      }
      #expect(rows.map { $0["type"] as? String } == ["jsonl", "webhook"], "\(listed.output)")
      #expect(rows.allSatisfy { $0["delivered"] as? Int == 4 && $0["backlog"] as? Int == 0 })
      #expect(
        !FileManager.default.fileExists(
          atPath: harness.folder.appendingPathComponent("state/\(Store.fileName)").path))
    }
  }
}
