import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The daemon is killed with SIGKILL at random moments while its feed keeps changing; after each
/// restart it must catch up. In the end the alert log holds every alert that should exist, once.
@Suite struct CrashRecoveryTests {
  /// A feed that grows by one item on every request.
  final class GrowingFeed: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    private var growing = true
    var server: TestHTTPServer!

    init() throws {
      server = try TestHTTPServer { [unowned self] _ in self.respond() }
    }

    var guids: [String] { lock.withLock { items } }
    func stopGrowing() { lock.withLock { growing = false } }

    private func respond() -> TestResponse {
      lock.withLock {
        if growing { items.append("item-\(items.count + 1)") }
        let now = SampleFeed.rfc822(Date())
        let entries = items.map { guid in
          "<item><title>Troops pull out, report \(guid)</title><guid>\(guid)</guid><pubDate>\(now)</pubDate>"
            + "<description>The withdrawal of US troops from Iraq continued, officials said (\(guid)).</description></item>"
        }
        let body =
          "<rss version=\"2.0\"><channel><title>growing</title>\(entries.joined())</channel></rss>"
        return TestResponse(
          status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.utf8))
      }
    }
  }

  @Test func killedAtRandomMomentsItStillWritesEveryAlertExactlyOnce() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let feed = try GrowingFeed()
    defer { feed.server.stop() }
    _ = try harness.config(
      feeds: [#"{"url": "\#(feed.server.baseURL)/feed.xml", "name": "growing", "interval": "1s"}"#],
      // Every item is its own story here (the texts differ by one word on purpose): no grouping.
      extra: #", "concurrency": 4, "stories": {"window": "0s"}"#)
    // Poll every second: the default floor is a minute.
    let configFile = harness.folder.appendingPathComponent("config.json")
    var text = try String(contentsOf: configFile, encoding: .utf8)
    text = text.replacingOccurrences(
      of: #""timeout": "5s", "connectTimeout": "2s""#,
      with: #""timeout": "5s", "connectTimeout": "2s", "minInterval": "1s", "interval": "1s""#)
    try Data(text.utf8).write(to: configFile)

    // How long a start takes here: under a sanitizer or on a loaded machine it can exceed the
    // two seconds a life lasts on a normal run, and a daemon always killed before its first
    // poll would test nothing.
    let startup = try timeToReady(configFile)
    let longestLife = max(2.0, 3 * startup)

    var generator = SystemRandomNumberGenerator()
    // Kill it at random moments (start-up, mid-poll, mid-delivery, idle) until the feed has
    // changed at least ten times under it.
    var kills = 0
    while (feed.guids.count < 10 || kills < 10) && kills < 60 {
      let process = try start(configFile)
      Thread.sleep(forTimeInterval: Double.random(in: 0.3...longestLife, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      kills += 1
    }

    // Let it catch up on a feed that no longer changes, then stop it cleanly.
    feed.stopGrowing()
    let notify = try NotifySocket(path: harness.folder.appendingPathComponent("notify.sock").path)
    let process = try start(configFile, notifySocket: notify.path)
    #expect(notify.waitFor("READY=1", seconds: 20))
    let expected = Set(feed.guids)
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if let logged = try? loggedGuids(harness), Set(logged) == expected { break }
      Thread.sleep(forTimeInterval: 0.2)
    }
    kill(process.processIdentifier, SIGTERM)
    let stopBy = Date().addingTimeInterval(15)
    while process.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      Issue.record("feedwatch did not stop within 15 s of SIGTERM")
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let logged = try loggedGuids(harness)
    #expect(expected.count >= 10)
    #expect(Set(logged) == expected, "missing: \(expected.subtracting(logged).sorted())")
    #expect(logged.count == Set(logged).count, "written twice: \(duplicates(logged))")
  }

  /// Seconds from launch to READY=1; the process is then killed.
  private func timeToReady(_ configFile: URL) throws -> Double {
    let notify = try NotifySocket(
      path: configFile.deletingLastPathComponent().appendingPathComponent("startup.sock").path)
    let launched = Date()
    let process = try start(configFile, notifySocket: notify.path)
    _ = notify.waitFor("READY=1", seconds: 60)
    let elapsed = Date().timeIntervalSince(launched)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return elapsed
  }

  private func start(_ configFile: URL, notifySocket: String? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = ["run", "--config", configFile.path, "--log-level", "warning"]
    if let notifySocket {
      var environment = ProcessInfo.processInfo.environment
      environment["NOTIFY_SOCKET"] = notifySocket
      process.environment = environment
    }
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// The guid of every alert line; every line must be a whole alert.
  private func loggedGuids(_ harness: DaemonHarness) throws -> [String] {
    try harness.alerts().map { alert in
      ((alert["item"] as? [String: Any])?["guid"] as? String) ?? "?"
    }
  }

  private func duplicates(_ values: [String]) -> [String] {
    Dictionary(grouping: values, by: { $0 }).filter { $0.value.count > 1 }.map(\.key).sorted()
  }
}
