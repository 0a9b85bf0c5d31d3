import Foundation
import PostgresClient
import TestPostgres
import Testing

@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct PostgresConnectionTests {
  @Test func boundValuesRoundTripExactly() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try db.execute(
        "CREATE TABLE t (s text, i bigint, d float8, b boolean, n text)")
      // Text that would break SQL spliced into it, and a date at binary-exact precision.
      let text = "it's; DROP TABLE t; -- \u{1F600} \"quoted\""
      let when = Date(timeIntervalSince1970: 1_700_000_000.123456)
      try db.query(
        "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
        [text, Int.min, when, true, nil])
      let rows = try db.query("SELECT s, i, d, b, n FROM t")
      #expect(rows.count == 1)
      #expect(rows.string(0, 0) == text)
      #expect(rows.int(0, 1) == Int.min)
      #expect(rows.date(0, 2) == when)
      #expect(rows.bool(0, 3))
      #expect(rows.isNull(0, 4) && rows.string(0, 4) == nil)
    }
  }

  /// An array parameter reaches the server element for element: quotes, backslashes, commas,
  /// braces, the word NULL, the empty string, non-ASCII text and real NULLs.
  @Test func arrayParametersRoundTripExactly() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      let texts: [String?] = [
        #"say "no""#, #"C:\path\"#, "a,b", "{x}", "NULL", "", nil, "caf\u{E9} \u{1F600}", " ",
      ]
      let rows = try db.query(
        "SELECT u, n FROM unnest($1::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n",
        [PostgresArray(texts)])
      #expect(rows.count == texts.count)
      for (index, text) in texts.enumerated() {
        #expect(rows.string(index, 0) == text, "element \(index)")
      }
      let numbers = try db.query(
        "SELECT sum(x) FROM unnest($1::float8[]) AS t(x)", [PostgresArray([1.5, 2.25, -0.75])])
      #expect(numbers.double(0, 0) == 3)
    }
  }

  @Test func aFailedTransactionLeavesNothingAndTheErrorCarriesItsSQLState() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try db.execute("CREATE TABLE t (k text PRIMARY KEY)")
      try db.query("INSERT INTO t VALUES ($1)", ["a"])
      #expect {
        try db.transaction {
          try db.query("INSERT INTO t VALUES ($1)", ["b"])
          try db.query("INSERT INTO t VALUES ($1)", ["a"])
        }
      } throws: { error in
        let error = error as? PostgresError
        return error?.kind == .server && error?.isUniqueViolation == true
      }
      // Rolled back whole, and the connection is usable again.
      #expect(try db.query("SELECT count(*) FROM t").int(0, 0) == 1)
    }
  }

  @Test func aPasswordFromAFileConnectsAndIsNeverInTheError() throws {
    try withTestDatabase { database in
      let password = try String(contentsOfFile: database.server.passwordFile, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      let db = try PostgresConnection(uri: database.tcpURI, password: password)
      #expect(try db.query("SELECT current_user").string(0, 0) == "feedwatch")

      // A wrong password in the URI itself: refused, and the error shows the URI without it.
      let secret = "not-the-password-\(UUID().uuidString)"
      let wrong = database.tcpURI.replacingOccurrences(
        of: "feedwatch@", with: "feedwatch:\(secret)@")
      #expect {
        _ = try PostgresConnection(uri: wrong)
      } throws: { error in
        let error = error as? PostgresError
        return error?.kind == .cannotConnect && !"\(error!)".contains(secret)
          && "\(error!)".contains("feedwatch@127.0.0.1")
      }
    }
  }

  @Test func theStandardPasswordFileIsRead() throws {
    try withTestDatabase { database in
      let pgpass = FileManager.default.temporaryDirectory
        .appendingPathComponent("feedwatch-pgpass-\(UUID().uuidString)").path
      let password = try String(contentsOfFile: database.server.passwordFile, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      try "127.0.0.1:\(database.server.port):*:feedwatch:\(password)\n".write(
        toFile: pgpass, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: pgpass) }
      chmod(pgpass, 0o600)  // libpq ignores a password file others can read
      let db = try PostgresConnection(uri: database.tcpURI + "&passfile=\(pgpass)")
      #expect(try db.query("SELECT 1").int(0, 0) == 1)
    }
  }

  @Test func aServerThatIsNotThereIsACannotConnectError() throws {
    // Port 1 on loopback: nothing listens there.
    let uri = "postgresql://feedwatch:secret@127.0.0.1:1/none?connect_timeout=2"
    #expect {
      _ = try PostgresConnection(uri: uri)
    } throws: { error in
      let error = error as? PostgresError
      return error?.kind == .cannotConnect && !"\(error!)".contains("secret")
    }
  }

  @Test func aKilledBackendIsAConnectionLossAndReconnectingRecovers() throws {
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      let pid = try #require(try db.query("SELECT pg_backend_pid()").int(0, 0))
      let other = try PostgresConnection(uri: database.uri)
      try other.query("SELECT pg_terminate_backend($1)", [pid])
      #expect {
        try db.query("SELECT 1")
      } throws: { error in
        (error as? PostgresError)?.isConnectionFailure == true
      }
      try db.reconnect()
      #expect(try db.query("SELECT 2").int(0, 0) == 2)
    }
  }

  @Test func redactedURIsKeepEverythingButThePassword() {
    #expect(
      PostgresURI.redacted("postgresql://fw:s3cr%40t@db.example:5432/feeds?sslmode=require")
        == "postgresql://fw@db.example:5432/feeds?sslmode=require")
    #expect(
      PostgresURI.redacted("postgresql://fw@/feeds?host=/run/postgresql&password=x&port=5432")
        == "postgresql://fw@/feeds?host=/run/postgresql&password=…&port=5432")
    #expect(PostgresURI.redacted("postgres://db/feeds") == "postgres://db/feeds")
    #expect(
      PostgresURI.redacted("host=db user=fw password=x dbname=feeds")
        == "host=db user=fw password=… dbname=feeds")
  }
}
