import Foundation
import Store
import TestHTTPServer
import Testing

@testable import Config
@testable import Daemon
@testable import Delivery
@testable import Polling

/// Each kind of bad feed gives one clear per-feed error and leaves the other feeds alone.
@Suite struct BadInputTests {
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    var response: TestResponse
    var feedOptions: String = ""
    var status: FeedStatus
    var error: String
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(name: "404", response: .text("no", status: 404), status: .failing, error: "404"),
    Case(name: "500", response: .text("oops", status: 500), status: .failing, error: "500"),
    Case(name: "403", response: .text("forbidden", status: 403), status: .blocked, error: "403"),
    Case(
      name: "bot challenge",
      response: .text(
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
          + "<div id=\"challenge-platform\">Checking your browser</div></body></html>",
        contentType: "text/html"),
      status: .blocked, error: "Cloudflare"),
    Case(name: "410", response: .text("gone", status: 410), status: .gone, error: "410"),
    Case(
      name: "html page",
      response: .text(
        "<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Not a feed</p></body></html>",
        contentType: "text/html"),
      status: .failing, error: "HTML"),
    Case(
      name: "empty body",
      response: TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")]),
      status: .failing, error: "empty"),
    Case(
      name: "malformed xml",
      response: .text("<rss><channel><title>x</ti <<<", contentType: "application/xml"),
      status: .failing, error: "not well-formed XML"),
    Case(
      name: "too large",
      response: .text(
        "<rss version=\"2.0\"><channel><title>big</title>"
          + String(repeating: "<item><title>x</title></item>", count: 5000)
          + "</channel></rss>", contentType: "application/rss+xml"),
      feedOptions: #", "maxBytes": 4096"#, status: .failing, error: "4096"),
    Case(
      name: "timeout",
      response: {
        var r = TestResponse.text("late")
        r.delay = 4
        return r
      }(),
      feedOptions: #", "timeout": "1s""#, status: .failing, error: "within 1"),
  ]

  @Test(arguments: cases)
  func badFeedFailsAloneAndClearly(_ testCase: Case) throws {
    let harness = try DaemonHarness()
    let good = try ServedFeed(SampleFeed.feed())
    let bad = try TestHTTPServer { _ in testCase.response }
    defer {
      good.server.stop()
      bad.stop()
    }
    let config = try harness.config(feeds: [
      #"{"url": "\#(bad.baseURL)/feed.xml", "name": "bad"\#(testCase.feedOptions)}"#,
      #"{"url": "\#(good.url)", "name": "good"}"#,
    ])
    let reports = try harness.once(config)
    #expect(reports.count == 2)
    #expect(
      reports[0].status == .polled(testCase.status), "\(testCase.name): \(reports[0].summaryLine)")
    let error = reports[0].error ?? ""
    #expect(!error.isEmpty, "\(testCase.name): no error text")
    #expect(error.lowercased().contains(testCase.error.lowercased()), "\(testCase.name): \(error)")
    #expect(reports[1].status == .polled(.ok))
    #expect(reports[1].alerts == 1)
    let alerts = try harness.alerts()
    #expect(alerts.filter { $0["rule"] as? String != "feed-health" }.count == 1)
    // 410 Gone raises a feed-health alert at once; other failures only after a day.
    let health = alerts.filter { $0["rule"] as? String == "feed-health" }
    #expect(health.count == (testCase.status == .gone ? 1 : 0), "\(testCase.name)")
  }

  @Test func connectionRefusedIsAFeedErrorNotACrash() throws {
    let harness = try DaemonHarness()
    // A port bound but not listening refuses connections, and no other test can take it meanwhile.
    let refusing = try RefusingPort()
    defer { withExtendedLifetime(refusing) {} }
    let port = refusing.port
    let config = try harness.config(feeds: [
      #"{"url": "http://127.0.0.1:\#(port)/feed.xml", "name": "down"}"#
    ])
    let reports = try harness.once(config)
    #expect(reports[0].status == .polled(.failing))
    #expect(reports[0].error?.isEmpty == false)
  }

  @Test func denyPrivateNetworksRefusesALoopbackFeed() throws {
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try harness.config(
      feeds: [#"{"url": "\#(served.url)", "name": "lan"}"#],
      extra: #", "denyPrivateNetworks": true"#)
    let reports = try harness.once(config)
    #expect(reports[0].status == .polled(.failing))
    #expect(reports[0].error?.contains("127.0.0.1") == true)
    #expect(served.server.requests.isEmpty)
  }
}
