#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The benchmark corpus: the extraction tests' stories (the seed story and the other
/// styles of conflict news), read from the test target's fixture files in this checkout.
enum Corpus {
  /// Tests/ExtractionTests/Fixtures, found from this source file's own path.
  static let directory = URL(filePath: #filePath)
    .deletingLastPathComponent()  // Benchmarks/ExtractionBenchmark
    .deletingLastPathComponent()  // Benchmarks
    .deletingLastPathComponent()  // the package
    .appending(path: "Tests/ExtractionTests/Fixtures")

  /// Every fixture, by file name: the title on the first line (empty when none), a blank
  /// line, then the body.
  static func articles() throws -> [(title: String?, body: String)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".txt") }.sorted()
    return try names.map { name in
      let text = String(
        decoding: try Data(contentsOf: directory.appending(path: name)), as: UTF8.self)
      let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
      var body = lines.count > 2 ? String(lines[2]) : ""
      if body.hasSuffix("\n") { body.removeLast() }
      return (lines[0].isEmpty ? nil : String(lines[0]), body)
    }
  }
}
