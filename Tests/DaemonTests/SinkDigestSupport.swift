import Foundation
import TestHTTPServer

#if canImport(Glibc)
  import Glibc
#endif

/// What the grouping and digest tests share: the three rules the sample story matches, a
/// webhook receiver that keeps every POST, and the feedwatch binary run as a real process.
enum SinkTestSupport {
  /// The sample story matches all three (a withdrawal, factions, Al-Nujaba quoted).
  static let rules = """
    "topics": { "withdrawal": { "terms": ["pull out", "drawdown", "troop exit"] } },
    "factions": {
      "Harakat al-Nujaba": { "aliases": ["Al-Nujaba", "Nujaba", "Harakat Hezbollah al-Nujaba"] },
      "Popular Mobilization Units": { "aliases": ["Popular Mobilization Forces", "PMU"] },
      "Imam Ali Brigades": { "aliases": ["Kataib al-Imam Ali"] },
      "Conquest Alliance": { "aliases": ["Fatah Alliance"] }
    },
    "rules": [
      { "name": "withdrawal", "when": "topic:withdrawal", "severity": "info" },
      { "name": "faction-on-withdrawal", "when": "topic:withdrawal AND faction:*", "severity": "warning" },
      { "name": "watched-faction-quoted", "when": "quote.by:faction:\\"Harakat al-Nujaba\\"", "severity": "notice" }
    ]
    """

  /// Writes config.json into `folder`: `feeds` and `sinks` are JSON lists' contents.
  @discardableResult
  /// `store`: the config's "store" object (SQLite in "state" when nil).
  static func writeConfig(in folder: URL, feeds: [String], sinks: [String], store: String? = nil)
    throws -> URL
  {
    let json = """
      {
        "stateDirectory": "state",\(store.map { "\n\"store\": \($0)," } ?? "")
        "alertLog": "alerts.jsonl",
        "defaults": { "timeout": "5s", "connectTimeout": "2s" },
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [\(feeds.joined(separator: ",\n"))],
        \(rules),
        "sinks": [\(sinks.joined(separator: ",\n"))]
      }
      """
    let file = folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file
  }

  /// The sample story a second time, as another outlet carries it (another guid and link).
  static func copyOfSample() -> String {
    SampleFeed.feed().replacingOccurrences(
      of: "feedwatch-sample-2021-07-27-iraq-pullout", with: "second-wire-iraq-pullout"
    ).replacingOccurrences(
      of: "feedwatch-sample/iraqi-factions", with: "second-wire/iraqi-factions")
  }

  /// Another story, matching `withdrawal` only.
  /// Two feeds, each on its own server, carrying one story (the sample item); the first also
  /// carries `otherStory`: what a digest grouped by story with its sources is tested on.
  struct TwoWires {
    let first: ServedFeed
    let second: ServedFeed

    init() throws {
      first = try ServedFeed(SampleFeed.feed(extraItems: [SinkTestSupport.otherStory]))
      second = try ServedFeed(SinkTestSupport.copyOfSample())
    }

    /// The config's `feeds` entries, named first-wire and second-wire.
    var feeds: [String] {
      [
        #"{"url": "\#(first.url)", "name": "first-wire"}"#,
        #"{"url": "\#(second.url)", "name": "second-wire"}"#,
      ]
    }

    func stop() {
      first.server.stop()
      second.server.stop()
    }
  }

  static let otherStory = SampleFeed.item(
    guid: "syria-drawdown", title: "Drawdown in Syria goes on",
    text: "The drawdown of foreign troops from northern Syria went on this week, officials said.")

  /// Runs `feedwatch ARGS` to its end; returns its exit status.
  @discardableResult
  static func feedwatch(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Starts `feedwatch run`; with `notify`, READY=1 can be awaited on it.
  static func startRun(_ configFile: URL, notify: NotifySocket? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = ["run", "--config", configFile.path, "--log-level", "warning"]
    if let notify {
      var environment = ProcessInfo.processInfo.environment
      environment["NOTIFY_SOCKET"] = notify.path
      process.environment = environment
    }
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// SIGTERM, and the exit status once it stopped (SIGKILL after 15 s).
  static func stop(_ process: Process) -> Int32 {
    kill(process.processIdentifier, SIGTERM)
    let deadline = Date().addingTimeInterval(15)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Sleeps until `phase` seconds past a multiple of `period` (UNIX time), at least `after`.
  static func sleep(untilPhase phase: Double, of period: Double) {
    let now = Date().timeIntervalSince1970
    var target = (now / period).rounded(.down) * period + phase
    if target <= now + 0.05 { target += period }
    Thread.sleep(forTimeInterval: target - now)
  }

  static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
  }

  /// The alert log's lines as JSON objects.
  static func logLines(_ path: URL) -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: path.path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }
}

/// A webhook receiver that answers 200 (after `delay`) and keeps every POST with its time.
final class HookReceiver: @unchecked Sendable {
  struct Post {
    var time: Date
    var headers: [String: String]
    var body: [UInt8]
    var json: [String: Any] {
      (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
    }
  }

  private let lock = NSLock()
  private var received: [Post] = []
  private(set) var server: TestHTTPServer!

  init(delay: Double = 0) throws {
    server = try TestHTTPServer { [unowned self] request in
      if delay > 0 { Thread.sleep(forTimeInterval: delay) }
      if request.method == "POST" {
        lock.withLock {
          received.append(Post(time: Date(), headers: request.headers, body: request.body))
        }
      }
      return TestResponse(status: 200)
    }
  }

  var url: String { server.baseURL + "/hook" }
  var posts: [Post] { lock.withLock { received } }

  /// The digests received, one per `Idempotency-Key` (a repeat after a crash is dropped, as a
  /// receiver would), with how many times each arrived.
  var digests: [(json: [String: Any], times: Int)] {
    var order: [String] = []
    var byKey: [String: (json: [String: Any], times: Int)] = [:]
    for post in posts where post.json["kind"] as? String == "digest" {
      let key = post.headers["idempotency-key"] ?? ""
      if let seen = byKey[key] {
        byKey[key] = (seen.json, seen.times + 1)
      } else {
        order.append(key)
        byKey[key] = (post.json, 1)
      }
    }
    return order.compactMap { byKey[$0] }
  }

  /// Every alert id a digest lists, in order, repeats included.
  static func alertIDs(in digest: [String: Any]) -> [String] {
    let stories = digest["stories"] as? [[String: Any]] ?? []
    return stories.flatMap { story in
      (story["rules"] as? [[String: Any]] ?? []).flatMap { rule in
        (rule["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
      }
    }
  }
}
