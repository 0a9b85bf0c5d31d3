import Foundation
import TestHTTPServer
import Testing

@testable import Config
@testable import Delivery

/// A webhook with `"format": "ntfy"` publishes as ntfy expects: the message as text, title,
/// priority from the severity, tags and the click link in headers.
@Suite struct NtfySinkTests {
  @Test func anAlertIsPublishedWithNtfysHeaders() throws {
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let receiver = try SinkTests.Receiver(statuses: [200])
    defer {
      feed.server.stop()
      receiver.server.stop()
    }
    let config = try SinkTests().sinksConfig(
      harness, feed: feed,
      sinks:
        #"[{"type": "webhook", "format": "ntfy", "url": "\#(receiver.server.baseURL)/alerts"}]"#)
    _ = try harness.once(config)
    let post = try #require(receiver.posts.first)
    #expect(receiver.posts.count == 1)
    #expect(post.path == "/alerts")
    #expect(post.headers["title"]?.hasPrefix("withdrawal: Iraqi factions renew calls") == true)
    #expect(post.headers["priority"] == "4")  // warning
    #expect(post.headers["tags"] == "warning,withdrawal,wire")
    #expect(post.headers["click"]?.hasPrefix("https://example.org/") == true)
    #expect(post.headers["content-type"] == "text/plain; charset=utf-8")
    let body = String(decoding: post.body, as: UTF8.self)
    #expect(body.hasPrefix("warning · wire\n"))
    #expect(body.contains("pullout"))
  }

  @Test(arguments: [
    ("plain title", "plain title"),
    ("Kämpfer «verlassen»", "=?UTF-8?B?S8OkbXBmZXIgwqt2ZXJsYXNzZW7Cuw==?="),
  ])
  func nonASCIIHeaderValuesAreEncodedWords(text: String, encoded: String) {
    #expect(MIMEWord.encode(text) == encoded)
  }
}
