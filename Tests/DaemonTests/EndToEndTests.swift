import Foundation
import TestHTTPServer
import Testing
import Watch

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling
@testable import Store

@Suite struct EndToEndTests {
  @Test func seedStoryAlertsOnceThenNotModifiedThenNewItem() throws {
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try harness.config(feeds: [
      #"{"url": "\#(served.url)", "name": "wire", "tags": ["mideast"]}"#
    ])

    // First poll: exactly one withdrawal alert, with the link and the matching sentence.
    let first = try harness.once(config)
    #expect(first.map(\.status) == [.polled(.ok)])
    #expect(first[0].alerts == 1)
    var alerts = try harness.alerts()
    #expect(alerts.count == 1)
    let alert = try #require(alerts.first)
    #expect(alert["rule"] as? String == "withdrawal")
    #expect(alert["severity"] as? String == "warning")
    #expect(alert["v"] as? Int == 1)
    let item = try #require(alert["item"] as? [String: Any])
    #expect(
      item["link"] as? String
        == "https://example.org/feedwatch-sample/iraqi-factions-renew-calls-for-full-pullout")
    #expect(item["guid"] as? String == "feedwatch-sample-2021-07-27-iraq-pullout")
    let feed = try #require(alert["feed"] as? [String: Any])
    #expect(feed["name"] as? String == "wire")
    #expect(feed["url"] as? String == served.url)
    let matches = try #require(alert["matches"] as? [[String: Any]])
    #expect(matches.first?["kind"] as? String == "topic")
    let sentences = matches.compactMap { $0["text"] as? String }
    #expect(sentences.contains { $0.contains("withdrawal") || $0.contains("pullout") })

    // Second poll: the server answers 304 to the stored ETag; nothing new.
    let second = try harness.once(config)
    #expect(second.map(\.status) == [.polled(.notModified)])
    #expect(served.server.requests.last?.headers["if-none-match"] == "\"v1\"")
    #expect(try harness.alerts().count == 1)

    // A new item: exactly one new alert.
    served.update(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(
          guid: "pullout-2", title: "Pentagon confirms troop drawdown",
          text:
            "The Pentagon said the withdrawal of 500 US troops from Syria will begin next month.")
      ]))
    let third = try harness.once(config)
    #expect(third.map(\.status) == [.polled(.ok)])
    #expect(third[0].newItems == 1)
    alerts = try harness.alerts()
    #expect(alerts.count == 2)
    #expect((alerts[1]["item"] as? [String: Any])?["guid"] as? String == "pullout-2")

    // Restarting (a fresh process state over the same directory) changes none of this.
    let fourth = try harness.once(config)
    #expect(fourth.map(\.status) == [.polled(.notModified)])
    #expect(try harness.alerts().count == 2)
  }

  @Test func firstFetchAlertsOnlyWithinTheBacklog() throws {
    let harness = try DaemonHarness()
    let old = Date().addingTimeInterval(-10 * 86400)
    let served = try ServedFeed(
      SampleFeed.feed(
        published: old,
        extraItems: [
          SampleFeed.item(
            guid: "fresh", title: "Troops to pull out of Iraq",
            text: "The US will withdraw its troops from Iraq by September, officials said.")
        ]))
    defer { served.server.stop() }
    let config = try harness.config(feeds: [
      #"{"url": "\#(served.url)", "name": "wire", "backlog": "24h"}"#
    ])
    let report = try harness.once(config)
    #expect(report[0].newItems == 2)
    let alerts = try harness.alerts()
    #expect(alerts.count == 1)
    #expect((alerts.first?["item"] as? [String: Any])?["guid"] as? String == "fresh")
  }

  @Test func alertsAlreadyInTheLogAreNotWrittenAgainAfterACrash() throws {
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try harness.config(feeds: [#"{"url": "\#(served.url)", "name": "wire"}"#])
    _ = try harness.once(config)
    #expect(try harness.alerts().count == 1)

    // Simulate a crash between writing the line and recording its delivery.
    let store = try Store(directory: config.stateDirectory)
    let stored = try #require(try store.alerts(since: nil, limit: 10).first)
    let sink = SinkIdentity(config.sinks[0]).id.rawValue
    let forgotten = OutboxAlert(
      id: "crash-test-id", created: Date(), rule: stored.rule, feedKey: stored.feedKey,
      json: stored.json.replacingOccurrences(of: stored.id, with: "crash-test-id"))
    let state = try #require(try store.feedState(served.url))
    try store.commit(feed: state, seen: [], alerts: [forgotten])
    let handle = try FileHandle(forWritingTo: harness.alertLog)
    handle.seekToEndOfFile()
    handle.write(Data((forgotten.json + "\n").utf8))
    try handle.close()
    #expect(try store.pending(sink: sink, now: Date(), limit: 10).count == 1)
    store.close()

    _ = try harness.once(config)
    let ids = try harness.alerts().compactMap { $0["id"] as? String }
    #expect(ids.count == 2)
    #expect(ids.filter { $0 == "crash-test-id" }.count == 1)
  }

  @Test func aSecondProcessOnTheSameStateIsRefused() throws {
    let harness = try DaemonHarness()
    let config = try harness.config(feeds: [])
    let first = try Runtime(config: config, logger: DaemonHarness.logger)
    defer { first.shutdown() }
    do {
      _ = try Runtime(config: config, logger: DaemonHarness.logger)
      Issue.record("a second runtime on the same state directory started")
    } catch let error as DaemonError {
      #expect(error.description.contains("already using the state directory"))
    }
  }

  @Test func manyFeedsWithASmallBoundAreAllPolled() throws {
    let harness = try DaemonHarness()
    let served = try (0..<10).map { _ in try ServedFeed(SampleFeed.feed()) }
    defer { for feed in served { feed.server.stop() } }
    let feeds = served.enumerated().map { #"{"url": "\#($1.url)", "name": "feed-\#($0)"}"# }
    // concurrency 1: at most four polls in progress at once; the others wait their turn.
    let config = try harness.config(feeds: feeds, extra: #", "concurrency": 1"#)
    #expect(config.maxPollsInProgress == 4)
    let reports = try harness.once(config)
    #expect(reports.map(\.status) == Array(repeating: .polled(.ok), count: 10))
  }
}

/// Seen items stored before they had facets (a state from before schema version 6) get theirs
/// from the next document that lists them, so a later change of their key is recognised.
@Suite struct FacetUpgradeTests {
  @Test func itemsSeenBeforeFacetsAreRecognisedAfterTheFeedRekeysThem() throws {
    let harness = try DaemonHarness()
    let item = { (link: String, guid: String) in
      """
      <item><title>Troops to pull out of Syria</title><link>\(link)</link>\(guid)
      <description>The US will withdraw its troops from Syria by September, officials said.</description></item>
      """
    }
    let served = try ServedFeed(SampleFeed.feed(extraItems: [item("http://example.org/syria", "")]))
    defer { served.server.stop() }
    let config = try harness.config(feeds: [#"{"url": "\#(served.url)", "name": "wire"}"#])
    #expect(try harness.once(config)[0].alerts == 2)

    // As a state written before facets: seen items without them.
    let path = harness.folder.appendingPathComponent("state/\(Store.fileName)").path
    let old = try SQLiteConnection(path: path)
    try old.execute(
      "UPDATE seen_item SET facet_version = NULL, guid = NULL, match_link = NULL, title_date = NULL"
    )
    old.close()

    // A poll listing them again gives them their facets, and raises nothing.
    served.update(SampleFeed.feed(extraItems: [item("http://example.org/syria", "")]))
    #expect(try harness.once(config)[0].alerts == 0)
    let store = try Store(path: path)
    let lookup = try store.lookUp(
      feedKey: served.url, among: ["link:http://example.org/syria"], staleBefore: .distantPast,
      facetVersion: ItemFacets.version)
    #expect(lookup.unseen.isEmpty && lookup.lackingFacets.isEmpty)
    store.close()

    // Then the feed gives the item a guid and an https link with tracking: still the same item.
    served.update(
      SampleFeed.feed(extraItems: [
        item("https://example.org/syria?utm_source=rss", "<guid>syria-1</guid>")
      ]))
    let report = try harness.once(config)
    #expect(report[0].newItems == 0)
    #expect(try harness.alerts().count == 2)
  }
}
