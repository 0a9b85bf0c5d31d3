import Foundation
import PostgresClient
import Store
import TestPostgres
import Testing

/// The metrics endpoint's view of a PostgreSQL store: `/readyz` says why commits cannot be
/// written, and the delivery backlog counts what each sink has not delivered.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct PostgresProbeTests {
  let feedKey = "https://example.org/feed.xml"

  @Test func aWritableStoreIsReadyAndItsBacklogCountsUndeliveredAlerts() throws {
    try withTestDatabase { database in
      let store = try PostgresStore(uri: database.uri)
      defer { store.close() }
      try store.registerSink("log")
      try store.registerSink("hook")
      try store.commit(
        feed: FeedState(key: feedKey, name: "Example"), seen: [],
        alerts: (0..<3).map { outboxAlert("a\($0)", feed: feedKey) })
      try store.markDelivered(sink: "log", ids: ["a0", "a1"], at: date(1_700_000_100))
      // A failing alert is still owed.
      try store.recordFailure(sink: "hook", id: "a0", error: "HTTP 503", retryAt: .distantFuture)

      let probe = PostgresProbe(uri: database.uri)
      #expect(probe.problem() == nil)
      #expect(try probe.backlog(sinks: ["log", "hook"]) == ["log": 1, "hook": 3])
      for sink in ["log", "hook"] {
        let counts = try store.deliveryCounts(sink: sink, rules: nil)
        #expect(counts.total - counts.delivered == (sink == "log" ? 1 : 3))
      }
    }
  }

  @Test func aReadOnlyDatabaseIsNotReady() throws {
    try withTestDatabase { database in
      try PostgresStore(uri: database.uri).close()
      let admin = try PostgresConnection(uri: database.uri)
      try admin.execute(
        "ALTER DATABASE \"\(database.name)\" SET default_transaction_read_only = on")
      let problem = PostgresProbe(uri: database.uri).problem()
      #expect(problem?.contains("is read-only") == true, "\(problem ?? "ready")")
      try admin.execute("SET default_transaction_read_only = off")
      try admin.execute(
        "ALTER DATABASE \"\(database.name)\" SET default_transaction_read_only = off")
    }
  }

  @Test func aServerThatDoesNotAnswerIsNotReadyAndNamedWithoutItsPassword() throws {
    let probe = PostgresProbe(uri: "postgresql://feedwatch:secret@127.0.0.1:1/feedwatch")
    let problem = try #require(probe.problem())
    #expect(problem.contains("postgresql://feedwatch@127.0.0.1:1/feedwatch does not answer"))
    #expect(!problem.contains("secret"))
    #expect(throws: PostgresError.self) { try probe.backlog(sinks: ["log"]) }
  }

  @Test func aStoreOfAnotherSchemaIsNotReady() throws {
    try withTestDatabase { database in
      try PostgresStore(uri: database.uri).close()
      let db = try PostgresConnection(uri: database.uri)
      try db.query("UPDATE feedwatch_schema SET version = $1", [PostgresSchema.currentVersion + 1])
      let problem = PostgresProbe(uri: database.uri).problem()
      #expect(problem?.contains("schema version \(PostgresSchema.currentVersion + 1)") == true)
    }
  }
}
