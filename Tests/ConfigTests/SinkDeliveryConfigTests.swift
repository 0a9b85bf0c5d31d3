import Foundation
import Testing

@testable import Config

/// The sink keys `group` and `digest`, and when a digest falls due.
@Suite struct SinkDeliveryConfigTests {
  func parse(_ json: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(Data(json.utf8), file: "/etc/feedwatch/config.json")
  }

  func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

  @Test func pushSinksGroupByItemAndLogsKeepOneLinePerAlert() throws {
    let config = try parse(
      #"{"feeds": [], "sinks": [{"type": "jsonl", "path": "a.jsonl"}, {"type": "journal"}, {"type": "webhook", "url": "https://h.example/x"}, {"type": "exec", "command": ["/bin/true"], "group": "none"}, {"type": "webhook", "url": "https://h.example/d", "digest": "daily@08:00", "timezone": "+05:30"}]}"#
    )
    let deliveries = config.sinkDeliveries
    #expect(deliveries.map(\.grouping) == [.none, .none, .item, .none, .none])
    #expect(deliveries[4].digest?.period == .daily(minute: 480))
    #expect(deliveries[4].digest?.timeZone == .fixed(seconds: 19800))
    #expect(try parse(#"{"feeds": []}"#).sinkDeliveries == [.init(grouping: .none, digest: nil)])
    #expect(
      deliveries.map(\.summary) == ["", "", " [one per item]", "", " [digest daily@08:00 +05:30]"])
  }

  @Test func theAlertLogIsTheFirstJSONLSinkWithoutADigest() throws {
    let config = try parse(
      #"{"feeds": [], "sinks": [{"type": "jsonl", "path": "/d/digests.jsonl", "digest": "1h"}, {"type": "jsonl", "path": "/d/alerts.jsonl"}]}"#
    )
    #expect(config.alertLogPath == "/d/alerts.jsonl")
  }

  @Test(arguments: [
    (#""digest": "sometimes""#, "sinks[0].digest", "daily@08:00"),
    (#""digest": "weekly@someday 08:00""#, "sinks[0].digest", "weekly@mon 08:00"),
    (#""digest": "daily@25:00""#, "sinks[0].digest", "1h"),
    (#""group": "story""#, "sinks[0].group", "\"item\" or \"none\""),
    (#""group": "item", "digest": "1h""#, "sinks[0].group", "by story already"),
    (#""timezone": "Europe/Berlin""#, "sinks[0].timezone", "add \"digest\""),
  ])
  func aBadKeyNamesTheFieldAndTheFix(keys: String, field: String, fix: String) {
    #expect {
      try parse(
        #"{"feeds": [], "sinks": [{"type": "webhook", "url": "https://h.example/x", \#(keys)}]}"#)
    } throws: { error in
      let text = "\(error)"
      return text.contains(field) && text.contains(fix)
    }
  }

  @Test func theAlertLogCannotGroup() {
    #expect {
      try parse(#"{"feeds": [], "sinks": [{"type": "jsonl", "path": "a.jsonl", "group": "item"}]}"#)
    } throws: { error in "\(error)".contains("one line per alert") }
  }

  @Test func intervalDigestsFallOnMultiplesOfTheirPeriodFromLocalMidnight() throws {
    let hourly = try #require(DigestSchedule.parse("1h", timeZone: .utc))
    #expect(
      hourly.latestDue(atOrBefore: utc("2026-12-07T10:59:59Z")) == utc("2026-12-07T10:00:00Z"))
    #expect(
      hourly.latestDue(atOrBefore: utc("2026-12-07T11:00:00Z")) == utc("2026-12-07T11:00:00Z"))
    #expect(hourly.nextDue(after: utc("2026-12-07T11:00:00Z")) == utc("2026-12-07T12:00:00Z"))
    // In India the hour turns at half past in UTC.
    let india = try #require(DigestSchedule.parse("1h", timeZone: .fixed(seconds: 19800)))
    #expect(india.latestDue(atOrBefore: utc("2026-12-07T10:59:00Z")) == utc("2026-12-07T10:30:00Z"))
    let short = try #require(DigestSchedule.parse("2s", timeZone: .utc))
    #expect(short.nextDue(after: utc("2026-12-07T10:00:01Z")) == utc("2026-12-07T10:00:02Z"))
  }

  @Test func dailyAndWeeklyDigestsFallAtTheirLocalTime() throws {
    let berlin = try #require(FeedTimeZone("Europe/Berlin"))
    let daily = try #require(DigestSchedule.parse("daily@08:00", timeZone: berlin))
    // Winter: 08:00 in Berlin is 07:00 UTC; summer: 06:00 UTC.
    #expect(daily.latestDue(atOrBefore: utc("2026-12-07T06:59:00Z")) == utc("2026-12-06T07:00:00Z"))
    #expect(daily.nextDue(after: utc("2026-12-07T06:59:00Z")) == utc("2026-12-07T07:00:00Z"))
    #expect(daily.latestDue(atOrBefore: utc("2026-07-01T06:30:00Z")) == utc("2026-07-01T06:00:00Z"))
    // 2026-12-07 is a Monday.
    let weekly = try #require(DigestSchedule.parse("weekly@mon 08:00", timeZone: .utc))
    #expect(
      weekly.latestDue(atOrBefore: utc("2026-12-07T07:59:00Z")) == utc("2026-11-30T08:00:00Z"))
    #expect(weekly.nextDue(after: utc("2026-12-07T07:59:00Z")) == utc("2026-12-07T08:00:00Z"))
    let friday = try #require(DigestSchedule.parse("weekly@Friday 17:30", timeZone: .utc))
    #expect(
      friday.latestDue(atOrBefore: utc("2026-12-07T12:00:00Z")) == utc("2026-12-04T17:30:00Z"))
  }
}
