import Foundation
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// The same story from several feeds alerts once; a rule with "repeat": "per-source" alerts per feed.
@Suite struct StoryGroupingTests {
  static let seedBody: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples/seed-article.txt")
    let lines =
      (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    return lines.dropFirst().joined(separator: "\n")
  }()

  func feed(guid: String, title: String, body: String) -> String {
    let escaped = body.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
      of: "<", with: "&lt;")
    return """
      <rss version="2.0"><channel><title>\(guid)</title>
      <item><title>\(title)</title><link>https://example.org/\(guid)</link><guid>\(guid)</guid>
      <pubDate>\(SampleFeed.rfc822(Date()))</pubDate><description>\(escaped)</description></item>
      </channel></rss>
      """
  }

  @Test func syndicatedCopiesAlertOnceUnlessTheRuleAsksPerSource() throws {
    let harness = try DaemonHarness()
    // The wire story, a re-titled copy with the wire's credit line, and a different withdrawal story.
    let wire = try ServedFeed(
      feed(
        guid: "wire-1", title: "Iraqi factions renew calls for full pullout", body: Self.seedBody))
    let copy = try ServedFeed(
      feed(
        guid: "paper-9", title: "Iraq militias demand complete US withdrawal after Biden deal",
        body: Self.seedBody + "\n(Reporting by the wire desk; editing by the night team)"))
    let other = try ServedFeed(
      feed(
        guid: "other-3", title: "Germany to pull its troops out of Mali",
        body: """
          Germany will withdraw its remaining 1,000 soldiers from Mali by May, the defence ministry said on Friday, \
          ending a decade-long deployment with the United Nations peacekeeping mission. The pullout follows \
          France's exit from the country last year after relations with the military government soured.
          """))
    defer { for feed in [wire, copy, other] { feed.server.stop() } }
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [
          {"url": "\(wire.url)", "name": "wire"},
          {"url": "\(copy.url)", "name": "paper"},
          {"url": "\(other.url)", "name": "other"}
        ],
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal" },
          { "name": "withdrawal-every-source", "when": "topic:withdrawal", "repeat": "per-source" }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    _ = try harness.once(try ConfigLoader.load(path: file.path))

    let alerts = try harness.alerts()
    func story(_ alert: [String: Any]) -> String? {
      (alert["story"] as? [String: Any])?["id"] as? String
    }
    func feedName(_ alert: [String: Any]) -> String? {
      (alert["feed"] as? [String: Any])?["name"] as? String
    }
    let once = alerts.filter { $0["rule"] as? String == "withdrawal" }
    let every = alerts.filter { $0["rule"] as? String == "withdrawal-every-source" }
    #expect(Set(every.compactMap(feedName)) == ["wire", "paper", "other"])
    #expect(once.count == 2)  // the Iraq story once, the Mali story once
    #expect(Set(once.compactMap(feedName)).contains("other"))
    let iraqStories = Set(every.filter { feedName($0) != "other" }.compactMap(story))
    #expect(iraqStories.count == 1)
    #expect(!iraqStories.contains(story(every.first { feedName($0) == "other" } ?? [:]) ?? ""))

    // `feedwatch alerts --story` lists the story's alerts.
    if FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary),
      let id = iraqStories.first
    {
      let listed = try AlertsCommandTests().feedwatch([
        "alerts", "--log", harness.alertLog.path, "--story", String(id.prefix(6)), "--json",
      ])
      #expect(
        listed.output.split(separator: "\n").count == every.filter { feedName($0) != "other" }.count
          + 1)
    }

    // A later poll finds nothing new: no further alerts.
    _ = try harness.once(try ConfigLoader.load(path: file.path))
    #expect(try harness.alerts().count == alerts.count)
  }
}
