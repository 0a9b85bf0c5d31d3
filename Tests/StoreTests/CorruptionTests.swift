import Foundation
import Testing

@testable import Store

@Suite struct CorruptionTests {
  @Test func aFileThatIsNotADatabaseGivesAClearError() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      let garbage = String(repeating: "this is not an SQLite database\n", count: 200)
      try garbage.write(toFile: path, atomically: false, encoding: .utf8)
      do {
        _ = try Store(directory: directory)
        Issue.record("a garbage file opened as a store")
      } catch let error as StoreError {
        #expect(error.isCorruption)
        #expect(error.path == path)
        #expect(error.description.contains(path))
        #expect(error.description.contains("move it aside"))
        #expect(error.description.contains("feedwatch store repair"))
      }
    }
  }

  @Test func aTruncatedDatabaseIsReportedNotCrashedOn() throws {
    try withTemporaryDirectory { directory throws in
      let feedKey = "https://example.org/feed.xml"
      let path: String
      do {
        let store = try Store(directory: directory)
        path = store.path
        let items = (0..<3000).map {
          seenItem(feedKey, "item-\($0)-" + String(repeating: "x", count: 100))
        }
        let alerts = (0..<500).map { outboxAlert("alert-\($0)", feed: feedKey) }
        try store.commit(
          feed: FeedState(key: feedKey, name: "Example"), seen: items, alerts: alerts)
        store.close()
      }
      let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber
      #expect(size.intValue > 100_000)
      let handle = try #require(FileHandle(forWritingAtPath: path))
      try handle.truncate(atOffset: UInt64(size.intValue / 2))
      try handle.close()

      // Either opening fails, or the check (and the queries that touch the lost pages)
      // report the damage; every error names the file and the recovery.
      var errors: [StoreError] = []
      var problems: [String] = []
      do {
        let store = try Store(path: path)
        defer { store.close() }
        problems = try store.check()
        do {
          _ = try store.unseenKeys(feedKey: feedKey, among: (0..<3000).map { "item-\($0)" })
          _ = try store.alerts(since: nil, limit: 1000)
        } catch let error as StoreError {
          errors.append(error)
        }
      } catch let error as StoreError {
        errors.append(error)
      }
      #expect(!errors.isEmpty || !problems.isEmpty)
      for error in errors {
        #expect(error.isCorruption)
        #expect(error.description.contains(path))
        #expect(error.description.contains("move it aside"))
      }
    }
  }

  @Test func aDatabaseFromANewerFeedwatchIsRefused() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      try Store(path: path).close()
      let connection = try SQLiteConnection(path: path)
      try connection.execute("PRAGMA user_version = \(Schema.currentVersion + 1)")
      connection.close()
      do {
        _ = try Store(path: path)
        Issue.record("a newer schema was accepted")
      } catch let error as StoreError {
        #expect(error.description.contains("newer"))
        #expect(error.description.contains("Upgrade feedwatch"))
      }
    }
  }

  @Test func aDirectoryThatCannotBeCreatedIsNamed() throws {
    try withTemporaryDirectory { directory throws in
      let file = directory + "/plain-file"
      try "x".write(toFile: file, atomically: false, encoding: .utf8)
      do {
        _ = try Store(directory: file + "/state")
        Issue.record("a directory was created under a plain file")
      } catch let error as StoreError {
        #expect(error.description.contains(file + "/state"))
      }
    }
  }
}

@Suite struct RepairTests {
  @Test func movingADamagedFileAsideLetsAFreshStoreOpen() throws {
    try withTemporaryDirectory { directory throws in
      let path = directory + "/" + Store.fileName
      try String(repeating: "garbage ", count: 1000).write(
        toFile: path, atomically: false, encoding: .utf8)
      #expect(throws: StoreError.self) { try Store(path: path) }
      try "stale wal".write(toFile: path + "-wal", atomically: false, encoding: .utf8)

      let moved = try Store.moveAside(path: path, at: date(1_764_000_000))
      #expect(moved == path + ".corrupt-1764000000")
      #expect(try String(contentsOfFile: moved, encoding: .utf8).hasPrefix("garbage"))
      #expect(try String(contentsOfFile: moved + "-wal", encoding: .utf8) == "stale wal")
      #expect(!FileManager.default.fileExists(atPath: path + "-wal"))

      let store = try Store(path: path)
      defer { store.close() }
      #expect(try store.check() == [])
      #expect(try store.allFeedStates().isEmpty)
    }
  }

  @Test func movingAsideAMissingFileIsAnError() throws {
    try withTemporaryDirectory { directory throws in
      #expect(throws: StoreError.self) { try Store.moveAside(path: directory + "/none.db") }
    }
  }
}
