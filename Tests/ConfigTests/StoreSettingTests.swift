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
    #expect(
      try parse(#"{"postgres": "\#(socket)"}"#).store == .postgres(uri: socket, passwordFile: nil))
    let tls = "postgresql://feedwatch@db.example:6432/feedwatch?sslmode=verify-full"
    #expect(
      try parse(#"{"postgres": "\#(tls)", "passwordFile": "pgpass"}"#).store
        == .postgres(uri: tls, passwordFile: "/etc/feedwatch/pgpass"))
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
