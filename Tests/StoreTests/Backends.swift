import Foundation
import PostgresClient
import TestPostgres
import Testing

@testable import Store

/// The stores every behavioural case runs against: SQLite in a temporary directory, and
/// PostgreSQL in a fresh database on the private test server (`TestPostgres`).
enum Backend: String, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgresql

  /// Both, unless no PostgreSQL server can be had outside CI (TestPostgres says so, loudly).
  static let all: [Backend] = TestPostgres.isAvailable ? [.sqlite, .postgresql] : [.sqlite]

  var testDescription: String { rawValue }
}

/// Where a test's state lives, so that it can open one store there, or several, or open it
/// again after closing.
struct StoreLocation: Sendable {
  let backend: Backend
  /// The SQLite store's directory.
  let directory: String
  /// The PostgreSQL store's database.
  let database: TestDatabase?

  func open() throws -> any StateStore {
    switch backend {
    case .sqlite: try Store(directory: directory)
    case .postgresql: try PostgresStore(uri: database!.uri)
    }
  }
}

func withStoreLocation<T>(_ backend: Backend, _ body: (StoreLocation) throws -> T) throws -> T {
  try withTemporaryDirectory { directory in
    switch backend {
    case .sqlite:
      return try body(StoreLocation(backend: backend, directory: directory, database: nil))
    case .postgresql:
      return try withTestDatabase { database in
        try body(StoreLocation(backend: backend, directory: directory, database: database))
      }
    }
  }
}

/// A store of `backend` in a fresh location, closed after `body`.
@discardableResult
func withStore<T>(_ backend: Backend, _ body: (any StateStore) throws -> T) throws -> T {
  try withStoreLocation(backend) { location in
    let store = try location.open()
    defer { store.close() }
    return try body(store)
  }
}

/// Expects `body` to fail as its store fails: a StoreError from SQLite, a PostgresError naming
/// the server from PostgreSQL.
func expectStoreError(
  _ store: any StateStore, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("no error thrown", sourceLocation: sourceLocation)
  } catch let error as StoreError {
    #expect(store is Store, "\(error)", sourceLocation: sourceLocation)
  } catch let error as PostgresError {
    #expect(store is PostgresStore, "\(error)", sourceLocation: sourceLocation)
    #expect(error.server == store.location, sourceLocation: sourceLocation)
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
}
