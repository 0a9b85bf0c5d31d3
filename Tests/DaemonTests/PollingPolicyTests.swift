import Foundation
import Store
import Synchronization
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// What the publisher, the server and the feed's history say about when to poll, and the
/// feed-health alerts: each through `feedwatch once` against a local server.
@Suite struct PollingPolicyTests {
  func storedState(_ harness: DaemonHarness, _ url: String) throws -> FeedState {
    let store = try Store(directory: harness.folder.appendingPathComponent("state").path)
    defer { store.close() }
    return try #require(try store.feedState(url))
  }

  func healthAlerts(_ harness: DaemonHarness) throws -> [[String: Any]] {
    try harness.alerts().filter { $0["rule"] as? String == "feed-health" }
  }

  /// A minimal RSS feed; `channelExtra` goes inside <channel>.
  static func rss(channelExtra: String = "", items: [String] = []) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
    <title>Policy</title><link>https://example.org/</link>\(channelExtra)
    \(items.joined(separator: "\n"))
    </channel></rss>
    """
  }

  @Test func theLongestOfTTLAndCacheControlSetsTheNextPoll() throws {
    let harness = try DaemonHarness()
    let body = Self.rss(channelExtra: "<ttl>180</ttl>")
    let server = try TestHTTPServer { _ in
      TestResponse(
        status: 200,
        headers: [("Content-Type", "application/rss+xml"), ("Cache-Control", "max-age=600")],
        body: Array(body.utf8))
    }
    defer { server.stop() }
    let url = server.baseURL + "/feed.xml"
    var config = try harness.config(feeds: [#"{"url": "\#(url)", "interval": "15m"}"#])
    config.defaults.maxInterval = 86400  // above the publisher's 3 h, so the 3 h shows
    let before = Date()
    _ = try harness.once(config)
    let state = try storedState(harness, url)
    #expect(state.publisherInterval == 10800, "\(String(describing: state.publisherInterval))")
    let delay = try #require(state.nextDue).timeIntervalSince(before)
    #expect(delay >= 3 * 3600 - 1 && delay <= 3 * 3600 + 60, "next poll in \(delay) s")
  }

  @Test func skipHoursAreStoredAndKeptAcrossA304() throws {
    let harness = try DaemonHarness()
    let served = try ServedFeed(
      Self.rss(channelExtra: "<skipHours><hour>0</hour><hour>13</hour></skipHours>"))
    defer { served.server.stop() }
    let config = try harness.config(feeds: [#"{"url": "\#(served.url)"}"#])
    _ = try harness.once(config)
    #expect(try storedState(harness, served.url).skipHours == [0, 13])
    #expect(try harness.once(config).map(\.status) == [.polled(.notModified)])
    #expect(try storedState(harness, served.url).skipHours == [0, 13])
  }

  @Test func theIntervalAdaptsToTheItemRateUnlessFixed() throws {
    let harness = try DaemonHarness()
    // 14 items over the last 6 days: 7 days ÷ 14 = 12 h.
    let items = (0..<14).map { n in
      SampleFeed.item(
        guid: "item-\(n)", title: "Item \(n)", text: "Routine news.",
        published: Date().addingTimeInterval(-Double(n) * 10 * 3600))
    }
    let served = try ServedFeed(Self.rss(items: items))
    defer { served.server.stop() }
    let fixedURL = served.server.baseURL + "/fixed.xml"
    var config = try harness.config(feeds: [
      #"{"url": "\#(served.url)", "name": "adaptive"}"#,
      #"{"url": "\#(fixedURL)", "name": "fixed", "interval": "10m"}"#,
    ])
    config.defaults.maxInterval = 86400  // above the 12 h the item rate gives
    _ = try harness.once(config)
    #expect(try storedState(harness, served.url).interval == 12 * 3600)
    #expect(try storedState(harness, fixedURL).interval == 600)
    let due = try #require(try storedState(harness, served.url).nextDue).timeIntervalSinceNow
    #expect(due > 0.85 * 12 * 3600 && due < 1.15 * 12 * 3600)
  }

  @Test func aFailingFeedRaisesOneHealthAlertThenOneOnRecovery() throws {
    let harness = try DaemonHarness()
    let failing = Mutex(true)
    let body = Self.rss()
    let server = try TestHTTPServer { _ in
      failing.withLock { $0 }
        ? TestResponse.text("database down", status: 500)
        : TestResponse(
          status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.utf8))
    }
    defer { server.stop() }
    let url = server.baseURL + "/feed.xml"
    let config = try harness.config(feeds: [
      #"{"url": "\#(url)", "name": "flaky", "failingAlertAfter": "0s"}"#
    ])
    _ = try harness.once(config)
    _ = try harness.once(config)
    var alerts = try healthAlerts(harness)
    #expect(alerts.count == 1)
    let failed = try #require(alerts.first)
    #expect(failed["severity"] as? String == "warning")
    #expect((failed["feed"] as? [String: Any])?["name"] as? String == "flaky")
    let health = try #require(failed["health"] as? [String: Any])
    #expect(health["event"] as? String == "failing")
    #expect((health["error"] as? String)?.contains("500") == true)
    #expect(((failed["item"] as? [String: Any])?["title"] as? String)?.contains("flaky") == true)

    failing.withLock { $0 = false }
    #expect(try harness.once(config).map(\.status) == [.polled(.ok)])
    _ = try harness.once(config)
    alerts = try healthAlerts(harness)
    #expect(alerts.count == 2)
    let recovered = try #require(alerts.last?["health"] as? [String: Any])
    #expect(recovered["event"] as? String == "recovered")
    #expect(alerts.last?["severity"] as? String == "notice")
    #expect(try storedState(harness, url).healthAlerted == false)
  }

  @Test func aFeedFailingForLessThanItsLimitRaisesNoAlert() throws {
    let harness = try DaemonHarness()
    let server = try TestHTTPServer { _ in TestResponse.text("down", status: 503) }
    defer { server.stop() }
    let config = try harness.config(feeds: [#"{"url": "\#(server.baseURL)/feed.xml"}"#])
    _ = try harness.once(config)
    _ = try harness.once(config)
    #expect(try healthAlerts(harness).isEmpty)
  }

  @Test func goneRaisesAHealthAlertAndStopsPolling() throws {
    let harness = try DaemonHarness()
    let server = try TestHTTPServer { _ in TestResponse.text("gone", status: 410) }
    defer { server.stop() }
    let config = try harness.config(feeds: [
      #"{"url": "\#(server.baseURL)/feed.xml", "name": "retired"}"#
    ])
    #expect(try harness.once(config).map(\.status) == [.polled(.gone)])
    #expect(try harness.once(config).map(\.status) == [.skipped])
    #expect(server.requests.count == 1)
    let alerts = try healthAlerts(harness)
    #expect(alerts.count == 1)
    #expect((alerts.first?["health"] as? [String: Any])?["event"] as? String == "gone")
  }

  @Test func futureDatesAreClampedToTheFetchTime() throws {
    let harness = try DaemonHarness()
    let future = Date().addingTimeInterval(400 * 86400)
    let served = try ServedFeed(
      SampleFeed.feed(published: future))
    defer { served.server.stop() }
    let config = try harness.config(feeds: [#"{"url": "\#(served.url)"}"#])
    _ = try harness.once(config)
    let alert = try #require(try harness.alerts().first)
    let published = try #require((alert["item"] as? [String: Any])?["published"] as? String)
    let date = try #require(ISO8601DateFormatter().date(from: published))
    #expect(date <= Date())
    #expect(date > Date().addingTimeInterval(-600))
  }

  @Test func ignoreValidatorsSendsNoneAndStillAlertsOnce() throws {
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try harness.config(feeds: [
      #"{"url": "\#(served.url)", "ignoreValidators": true}"#
    ])
    #expect(try harness.once(config).map(\.status) == [.polled(.ok)])
    #expect(try harness.once(config).map(\.status) == [.polled(.ok)])
    #expect(served.server.requests.count == 2)
    #expect(served.server.requests.allSatisfy { $0.headers["if-none-match"] == nil })
    #expect(try harness.alerts().count == 1)
  }

  @Test func datesWithoutAZoneAreReadInTheFeedsZone() throws {
    let harness = try DaemonHarness()
    let item = """
      <item><title>Troops to withdraw</title><guid>zoneless</guid>
      <pubDate>Mon, 20 Nov 2023 10:00:00</pubDate>
      <description>The US will withdraw its troops from Iraq, officials said.</description></item>
      """
    let served = try ServedFeed(Self.rss(items: [item]))
    defer { served.server.stop() }
    let berlin = served.server.baseURL + "/berlin.xml"
    let config = try harness.config(
      feeds: [
        #"{"url": "\#(served.url)", "name": "offset", "timezone": "+02:00", "backlog": "36500d"}"#,
        #"{"url": "\#(berlin)", "name": "berlin", "timezone": "Europe/Berlin", "backlog": "36500d"}"#,
      ], extra: #", "stories": {"window": "0s"}"#)  // the same item in both: not one story
    _ = try harness.once(config)
    let published = Dictionary(
      try harness.alerts().map {
        (
          ($0["feed"] as? [String: Any])?["name"] as? String ?? "",
          ($0["item"] as? [String: Any])?["published"] as? String ?? ""
        )
      }, uniquingKeysWith: { a, _ in a })
    #expect(published == ["offset": "2023-11-20T08:00:00Z", "berlin": "2023-11-20T09:00:00Z"])
  }
}
