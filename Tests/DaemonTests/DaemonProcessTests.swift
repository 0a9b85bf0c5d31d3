import Foundation
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the real `feedwatch run` binary: readiness, SIGHUP reloads, SIGTERM stops it cleanly.
@Suite struct DaemonProcessTests {
  /// The feedwatch executable built beside the test bundle.
  static var binary: String {
    let testBundle = URL(fileURLWithPath: CommandLine.arguments[0])
    var folder = testBundle.deletingLastPathComponent()
    while !folder.path.hasSuffix("/debug") && !folder.path.hasSuffix("/release")
      && folder.path != "/"
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("feedwatch").path
  }

  @Test func runsReloadsAndStopsCleanly() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: Self.binary), "build the feedwatch product first"
    )
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let feed = #"{"url": "\#(served.url)", "name": "wire", "interval": "1m"}"#
    _ = try harness.config(feeds: [feed])
    let configFile = harness.folder.appendingPathComponent("config.json")
    let (process, notify, errors) = try Self.startRun(harness)
    defer { if process.isRunning { process.terminate() } }

    #expect(notify.waitFor("READY=1", seconds: 20))
    #expect(waitUntil(seconds: 20) { (try? harness.alerts().count) == 1 })

    // An invalid config on SIGHUP is refused; the daemon keeps running.
    let good = try Data(contentsOf: configFile)
    try Data(#"{"feeds": [{"url": "https://a.org/rss", "interval": "often"}]}"#.utf8).write(
      to: configFile)
    kill(process.processIdentifier, SIGHUP)
    #expect(notify.waitFor("RELOADING=1", seconds: 10))
    Thread.sleep(forTimeInterval: 0.5)
    #expect(process.isRunning)

    // A valid one is taken.
    try good.write(to: configFile)
    kill(process.processIdentifier, SIGHUP)
    #expect(notify.waitFor("RELOADING=1", seconds: 10))
    #expect(notify.waitFor("READY=1", seconds: 10))

    kill(process.processIdentifier, SIGTERM)
    #expect(waitUntil(seconds: 15) { !process.isRunning })
    #expect(process.terminationStatus == 0)
    #expect(notify.waitFor("STOPPING=1", seconds: 2))
    let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(log.contains("config reload refused"))
    #expect(log.contains("feeds[0].interval"))
    #expect(log.contains("config reloaded"))
    #expect(log.contains("stopped"))
    #expect(try harness.alerts().count == 1)
  }

  /// Starts `feedwatch run` on the harness's config, with a $NOTIFY_SOCKET to read its
  /// readiness from and its standard error in a pipe.
  static func startRun(_ harness: DaemonHarness) throws -> (Process, NotifySocket, Pipe) {
    let notify = try NotifySocket(path: harness.folder.appendingPathComponent("notify.sock").path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
      "run", "--config", harness.folder.appendingPathComponent("config.json").path,
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["NOTIFY_SOCKET"] = notify.path
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    return (process, notify, errors)
  }

  func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
  }
}

/// A unix datagram socket standing in for systemd's $NOTIFY_SOCKET.
final class NotifySocket: @unchecked Sendable {
  let path: String
  private let fd: Int32
  private(set) var received: [String] = []

  init(path: String) throws {
    self.path = path
    unlink(path)
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: Array(path.utf8)) }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit {
    close(fd)
    unlink(path)
  }

  /// Reads messages not read before until one contains `text`.
  func waitFor(_ text: String, seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = recv(fd, &buffer, buffer.count, 0)
      guard n > 0 else { continue }
      let message = String(decoding: buffer.prefix(n), as: UTF8.self)
      received.append(message)
      if message.contains(text) { return true }
    }
    return false
  }
}

/// `feedwatch alerts` reads the log: filters, JSON passthrough, one alert in full.
@Suite struct AlertsCommandTests {
  /// Runs `feedwatch ARGS`: its exit status and standard output (with its standard error
  /// too when `withErrors`).
  func feedwatch(_ arguments: [String], withErrors: Bool = false) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = withErrors ? output : FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test func listsFiltersAndShows() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [{"url": "\(served.url)", "name": "wire"}],
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal", "severity": "info" },
          { "name": "sadr", "when": "person:\\"Moqtada al-Sadr\\"", "severity": "warning" }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    _ = try harness.once(try ConfigLoader.load(path: file.path))
    let log = harness.alertLog.path

    let all = try feedwatch(["alerts", "--log", log])
    #expect(all.status == 0)
    #expect(all.output.split(separator: "\n").count == 3)  // header + two alerts
    #expect(all.output.contains("withdrawal") && all.output.contains("sadr"))
    #expect(!all.output.contains("\u{1B}["))  // no colour when piped

    let warnings = try feedwatch(["alerts", "--log", log, "--severity", "warning", "--json"])
    let lines = warnings.output.split(separator: "\n")
    #expect(lines.count == 1)
    let id = try #require(
      (try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])?["id"]
        as? String)

    let shown = try feedwatch(["alerts", "show", "--log", log, String(id.prefix(8))])
    #expect(shown.status == 0)
    #expect(shown.output.contains("Iraqi factions renew calls for full pullout"))
    #expect(shown.output.contains("person Moqtada al-Sadr"))

    let none = try feedwatch(["alerts", "--log", log, "--since", "1h", "--until", "30m", "--json"])
    #expect(none.output.isEmpty)
    #expect(try feedwatch(["alerts", "show", "--log", log, "ffffffffffff"]).status != 0)
  }
}

@Suite struct ParseCommandTests {
  @Test func parsesAFeedFetchedFromAURL() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let result = try AlertsCommandTests().feedwatch(["parse", served.url])
    #expect(result.status == 0)
    let document =
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    let items = document?["items"] as? [[String: Any]]
    #expect(items?.first?["id"] as? String == "feedwatch-sample-2021-07-27-iraq-pullout")
    // Nothing listens on port 1: the fetch fails, and so does the command.
    #expect(
      try AlertsCommandTests().feedwatch(["parse", "http://127.0.0.1:1/feed.xml"]).status != 0)
  }
}
