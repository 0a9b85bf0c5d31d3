import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The state directory under abuse, through the real binary: a damaged database is named and
/// repaired by `feedwatch store`, and a second process never shares a state directory.
@Suite struct StateFileTests {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs feedwatch to completion.
  static func feedwatch(_ arguments: [String]) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FeedwatchBinary.path)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  func requireBinary() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: FeedwatchBinary.path),
      "build the feedwatch product first")
  }

  /// A state directory holding a real database: one poll of a served feed.
  func polledOnce() throws -> (HardeningHarness, AttackServers) {
    let harness = try HardeningHarness()
    let servers = try AttackServers(
      .text(HostileFeeds.controlFeed, contentType: "application/rss+xml"))
    try harness.config(feeds: servers.feeds)
    let once = try Self.feedwatch(["once", "--config", harness.configFile.path])
    #expect(once.status == 0, "\(once.stderr)")
    return (harness, servers)
  }

  /// `feedwatch status` before anything was polled reports every feed as never polled and
  /// creates nothing: a database made by another user than the daemon's would lock it out.
  @Test func statusBeforeAnyPollCreatesNothing() throws {
    try requireBinary()
    let harness = try HardeningHarness()
    try harness.config(
      feeds: [#"{"url": "http://127.0.0.1:9/feed.xml", "name": "control"}"#], when: "feed:control")
    let status = try Self.feedwatch(["status", "--config", harness.configFile.path])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(
      status.stdout.split(separator: "\n").contains {
        $0.wholeMatch(of: /control +new +never +.*/) != nil
      },
      "\(status.stdout)")
    #expect(status.stderr.contains("no state yet in \(harness.stateDirectory.path)"))
    #expect(!FileManager.default.fileExists(atPath: harness.stateDirectory.path))
  }

  @Test func aDamagedDatabaseIsNamedAndRepaired() throws {
    try requireBinary()
    let (harness, servers) = try polledOnce()
    defer { servers.stop() }
    let database = harness.stateDirectory.appendingPathComponent("feedwatch.db").path
    #expect(
      try Self.feedwatch(["store", "check", "--config", harness.configFile.path]).status == 0)

    // Overwrite the header and the first pages: the file is no longer a database.
    let handle = try #require(FileHandle(forWritingAtPath: database))
    try handle.write(contentsOf: Data(repeating: 0x5A, count: 8192))
    try handle.close()

    let check = try Self.feedwatch(["store", "check", "--config", harness.configFile.path])
    #expect(check.status == 1)
    #expect(check.stderr.contains(database), "\(check.stderr)")
    #expect(check.stderr.contains("feedwatch store repair"), "\(check.stderr)")
    // The daemon's own commands fail with the same clear error instead of crashing.
    let once = try Self.feedwatch(["once", "--config", harness.configFile.path])
    #expect(once.status != 0)
    #expect(once.stderr.contains(database), "\(once.stderr)")

    let repair = try Self.feedwatch(["store", "repair", "--config", harness.configFile.path])
    #expect(repair.status == 0, "\(repair.stdout)\(repair.stderr)")
    #expect(repair.stdout.contains("repaired"))
    let kept = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory.path)
    #expect(kept.contains { $0.hasPrefix("feedwatch.db.corrupt-") }, "\(kept)")

    #expect(
      try Self.feedwatch(["store", "check", "--config", harness.configFile.path]).status == 0)
    #expect(try Self.feedwatch(["once", "--config", harness.configFile.path]).status == 0)
  }

  @Test func aHealthyDatabaseIsLeftAlone() throws {
    try requireBinary()
    let (harness, servers) = try polledOnce()
    defer { servers.stop() }
    let repair = try Self.feedwatch(["store", "repair", "--config", harness.configFile.path])
    #expect(repair.status == 0)
    #expect(repair.stdout.contains("nothing to repair"))
    let files = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory.path)
    #expect(!files.contains { $0.contains("corrupt") })
  }

  @Test func aSecondProcessOnTheSameStateDirectoryIsRefused() throws {
    try requireBinary()
    let harness = try HardeningHarness()
    let servers = try AttackServers(
      .text(HostileFeeds.controlFeed, contentType: "application/rss+xml"))
    defer { servers.stop() }
    try harness.config(feeds: servers.feeds)
    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: FeedwatchBinary.path)
    daemon.arguments = ["run", "--config", harness.configFile.path]
    daemon.standardError = FileHandle.nullDevice
    try daemon.run()
    defer {
      if daemon.isRunning {
        daemon.terminate()
        daemon.waitUntilExit()
      }
    }
    // The daemon holds the lock once it has written its pid into it.
    let lockFile = harness.stateDirectory.appendingPathComponent("feedwatch.lock").path
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline,
      (try? String(contentsOfFile: lockFile, encoding: .utf8))?.contains(
        "\(daemon.processIdentifier)") != true
    {
      Thread.sleep(forTimeInterval: 0.05)
    }
    try #require(daemon.isRunning)

    for command in [["once"], ["run"], ["store", "repair", "--force"]] {
      let second = try Self.feedwatch(command + ["--config", harness.configFile.path])
      #expect(second.status != 0, "\(command) ran beside the daemon")
      #expect(
        second.stderr.contains("another feedwatch (pid \(daemon.processIdentifier))"),
        "\(command): \(second.stderr)")
    }
    #expect(daemon.isRunning)
  }
}
