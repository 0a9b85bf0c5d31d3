import Foundation
import Logging
import TestHTTPServer

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// A temporary folder with a config, a state directory and an alert log, for polls of hostile
/// feeds through the daemon's whole pipeline (fetch, parse, extract, rules, store, alert log).
final class HardeningHarness {
  let folder: URL
  var alertLog: URL { folder.appendingPathComponent("alerts.jsonl") }
  var configFile: URL { folder.appendingPathComponent("config.json") }
  var stateDirectory: URL { folder.appendingPathComponent("state") }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "feedwatch-hardening-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// A config polling `feeds` (JSON objects), with a rule that alerts on every item of the feeds
  /// named "attack" and "control", so whatever the parser let through reaches the alert log.
  @discardableResult
  func config(
    feeds: [String], defaults: String = #""timeout": "20s", "connectTimeout": "2s""#,
    when condition: String = "feed:attack OR feed:control"
  ) throws -> Config {
    let json = """
      {
        "stateDirectory": "state",
        "alertLog": "alerts.jsonl",
        "defaults": { \(defaults) },
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [\(feeds.joined(separator: ",\n"))],
        "rules": [ { "name": "everything", "when": "\(condition)", "severity": "info" } ]
      }
      """
    try Data(json.utf8).write(to: configFile)
    return try ConfigLoader.load(path: configFile.path)
  }

  func once(_ config: Config) throws -> [PollReport] {
    try OnceRunner.run(config: config, logger: Self.logger)
  }

  /// The alert log as text (empty when nothing was alerted).
  func alertText() -> String {
    FileManager.default.contents(atPath: alertLog.path).map { String(decoding: $0, as: UTF8.self) }
      ?? ""
  }

  /// The alert log's lines, decoded as JSON objects.
  func alerts() throws -> [[String: Any]] {
    try alertText().split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
  }

  /// Writes `bytes` into the folder and returns the file's path.
  func file(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static let logger = Logger(label: "feedwatch-hardening") { _ in SwiftLogNoOpLogHandler() }
}

/// A server answering every request with the same response, and a well-behaved feed beside it
/// on a second server: a hostile feed must fail (or come out sane) alone.
final class AttackServers {
  let attack: TestHTTPServer
  let control: TestHTTPServer

  init(_ response: TestResponse) throws {
    attack = try TestHTTPServer { _ in response }
    control = try TestHTTPServer { _ in
      .text(HostileFeeds.controlFeed, contentType: "application/rss+xml; charset=utf-8")
    }
  }

  var feeds: [String] {
    [
      #"{"url": "\#(attack.baseURL)/feed.xml", "name": "attack"}"#,
      #"{"url": "\#(control.baseURL)/feed.xml", "name": "control"}"#,
    ]
  }

  func stop() {
    attack.stop()
    control.stop()
  }
}
