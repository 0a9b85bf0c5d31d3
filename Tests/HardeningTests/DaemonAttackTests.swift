import Foundation
import Store
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// Each hostile feed served on 127.0.0.1 and polled through the daemon's whole pipeline, next
/// to a well-behaved feed: the hostile one ends with a clear per-feed error or a sane result,
/// nothing it smuggles reaches an alert, and the other feed is polled and alerted as usual.
@Suite struct DaemonAttackTests {
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    /// The response, given the URL of a listener that must never be contacted and a local
    /// file that must never be read.
    var response: @Sendable (_ listenerURL: String, _ secretFile: String) -> TestResponse
    /// nil: the feed must be read ("ok"); otherwise it must fail with this in its error.
    var error: String?
    /// Strings that must not appear in the alert log.
    var forbidden: [String] = []
    var description: String { name }
  }

  static func rss(_ text: String, charset: String = "utf-8") -> TestResponse {
    .text(text, contentType: "application/rss+xml; charset=\(charset)")
  }

  static let cases: [Case] = [
    Case(
      name: "billion laughs", response: { _, _ in rss(HostileFeeds.billionLaughs) },
      forbidden: ["lollol"]),
    Case(
      name: "quadratic blowup", response: { _, _ in rss(HostileFeeds.quadraticBlowup) },
      forbidden: [String(repeating: "A", count: 1000)]),
    Case(
      name: "external entities",
      response: { url, file in rss(HostileFeeds.externalEntities(file: file, url: url + "/xxe")) },
      forbidden: [HostileFeeds.secret]),
    Case(
      name: "remote DTD",
      response: { url, _ in rss(HostileFeeds.remoteDTD(url: url + "/evil.dtd")) },
      forbidden: ["EXPANDED-FROM-DTD"]),
    Case(
      name: "nesting 100,000 deep", response: { _, _ in rss(HostileFeeds.deepNesting(100_000)) }),
    Case(
      name: "invalid UTF-8 and NUL bytes",
      response: { _, _ in
        TestResponse(
          status: 200, headers: [("Content-Type", "application/rss+xml")],
          body: HostileFeeds.invalidUTF8AndNUL)
      }, forbidden: ["\\u0000"]),
    Case(
      name: "lying encoding",
      response: { _, _ in rss(HostileFeeds.lyingEncoding, charset: "iso-8859-1") }),
    Case(
      name: "HTML page",
      response: { _, _ in .text(HostileFeeds.htmlPage, contentType: "text/html") },
      error: "HTML"),
    Case(
      name: "PNG",
      response: { _, _ in
        TestResponse(status: 200, headers: [("Content-Type", "image/png")], body: HostileFeeds.png)
      },
      error: "not a feed"),
    Case(
      name: "empty body",
      response: { _, _ in
        TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")])
      },
      error: "empty"),
    Case(
      name: "active content", response: { _, _ in rss(HostileFeeds.activeContent) },
      forbidden: HostileFeeds.activeMarkers),
    Case(name: "absurd dates", response: { _, _ in rss(HostileFeeds.absurdDates) }),
  ]

  @Test(arguments: cases)
  func hostileFeedFailsAloneOrComesOutClean(_ testCase: Case) throws {
    let harness = try HardeningHarness()
    let secretFile = try harness.file("secret.txt", Array(HostileFeeds.secret.utf8))
    let listener = try TestHTTPServer { _ in .text(HostileFeeds.secret) }
    let servers = try AttackServers(testCase.response(listener.baseURL, secretFile))
    defer {
      servers.stop()
      listener.stop()
    }
    let reports = try harness.once(try harness.config(feeds: servers.feeds))
    try #require(reports.count == 2)
    let attack = reports[0]
    if let expected = testCase.error {
      #expect(attack.status == .polled(.failing), "\(attack.summaryLine)")
      #expect(
        (attack.error ?? "").lowercased().contains(expected.lowercased()), "\(attack.summaryLine)")
    } else {
      #expect(attack.status == .polled(.ok), "\(attack.summaryLine)")
    }
    #expect(reports[1].status == .polled(.ok), "control: \(reports[1].summaryLine)")

    let log = harness.alertText()
    #expect(log.contains("Control item"))
    let alerts = try harness.alerts()
    #expect(alerts.allSatisfy { $0["rule"] as? String == "everything" })
    for marker in testCase.forbidden {
      #expect(!log.contains(marker), "\(marker) reached the alert log")
    }
    #expect(!log.contains(HostileFeeds.secret))
    #expect(listener.requests.isEmpty, "fetched \(listener.requests.map(\.path))")
    // The feed once; what else was asked of the attacker is its items' article pages.
    let asked = servers.attack.requests.map(\.path)
    #expect(asked.filter { $0 == "/feed.xml" }.count == 1, "\(asked)")

    // And the next poll goes on as usual: nothing is left stuck or alerted twice.
    let again = try harness.once(try harness.config(feeds: servers.feeds))
    #expect(again[1].status == .polled(.ok))
    #expect(try harness.alerts().count == alerts.count)
  }
}
