import Foundation
import Testing

@testable import Delivery

/// Which files beside an alert log are its rotations, in which order, and how they read.
@Suite struct AlertLogRotationsTests {
  @Test func numberedAndDatedRotationsOldestFirst() {
    let names = [
      "alerts.jsonl", "alerts.jsonl.1", "alerts.jsonl.2.gz", "alerts.jsonl.10.gz",
      "alerts.jsonl-20261130.gz", "alerts.jsonl-20261201", "alerts.jsonl.bak", "alerts.jsonl.1.swp",
      "alerts.jsonl.3.xz", "other.jsonl.1", "alerts.jsonlx.1",
    ]
    let rotations = AlertLogRotations(of: "alerts.jsonl", among: names, in: "/var/log/feedwatch")
    #expect(
      rotations.readable.map(\.path) == [
        "/var/log/feedwatch/alerts.jsonl-20261130.gz", "/var/log/feedwatch/alerts.jsonl-20261201",
        "/var/log/feedwatch/alerts.jsonl.10.gz", "/var/log/feedwatch/alerts.jsonl.2.gz",
        "/var/log/feedwatch/alerts.jsonl.1",
      ])
    #expect(rotations.readable.map(\.compression) == [.gzip, .none, .gzip, .gzip, .none])
    #expect(rotations.unreadable == ["/var/log/feedwatch/alerts.jsonl.3.xz"])
  }

  @Test func gzipAndPlainFilesReadTheSameAndACutGzipIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "feedwatch-rotations-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = (1...2000).map { #"{"id":"\#($0)"}"# }.joined(separator: "\n") + "\n"
    let plain = folder.appendingPathComponent("alerts.jsonl.1")
    try Data(text.utf8).write(to: plain)
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    gzip.arguments = ["-k", plain.path]
    try gzip.run()
    gzip.waitUntilExit()
    let compressed = folder.appendingPathComponent("alerts.jsonl.1.gz")
    let lines = try AlertLogRotations.File(path: plain.path, compression: .none).lines()
    #expect(lines.count == 2000)
    #expect(try AlertLogRotations.File(path: compressed.path, compression: .gzip).lines() == lines)

    let whole = try Data(contentsOf: compressed)
    let cut = folder.appendingPathComponent("alerts.jsonl.2.gz")
    try whole.prefix(whole.count / 2).write(to: cut)
    #expect(throws: AlertLogReadError.self) {
      try AlertLogRotations.File(path: cut.path, compression: .gzip).lines()
    }
    let notGzip = folder.appendingPathComponent("alerts.jsonl.3.gz")
    try Data(text.utf8).write(to: notGzip)
    #expect(throws: AlertLogReadError.self) {
      try AlertLogRotations.File(path: notGzip.path, compression: .gzip).lines()
    }
  }
}
