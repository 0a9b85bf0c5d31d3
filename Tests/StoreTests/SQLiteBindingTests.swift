import Testing

@testable import Store

/// Text goes into SQLite as written: an empty text is '' (not NULL), an embedded NUL and
/// non-ASCII bytes are kept, and nil is NULL.
@Suite struct SQLiteBindingTests {
  @Test(arguments: ["", "a\u{0}b", "Ünïcødé — ✓", String(repeating: "x", count: 5_000)])
  func textIsStoredAsWritten(_ text: String) throws {
    try withTemporaryDirectory { directory in
      let connection = try SQLiteConnection(path: directory + "/binding.sqlite")
      try connection.execute("CREATE TABLE t (v TEXT)")
      try connection.withStatement("INSERT INTO t (v) VALUES (?1)") { statement in
        try statement.bind(1, text)
        try statement.run()
      }
      let stored = try connection.withStatement(
        "SELECT v IS NULL, length(CAST(v AS BLOB)), v FROM t"
      ) { statement -> (isNull: Bool, bytes: Int?, text: String?) in
        _ = try statement.step()
        return (statement.bool(0), statement.int(1), statement.string(2))
      }
      #expect(!stored.isNull)
      #expect(stored.bytes == text.utf8.count)
      #expect(stored.text == text)
    }
  }

  @Test func nilIsNull() throws {
    try withTemporaryDirectory { directory in
      let connection = try SQLiteConnection(path: directory + "/binding.sqlite")
      try connection.execute("CREATE TABLE t (v TEXT)")
      try connection.withStatement("INSERT INTO t (v) VALUES (?1)") { statement in
        try statement.bind(1, nil as String?)
        try statement.run()
      }
      let isNull = try connection.withStatement("SELECT v IS NULL FROM t") { statement in
        _ = try statement.step()
        return statement.bool(0)
      }
      #expect(isNull)
    }
  }
}
