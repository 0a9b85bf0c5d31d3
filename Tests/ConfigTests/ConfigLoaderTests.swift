import Extraction
import Foundation
import Testing
import Watch

@testable import Config

@Suite struct ConfigLoaderTests {
  func parse(_ json: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(Data(json.utf8), file: "/etc/feedwatch/config.json")
  }

  @Test func theExampleConfigIsValid() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    let config = try ConfigLoader.load(
      path: root.appendingPathComponent("config.example.json").path)
    #expect(config.feeds.count >= 3)
    #expect(
      config.feeds[0].url == "file://" + root.appendingPathComponent("samples/seed-feed.xml").path)
    #expect(config.stateDirectory == root.appendingPathComponent("var/state").path)
    #expect(config.rules.map(\.name).contains("withdrawal"))
    #expect(config.warnings.isEmpty, "\(config.warnings)")
  }

  @Test func defaultsAndRelativePaths() throws {
    let config = try parse(
      #"{"stateDirectory": "state", "alertLog": "../log/alerts.jsonl", "feeds": [{"url": "https://example.org/rss"}]}"#
    )
    #expect(config.stateDirectory == "/etc/feedwatch/state")
    #expect(config.alertLog == "/etc/log/alerts.jsonl")
    #expect(config.feeds[0].name == "example.org/rss")
    #expect(config.defaults.maxInterval == 3600)
    #expect(config.feeds[0].interval == 900)
    #expect(config.feeds[0].maxBytes == 10 << 20)
    #expect(config.feeds[0].backlog == 86400)
    #expect(config.concurrency == 32)
  }

  @Test func configTopicsExtendTheBuiltInOnes() throws {
    let config = try parse(
      #"{"topics": {"withdrawal": {"terms": ["troop exit"]}, "drones": {"terms": ["drone"], "context": ["strike"]}}}"#
    )
    let withdrawal = try #require(config.watchList.topics.first { $0.name == "withdrawal" })
    #expect(withdrawal.terms.contains("troop exit"))
    #expect(withdrawal.terms.count > 1)
    #expect(config.watchList.topics.contains { $0.name == "drones" && $0.context == ["strike"] })
  }

  @Test func namesInRulesAreWatched() throws {
    let config = try parse(
      #"{"rules": [{"name": "r", "when": "faction:\"Kataib Hezbollah\" OR keyword:\"Tower 22\""}]}"#
    )
    #expect(config.watchList.factions.map(\.name) == ["Kataib Hezbollah"])
    #expect(config.watchList.keywords == ["Tower 22"])
  }

  @Test(arguments: [
    (
      #"{"feeds": [{"url": "https://a.org/rss", "intervall": "5m"}]}"#, "feeds[0].intervall",
      "unknown key"
    ),
    (
      #"{"feeds": [{"url": "https://a.org/rss", "interval": "5x"}]}"#, "feeds[0].interval",
      "is not a duration"
    ),
    (
      #"{"feeds": [{"url": "https://a.org/rss", "tags": "x"}]}"#, "feeds[0].tags",
      "expected a list of strings"
    ),
    (#"{"feeds": [{"name": "x"}]}"#, "feeds[0].url", "needs a url"),
    (#"{"feeds": [{"url": "ftp://a.org/rss"}]}"#, "feeds[0].url", "unsupported scheme"),
    (
      #"{"feeds": [{"url": "https://a.org/1", "name": "a"}, {"url": "https://a.org/2", "name": "a"}]}"#,
      "feeds[1].name", "unique"
    ),
    (#"{"defaults": {"maxBytes": "big"}}"#, "defaults.maxBytes", "whole number"),
    (#"{"rules": [{"name": "r", "when": "topic:withdrawal AND"}]}"#, "rules[0].when", "column 21"),
    (#"{"rules": [{"name": "r", "when": "topic:nosuch"}]}"#, "rules[0].when", "not defined"),
    (
      #"{"rules": [{"name": "r", "when": "topic:withdrawal", "severity": "loud"}]}"#,
      "rules[0].severity", "not a severity"
    ),
    (
      #"{"rules": [{"name": "r", "when": "feed:nosuch"}]}"#, "rules[0].when",
      "no feed has that name"
    ),
    (#"{"factions": {"X": {"alias": ["Y"]}}}"#, "factions.X.alias", "allowed here: aliases"),
    (#"{"topics": {"t": {"terms": []}}}"#, "topics.t.terms", "at least one term"),
    (#"{"stateDirectory": 5}"#, "stateDirectory", "expected a string"),
    (#"{"feeds": [}"#, "", "not valid JSON"),
    (#"{"defaults": {"interval": "often"}}"#, "defaults.interval", "or \"adaptive\""),
    (
      #"{"feeds": [{"url": "https://a.org/rss", "timezone": "Mars/Olympus"}]}"#,
      "feeds[0].timezone", "not a time zone"
    ),
    (#"{"defaults": {"timezone": "+25:00"}}"#, "defaults.timezone", "not a time zone"),
    (#"{"defaults": {"ignoreValidators": "yes"}}"#, "defaults.ignoreValidators", "true or false"),
  ])
  func errorsNameTheFieldAndTheFix(json: String, field: String, message: String) {
    do {
      _ = try parse(json)
      Issue.record("expected an error for \(json)")
    } catch {
      #expect(error.file == "/etc/feedwatch/config.json")
      #expect(error.field == field, "\(error)")
      #expect(error.description.contains(message), "\(error)")
    }
  }

  @Test func intervalsAreAdaptiveUnlessFixed() throws {
    let config = try parse(
      #"""
      {"defaults": {"minInterval": "2m"},
       "feeds": [{"url": "https://a.org/1", "name": "a"},
                 {"url": "https://a.org/2", "name": "b", "interval": "10m"},
                 {"url": "https://a.org/3", "name": "c", "interval": "1s"}]}
      """#)
    #expect(config.feeds.map(\.adaptive) == [true, false, false])
    #expect(config.feeds.map(\.interval) == [900, 600, 120])  // clamped to minInterval

    let fixed = try parse(
      #"""
      {"defaults": {"interval": "5m"},
       "feeds": [{"url": "https://a.org/1", "name": "a"},
                 {"url": "https://a.org/2", "name": "b", "interval": "adaptive"}]}
      """#)
    #expect(fixed.feeds.map(\.adaptive) == [false, true])
    #expect(fixed.feeds.map(\.interval) == [300, 300])
  }

  @Test(arguments: [
    ("UTC", 0), ("Z", 0), ("+05:30", 19800), ("-0800", -28800), ("+02", 7200),
    ("Europe/Berlin", 3600), ("America/New_York", -18000),
  ])
  func timeZones(text: String, offsetInNovember: Int) throws {
    let zone = try #require(FeedTimeZone(text))
    #expect(zone.offset(at: Date(timeIntervalSince1970: 1_700_000_000)) == offsetInNovember)
  }

  @Test func aMissingFileSaysSo() {
    #expect(throws: ConfigError.self) { try ConfigLoader.load(path: "/nonexistent/feedwatch.json") }
  }

  @Test(arguments: [("90s", 90.0), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1h30m", 5400)])
  func durations(text: String, seconds: Double) {
    #expect(DurationText.seconds(text) == seconds)
    #expect(DurationText.seconds(DurationText.format(seconds)) == seconds)
  }

  @Test(arguments: ["", "15", "m", "15x", "-5m", "1.5.5h"])
  func badDurations(text: String) {
    #expect(DurationText.seconds(text) == nil)
  }
}
