import Foundation
import PostgresClient
import TestPostgres
import Testing

@testable import Store

/// The PostgreSQL schema keeps every column of the SQLite one, so that a store can move from
/// one to the other (`salvage`-style copies read the tables by name) without losing anything.
@Suite(.enabled(if: TestPostgres.isAvailable, "needs a PostgreSQL server"))
struct SchemaParityTests {
  @Test func everySQLiteTableAndColumnExistsInPostgreSQL() throws {
    let sqlite = try withStore { store, _ in
      try store.withConnection { db -> [String: Set<String>] in
        var tables: [String: Set<String>] = [:]
        try db.withStatement(
          """
          SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
          WHERE m.type = 'table'
          """
        ) { row in
          while try row.step() {
            tables[row.string(0) ?? "", default: []].insert(row.string(1) ?? "")
          }
        }
        return tables
      }
    }
    #expect(sqlite.count >= 8)
    try withTestDatabase { database in
      let db = try PostgresConnection(uri: database.uri)
      try PostgresSchema.migrate(db)
      let rows = try db.query(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
      )
      var postgres: [String: Set<String>] = [:]
      for row in 0..<rows.count {
        postgres[rows.string(row, 0) ?? "", default: []].insert(rows.string(row, 1) ?? "")
      }
      for (table, columns) in sqlite {
        let missing = columns.subtracting(postgres[table] ?? [])
        #expect(missing.isEmpty, "PostgreSQL's \(table) lacks \(missing.sorted())")
      }
    }
  }
}
