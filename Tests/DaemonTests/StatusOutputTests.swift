import Foundation
import TestHTTPServer
import Testing

@testable import Config

#if canImport(Glibc)
  import Glibc
#endif

/// What `status`, `check` and `alerts show` print, through the real binary.
@Suite struct StatusOutputTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  func stdout(_ arguments: [String]) throws -> String {
    try AlertsCommandTests().feedwatch(arguments).output
  }

  /// Where each of `words` starts in `line`.
  func starts(of words: [String], in line: Substring) -> [Int] {
    words.compactMap { word in
      line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
    }
  }

  @Test func statusAlignsCountsEveryAlertAndSaysWhenNoDaemonRuns() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let file = harness.folder.appendingPathComponent("local.xml")
    try Data(SampleFeed.feed().utf8).write(to: file)
    let configFile = harness.folder.appendingPathComponent("config.json")
    func writeConfig(sinks: String) throws {
      let json = """
        {
          "stateDirectory": "state", "alertLog": "alerts.jsonl",
          "politeness": { "maxPerHost": 8, "spacing": "0s" },
          "feeds": [
            {"url": "\(served.url)", "name": "a-rather-long-wire-name", "interval": "1h"},
            {"url": "file://local.xml", "name": "local", "interval": "1h"}
          ],
          "stories": { "window": "0s" },
          "people": { "Moqtada al-Sadr": { "aliases": ["Sadr"] } },
          "rules": [
            { "name": "withdrawal", "when": "topic:withdrawal" },
            { "name": "sadr", "when": "person:\\"Moqtada al-Sadr\\"" }
          ],
          "sinks": [\(sinks)]
        }
        """
      try Data(json.utf8).write(to: configFile)
    }
    let log = #"{"type": "jsonl", "path": "alerts.jsonl"}"#
    let sadrOnly = #"{"type": "jsonl", "path": "sadr.jsonl", "rules": ["sadr"]}"#
    try writeConfig(sinks: log)
    _ = try harness.once(try ConfigLoader.load(path: configFile.path))  // 4 alerts
    try writeConfig(sinks: [log, sadrOnly].joined(separator: ", "))
    served.update(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(
          guid: "sadr-2", title: "Sadr speaks on the pullout",
          text: "Moqtada al-Sadr said US troops must pull out of Iraq before the vote.")
      ]))
    _ = try harness.once(try ConfigLoader.load(path: configFile.path))  // 2 more alerts
    let config = ["--config", configFile.path]

    let stopped = try feedwatch(["status"] + config)
    #expect(stopped.status == 0)
    #expect(stopped.output.contains("no feedwatch daemon is running"))
    let lines = stopped.output.split(separator: "\n")
    let header = try #require(lines.first { $0.hasPrefix("FEED") })
    let columns = ["STATUS", "LAST OK", "NEXT", "SCHEDULE", "ITEMS", "ALERTS", "FETCHED"]
    let headerStarts = starts(of: columns, in: header)
    #expect(headerStarts.count == columns.count)
    for name in ["a-rather-long-wire-name", "local"] {
      let row = try #require(lines.first { $0.hasPrefix(name + " ") })
      #expect(starts(of: ["ok"], in: row) == [headerStarts[0]], "\(row)")
      #expect(row.contains("no daemon"))
      #expect(row.wholeMatch(of: /.* [0-9]+\.[0-9] KiB/) != nil, "\(row)")
    }
    // Each sink's line accounts for every alert raised.
    let total = try #require(
      lines.first { $0.hasPrefix("total:") }.flatMap {
        $0.firstMatch(of: /([0-9]+) alerts? raised/)
      }
    )
    let raised = Int(total.1)!
    #expect(raised == 6)
    let sinkLines = lines.filter { $0.hasPrefix("sink ") }
    #expect(sinkLines.count == 2)
    for line in sinkLines {
      let counts = line.split(separator: ": ").last!.matches(of: /([0-9]+) [a-z]/).map {
        Int($0.1)!
      }
      #expect(counts.reduce(0, +) == raised, "\(line)")
    }
    #expect(
      sinkLines.contains { $0.contains("sadr.jsonl") && $0.contains("raised before it was added") })

    // JSON: sinks carry their type; a file:// feed has no HTTP status.
    let json = try stdout(["status", "--json"] + config).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(json.filter { $0["type"] as? String == "jsonl" }.count == 2)
    let local = try #require(json.first { $0["name"] as? String == "local" })
    #expect(local["lastHTTPStatus"] == nil)
    let wire = try #require(json.first { $0["name"] as? String == "a-rather-long-wire-name" })
    #expect(wire["lastHTTPStatus"] as? Int == 200)
    #expect(json.last?["alerts"] as? Int == raised)
    #expect(json.last?["daemonRunning"] as? Bool == false)

    // With the daemon running: a countdown, and no note.
    let (process, notify, _) = try DaemonProcessTests.startRun(harness)
    defer { if process.isRunning { process.terminate() } }
    #expect(notify.waitFor("READY=1", seconds: 20))
    let running = try feedwatch(["status"] + config)
    #expect(!running.output.contains("no feedwatch daemon"))
    #expect(!running.output.contains("no daemon"))
    #expect(running.output.contains("in "))
    kill(process.processIdentifier, SIGTERM)
    #expect(DaemonProcessTests().waitUntil(seconds: 15) { !process.isRunning })
  }

  @Test func checkAlignsItsColumnsAndWarnsOfAKeywordNoRuleUses() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let json = """
      {
        "feeds": [
          {"url": "https://example.org/rss.xml", "name": "a-long-feed-name", "interval": "5m"},
          {"url": "https://example.net/feed", "name": "short"}
        ],
        "keywords": ["Ain al-Asad", "Camp Taji"],
        "rules": [
          { "name": "base", "when": "keyword:\\"ain al-asad\\"" },
          { "name": "a-longer-rule-name", "when": "topic:withdrawal", "severity": "warning" }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    let check = try feedwatch(["check", "--config", file.path])
    #expect(check.status == 0, "\(check.output)")
    let lines = check.output.split(separator: "\n")
    let feeds = lines.filter { $0.contains("https://") }
    #expect(feeds.count == 2)
    #expect(Set(feeds.map { starts(of: ["https://"], in: $0) }).count == 1, "\(feeds)")
    let rules = lines.filter { $0.contains("[info]") || $0.contains("[warning]") }
    #expect(Set(rules.map { starts(of: ["["], in: $0) }).count == 1, "\(rules)")
    #expect(
      check.output.contains(
        #"keywords[1]: no rule uses "Camp Taji", so it never alerts; name it in a rule as keyword:"Camp Taji" or remove it"#
      ))
    #expect(!check.output.contains("keywords[0]"))
  }

  @Test func showPrintsTheLinkOnceTheEvidenceAndEverySourceOfTheStory() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let first = try ServedFeed(SampleFeed.feed())
    let second = try ServedFeed(SampleFeed.feed())
    defer {
      first.server.stop()
      second.server.stop()
    }
    _ = try harness.config(feeds: [
      #"{"url": "\#(first.url)", "name": "first-wire"}"#
    ])
    let configFile = harness.folder.appendingPathComponent("config.json").path
    _ = try harness.once(try ConfigLoader.load(path: configFile))
    // The same story from a second feed: a copy, which raises no alert of its own.
    _ = try harness.config(feeds: [
      #"{"url": "\#(first.url)", "name": "first-wire"}"#,
      #"{"url": "\#(second.url)", "name": "second-wire"}"#,
    ])
    let once = try feedwatch(["once", "--config", configFile])
    #expect(once.status == 0)
    #expect(once.output.contains("item is a copy of a story already alerted"), "\(once.output)")
    #expect(once.output.contains("first_source=first-wire"))
    #expect(once.output.contains("feed=second-wire"))
    #expect(try harness.alerts().count == 1)
    let id = try #require(try harness.alerts().first?["id"] as? String)

    let shown = try feedwatch(["alerts", "show", "--config", configFile, String(id.prefix(10))])
    #expect(shown.status == 0, "\(shown.output)")
    let link = "https://example.org/feedwatch-sample/iraqi-factions-renew-calls-for-full-pullout"
    #expect(shown.output.components(separatedBy: link).count - 1 == 3)  // link: and two sources
    #expect(shown.output.contains("link:      \(link)"))
    #expect(shown.output.contains("evidence:\n    topic withdrawal: "))
    #expect(shown.output.contains("2 sources"))
    let sources = shown.output.split(separator: "\n").filter {
      $0.hasPrefix("    ") && $0.contains("-wire  ")
    }
    #expect(sources.map { $0.split(separator: " ").first! } == ["first-wire", "second-wire"])

    // Without the state store, the log's alerts still name the story's sources.
    let logOnly = try feedwatch([
      "alerts", "show", "--log", harness.alertLog.path, String(id.prefix(10)),
    ])
    #expect(logOnly.output.contains("first-wire"))
  }
}
