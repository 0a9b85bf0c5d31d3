import Foundation
import Testing

@testable import FeedLists

/// The bytes of a file in Fixtures/.
func fixture(_ name: String) throws -> [UInt8] {
  let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
  return Array(try Data(contentsOf: url))
}

/// The list in a fixture, read.
func readFixture(_ name: String) throws -> FeedList {
  try FeedListReader.read(try fixture(name))
}

extension FeedList {
  /// url → (title, tags), for comparing what a list gives.
  var byURL: [String: (title: String?, tags: [String])] {
    Dictionary(uniqueKeysWithValues: entries.map { ($0.url, ($0.title, $0.tags)) })
  }
}
