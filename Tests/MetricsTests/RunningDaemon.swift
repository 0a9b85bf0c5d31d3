import Foundation
import TestHTTPServer

#if canImport(Glibc)
  import Glibc
#endif

/// The built `feedwatch run` binary on a config of its own in a temporary folder, polling one
/// feed served on 127.0.0.1, with the metrics endpoint on a port the kernel picks.
final class RunningDaemon {
  let folder: URL
  let feedServer: TestHTTPServer
  let process = Process()
  let logFile: URL
  /// `127.0.0.1:PORT`, as the daemon's log line gives it.
  private(set) var address = ""

  var stateDatabase: String { folder.appendingPathComponent("state/feedwatch.db").path }

  /// `extra` is appended to the config's top-level object (start it with a comma).
  init(listen: String = "127.0.0.1:0", extra: String = "") throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "feedwatch-metrics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let feed = Data(Self.feed.utf8)
    feedServer = try TestHTTPServer { _ in
      TestResponse(
        status: 200, headers: [("Content-Type", "application/rss+xml; charset=utf-8")],
        body: [UInt8](feed))
    }
    let config = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "defaults": { "timeout": "5s", "connectTimeout": "2s", "article": "never" },
        "feeds": [ { "url": "\(feedServer.baseURL)/feed.xml", "name": "wire", "interval": "1m" } ],
        "rules": [ { "name": "withdrawal", "when": "topic:withdrawal", "severity": "warning" } ],
        "metrics": { "listen": "\(listen)" }
        \(extra)
      }
      """
    try Data(config.utf8).write(to: folder.appendingPathComponent("config.json"))
    logFile = folder.appendingPathComponent("daemon.log")
    _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
  }

  deinit {
    stop()
    feedServer.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  func start() throws {
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = ["run", "--config", folder.appendingPathComponent("config.json").path]
    var environment = ProcessInfo.processInfo.environment
    environment["NOTIFY_SOCKET"] = nil
    process.environment = environment
    process.standardError = try FileHandle(forWritingTo: logFile)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let line = "metrics endpoint listening address="
    _ = waitUntil(seconds: 20) { self.log.contains(line) || !self.process.isRunning }
    guard log.contains(line),
      let found = log.components(separatedBy: line).last?.split(separator: " ").first
    else { throw RunningDaemonError.noEndpoint(log) }
    address = String(found)
  }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

  var url: String { "http://\(address)" }

  /// The feed: one item that the withdrawal rule takes, dated now so the backlog keeps it.
  static let feed: String = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <rss version="2.0"><channel><title>Wire</title><link>https://example.org/</link>
      <item><title>Factions call for the withdrawal of foreign troops</title>
      <link>https://example.org/withdrawal</link><guid>wire-1</guid>
      <pubDate>\(formatter.string(from: Date()))</pubDate>
      <description>Several factions called on Monday for the withdrawal of foreign troops.</description></item>
      </channel></rss>
      """
  }()

  /// The feedwatch executable built beside the test bundle.
  static var binary: String {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !folder.path.hasSuffix("/debug") && !folder.path.hasSuffix("/release")
      && folder.path != "/"
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("feedwatch").path
  }
}

enum RunningDaemonError: Error, CustomStringConvertible {
  case noEndpoint(String)

  var description: String {
    switch self {
    case .noEndpoint(let log): "the daemon did not say where its metrics endpoint listens:\n\(log)"
    }
  }
}

func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if condition() { return true }
    Thread.sleep(forTimeInterval: 0.1)
  }
  return condition()
}
