import Foundation
import Store

/// A fresh directory under the system temporary directory, removed after `body`.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("feedwatch-store-tests-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  return try body(directory)
}

/// A store in a fresh temporary directory, closed and removed after `body`.
@discardableResult
func withStore<T>(_ body: (Store, String) throws -> T) throws -> T {
  try withTemporaryDirectory { directory throws in
    let store = try Store(directory: directory)
    defer { store.close() }
    return try body(store, directory)
  }
}

/// Whole or binary-exact seconds, so dates survive the REAL column bit for bit.
func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

func seenItem(_ feedKey: String, _ itemKey: String, at seconds: Double = 1_700_000_000) -> SeenItem
{
  SeenItem(
    feedKey: feedKey, itemKey: itemKey, keyVersion: 1, title: "Title \(itemKey)",
    link: "https://example.org/\(itemKey)", published: date(seconds - 60), firstSeen: date(seconds),
    alerted: true)
}

func outboxAlert(_ id: String, feed: String, at seconds: Double = 1_700_000_000) -> OutboxAlert {
  OutboxAlert(
    id: id, created: date(seconds), rule: "withdrawal", feedKey: feed,
    json: #"{"id":"\#(id)","rule":"withdrawal","feed":"\#(feed)"}"#)
}
