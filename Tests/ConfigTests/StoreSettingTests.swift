import Foundation
import Testing

@testable import Config

/// The config's "store": SQLite unless it names a PostgreSQL database by a libpq URI.
@Suite struct StoreSettingTests {
  func parse(_ store: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(
      Data(#"{"feeds": [], "store": \#(store)}"#.utf8), file: "/etc/feedwatch/config.json")
  }

  func refusal(_ store: String) -> String {
    do {
      _ = try parse(store)
      return ""
    } catch {
      return error.description
    }
  }

  @Test func sqliteUnlessADatabaseIsNamed() throws {
    let none = try ConfigLoader.parse(Data(#"{"feeds": []}"#.utf8), file: "/etc/f/config.json")
    #expect(none.store == .sqlite)
    #expect(try parse("null").store == .sqlite)
  }

  @Test func aURIIsKeptAsWrittenAndThePasswordFileResolved() throws {
    let socket = "postgresql://feedwatch@/feedwatch?host=/run/postgresql&port=5432"
    let host = NodeSettings(name: NodeSettings.hostName)
    #expect(
      try parse(#"{"postgres": "\#(socket)"}"#).store
        == .postgres(uri: socket, passwordFile: nil, node: host))
    let tls = "postgresql://feedwatch@db.example:6432/feedwatch?sslmode=verify-full"
    #expect(
      try parse(#"{"postgres": "\#(tls)", "passwordFile": "pgpass"}"#).store
        == .postgres(uri: tls, passwordFile: "/etc/feedwatch/pgpass", node: host))
  }

  /// A node of a cluster: its name (the host name unless given) and its lease period.
  @Test func aNodeHasANameAndALeasePeriod() throws {
    let uri = "postgresql://feedwatch@/feedwatch"
    let store = try parse(#"{"postgres": "\#(uri)", "node": "east-1", "leasePeriod": "30s"}"#)
      .store
    #expect(store.node == NodeSettings(name: "east-1", leasePeriod: 30))
    #expect(try parse(#"{"postgres": "\#(uri)"}"#).store.node?.leasePeriod == 15)
    #expect(
      refusal(#"{"postgres": "\#(uri)", "leasePeriod": "1s"}"#).contains("store.leasePeriod"))
  }

  /// In a cluster the alert log and the journal are each node's own (every node writes every
  /// alert), so their delivery records are the node's; a webhook is the cluster's.
  @Test func aClustersLocalSinksAreEachNodesOwn() throws {
    let json = #"""
      {"feeds": [], "store": {"postgres": "postgresql://f@/f", "node": "east-1"},
       "sinks": [{"type": "jsonl", "path": "/var/log/a.jsonl"}, {"type": "journal"},
                 {"type": "webhook", "url": "https://hooks.example/x"}]}
      """#
    let config = try ConfigLoader.parse(Data(json.utf8), file: "/etc/f/config.json")
    #expect(config.sinks.map(\.node) == ["east-1", "east-1", nil])
    #expect(config.sinks[0].address == "jsonl:/var/log/a.jsonl node:east-1")
    #expect(config.sinks[2].address == "webhook:https://hooks.example/x")
    let alone = try ConfigLoader.parse(
      Data(#"{"feeds": [], "sinks": [{"type": "jsonl", "path": "/var/log/a.jsonl"}]}"#.utf8),
      file: "/etc/f/config.json")
    #expect(alone.sinks[0].address == "jsonl:/var/log/a.jsonl")
  }

  @Test func aPasswordInTheURIIsRefusedWithoutRepeatingIt() {
    for uri in [
      "postgresql://feedwatch:hunter2@db.example/feedwatch",
      "postgresql://feedwatch@db.example/feedwatch?sslmode=require&password=hunter2",
    ] {
      let message = refusal(#"{"postgres": "\#(uri)"}"#)
      #expect(message.contains("store.postgres: the URI carries a password"), "\(message)")
      #expect(message.contains("store.passwordFile") && message.contains("PGPASSFILE"))
      #expect(!message.contains("hunter2"))
    }
  }

  @Test func mistakesNameTheFieldAndTheFix() {
    #expect(refusal(#"{"postgres": "db.example"}"#).contains("starting with postgresql://"))
    #expect(refusal(#"{"passwordFile": "pgpass"}"#).contains("store.postgres: missing"))
    #expect(
      refusal(#"{"postgresql": "postgresql://x@/db"}"#).contains("store.postgresql: unknown key"))
    #expect(refusal(#""postgresql://x@/db""#).contains("store: expected an object"))
  }
}
