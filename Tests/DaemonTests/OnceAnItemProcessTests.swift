import Foundation
import Store
import TestHTTPServer
import Testing

/// The real `feedwatch once` against a local server whose feed changes between polls: an item
/// alerts once, whatever the feed does to it (a document cut short, a guid added, a link given
/// https and tracking parameters, an old item brought up later).
@Suite struct OnceAnItemProcessTests {
  let harness: DaemonHarness
  let configFile: String

  init() throws {
    harness = try DaemonHarness()
    configFile = harness.folder.appendingPathComponent("config.json").path
  }

  func once() throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(["once", "--config", configFile], withErrors: true)
  }

  func alertedGuids() throws -> [String?] {
    try harness.alerts().map { ($0["item"] as? [String: Any])?["guid"] as? String }
  }

  func alertedTitles() throws -> [String?] {
    try harness.alerts().map { ($0["item"] as? [String: Any])?["title"] as? String }
  }

  static let seedTitle =
    "Iraqi factions renew calls for full pullout after US says will end combat mission"

  @Test func aTruncatedDocumentAlertsItsCutItemOnceItArrivesWhole() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let cutItem = SampleFeed.item(
      guid: "syria-drawdown", title: "Pentagon confirms troop drawdown in Syria",
      text: "The Pentagon said the withdrawal of 500 US troops from Syria will begin next month.")
    let whole = SampleFeed.feed(extraItems: [cutItem])
    // Cut after the item's title: what was read of it has no guid, link or date.
    let cutAt = try #require(whole.range(of: "Pentagon confirms troop drawdown in Syria</title>"))
    let truncated = String(whole[..<cutAt.upperBound])
    let served = try ServedFeed(truncated)
    defer { served.server.stop() }
    _ = try harness.config(feeds: [#"{"url": "\#(served.url)", "name": "wire"}"#])

    let first = try once()
    #expect(first.status == 1)
    #expect(first.output.contains("wire: truncated, 1 new item, 1 alert"))
    let warnings = first.output.split(separator: "\n").filter { $0.contains("feed is truncated") }
    #expect(warnings.count == 1)
    #expect(try alertedTitles() == [Self.seedTitle])
    let store = try Store(directory: harness.folder.appendingPathComponent("state").path)
    #expect(try store.feedState(served.url)?.status == .truncated)
    #expect(try store.feedState(served.url)?.etag == nil)
    store.close()

    // The same version, now whole: fetched in full (no 304 for a document never read whole),
    // and the item that was cut alerts once, under its guid.
    served.update(whole, sameETag: true)
    let second = try once()
    #expect(second.status == 0)
    #expect(served.server.requests.last?.headers["if-none-match"] == nil)
    #expect(second.output.contains("wire: ok, 1 new item, 1 alert"))
    #expect(try alertedGuids() == ["feedwatch-sample-2021-07-27-iraq-pullout", "syria-drawdown"])

    // Read whole, its validators are kept.
    let third = try once()
    #expect(third.status == 0)
    #expect(served.server.requests.last?.headers["if-none-match"] == "\"v1\"")
    #expect(third.output.contains("wire: not-modified"))
    #expect(try harness.alerts().count == 2)
  }

  @Test func parseSaysADocumentIsTruncated() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let whole = SampleFeed.feed(extraItems: [
      SampleFeed.item(guid: "second", title: "Second item", text: "More text.")
    ])
    let cutAt = try #require(whole.range(of: "<title>Second item</title>"))
    let file = harness.folder.appendingPathComponent("cut.xml")
    try Data(whole[..<cutAt.upperBound].utf8).write(to: file)
    let cut = try AlertsCommandTests().feedwatch(["parse", file.path])
    #expect(cut.status == 1)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(cut.output.utf8)) as? [String: Any])
    #expect(document["truncated"] as? Bool == true)
    #expect((document["items"] as? [[String: Any]])?.count == 1)

    try Data(whole.utf8).write(to: file)
    let read = try AlertsCommandTests().feedwatch(["parse", file.path])
    #expect(read.status == 0)
    let full = try #require(
      try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String: Any])
    #expect(full["truncated"] as? Bool == false)
    #expect((full["items"] as? [[String: Any]])?.count == 2)
  }

  @Test func anItemTheFeedRekeysAlertsOnce() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let now = SampleFeed.rfc822(Date())
    func document(_ items: [String]) -> String { SampleFeed.feed(extraItems: items) }
    let noGuid = """
      <item><title>Troops to pull out of Syria</title><link>http://example.org/syria</link>
      <pubDate>\(now)</pubDate>
      <description>The US will withdraw its troops from Syria by September, officials said.</description></item>
      """
    let withGuid = """
      <item><title>Troops to pull out of Syria</title>
      <link>https://example.org/syria?utm_source=rss&amp;utm_medium=feed&amp;fbclid=IwAR0x</link>
      <guid isPermaLink="false">syria-1</guid><pubDate>\(now)</pubDate>
      <description>The US will withdraw its troops from Syria by September, officials said.</description></item>
      """
    let linkOnly = """
      <item><title>Germany ends its Mali mission</title><link>http://example.org/mali?id=4</link>
      <description>Germany will complete the withdrawal of its soldiers from Mali in May.</description></item>
      """
    let linkMoved = """
      <item><title>Germany ends its Mali mission</title>
      <link>https://example.org/mali?gclid=abc&amp;id=4</link>
      <description>Germany will complete the withdrawal of its soldiers from Mali in May.</description></item>
      """
    let new = """
      <item><title>Navy leaves the port</title><link>https://example.org/port?utm_source=rss</link>
      <description>The last warships began their pullout from the harbour on Monday.</description></item>
      """
    let served = try ServedFeed(document([noGuid, linkOnly]))
    defer { served.server.stop() }
    _ = try harness.config(feeds: [#"{"url": "\#(served.url)", "name": "wire"}"#])

    #expect(try once().status == 0)
    #expect(
      try alertedTitles() == [
        Self.seedTitle, "Troops to pull out of Syria", "Germany ends its Mali mission",
      ])

    // The feed adds a guid, moves its links to https and tracks them; and lists a new item.
    served.update(document([withGuid, linkMoved, new]))
    let second = try once()
    #expect(second.status == 0)
    #expect(second.output.contains("wire: ok, 1 new item, 1 alert"))
    #expect(second.output.contains("items seen before under another key"))
    #expect(try alertedTitles().count == 4)
    #expect(try alertedTitles().last == "Navy leaves the port")

    // Known now under their new keys: the next change of the document alerts nothing more.
    served.update(document([withGuid, linkMoved, new]) + "\n")
    let third = try once()
    #expect(third.output.contains("wire: ok, 0 new items, 0 alerts"))
    #expect(try harness.alerts().count == 4)
  }

  @Test func anItemOlderThanTheBacklogNeverAlerts() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    _ = try harness.config(feeds: [#"{"url": "\#(served.url)", "name": "wire", "backlog": "24h"}"#])
    #expect(try once().status == 0)
    #expect(try harness.alerts().count == 1)

    // Past the first fetch, an item published ten days ago shows up: marked seen, no alert.
    // An undated one alerts, as new.
    let stale = SampleFeed.item(
      guid: "old-drawdown", title: "Pentagon confirms troop drawdown",
      text: "The Pentagon said the withdrawal of 500 US troops from Syria will begin next month.",
      published: Date().addingTimeInterval(-10 * 86400))
    let undated = """
      <item><title>Germany ends its Mali mission</title><guid>mali</guid>
      <description>Germany will complete the withdrawal of its soldiers from Mali in May.</description></item>
      """
    served.update(SampleFeed.feed(extraItems: [stale, undated]))
    let second = try once()
    #expect(second.status == 0)
    #expect(second.output.contains("wire: ok, 2 new items, 1 alert"))
    #expect(try alertedGuids() == ["feedwatch-sample-2021-07-27-iraq-pullout", "mali"])

    // And on any later poll too.
    served.update(SampleFeed.feed(extraItems: [stale, undated]) + "\n")
    #expect(try once().output.contains("wire: ok, 0 new items, 0 alerts"))
    #expect(try harness.alerts().count == 2)
  }
}
