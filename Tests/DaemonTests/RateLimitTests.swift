import Foundation
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// Past a rule's hourly limit, matches are held back and listed in one digest per hour.
@Suite struct RateLimitTests {
  @Test func matchesPastTheLimitGoIntoTheHoursDigest() throws {
    let harness = try DaemonHarness()
    let items = (1...4).map { n in
      SampleFeed.item(
        guid: "pullout-\(n)", title: "Report \(n): troops to withdraw from base \(n)",
        text:
          "Officials said the withdrawal of \(n * 100) US troops from base number \(n) in Syria would begin in week \(n)."
      )
    }
    let served = try ServedFeed(
      "<rss version=\"2.0\"><channel><title>wire</title>\(items.joined())</channel></rss>")
    defer { served.server.stop() }
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "stories": { "window": "0s" },
        "feeds": [{"url": "\(served.url)", "name": "wire"}],
        "rules": [ { "name": "withdrawal", "when": "topic:withdrawal", "severity": "notice", "maxPerHour": 1 } ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    let config = try ConfigLoader.load(path: file.path)
    let report = try harness.once(config)
    #expect(report[0].newItems == 4)
    #expect(report[0].alerts == 1)
    #expect(try harness.alerts().count == 1)

    // When the hour is over, one digest lists the three held back; writing it again changes nothing.
    let runtime = try Runtime(config: config, logger: DaemonHarness.logger)
    defer { runtime.shutdown() }
    let nextHour = Date().addingTimeInterval(3600)
    #expect(try runtime.limiter.writeDigests(rules: config.rules, now: nextHour) == 1)
    #expect(try runtime.limiter.writeDigests(rules: config.rules, now: nextHour) == 0)
    runtime.delivery.deliverAll()
    let alerts = try harness.alerts()
    #expect(alerts.count == 2)
    let digest = try #require(alerts.last?["digest"] as? [String: Any])
    #expect(digest["count"] as? Int == 3)
    #expect(digest["limit"] as? Int == 1)
    let listed = (digest["alerts"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
    #expect(listed.count == 3)
    let first = (alerts.first?["item"] as? [String: Any])?["title"] as? String
    #expect(!listed.contains(first ?? ""))
    #expect(alerts.last?["rule"] as? String == "withdrawal")
    #expect(alerts.last?["severity"] as? String == "notice")
  }
}
