import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `feedwatch poll` against the real `feedwatch run`: the named feed is polled at once, an
/// unknown name or a missing daemon is an error that says what to do.
@Suite struct PollRequestTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  @Test func pollAsksTheRunningDaemonForTheNamedFeedOnly() throws {
    let harness = try DaemonHarness()
    let wire = try ServedFeed(SampleFeed.feed())
    let other = try ServedFeed(SampleFeed.feed())
    defer {
      wire.server.stop()
      other.server.stop()
    }
    _ = try harness.config(feeds: [
      #"{"url": "\#(wire.url)", "name": "wire", "interval": "1h"}"#,
      #"{"url": "\#(other.url)", "name": "other", "interval": "1h"}"#,
    ])
    let configFile = harness.folder.appendingPathComponent("config.json").path
    let (process, notify, errors) = try DaemonProcessTests.startRun(harness)
    defer { if process.isRunning { process.terminate() } }
    #expect(notify.waitFor("READY=1", seconds: 20))
    let polls = DaemonProcessTests()
    #expect(polls.waitUntil(seconds: 20) { wire.server.requests.count == 1 })
    #expect(polls.waitUntil(seconds: 20) { other.server.requests.count == 1 })

    let unknown = try feedwatch(["poll", "--config", configFile, "wrie"])
    #expect(unknown.status != 0)
    #expect(unknown.output.contains("no feed is named \"wrie\"; did you mean \"wire\"?"))

    let asked = try feedwatch(["poll", "--config", configFile, "wire"])
    #expect(asked.status == 0, "\(asked.output)")
    #expect(asked.output.contains("to poll wire now"))
    #expect(polls.waitUntil(seconds: 10) { wire.server.requests.count == 2 })
    Thread.sleep(forTimeInterval: 0.5)
    #expect(other.server.requests.count == 1)

    // SIGHUP's line says what changed and that the log was reopened.
    kill(process.processIdentifier, SIGHUP)
    #expect(notify.waitFor("RELOADING=1", seconds: 10))
    kill(process.processIdentifier, SIGTERM)
    #expect(polls.waitUntil(seconds: 15) { !process.isRunning })
    let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(log.contains("poll requested"))
    #expect(log.contains("config reloaded; alert log reopened: no feed or rule changed"))

    let none = try feedwatch(["poll", "--config", configFile])
    #expect(none.status != 0)
    #expect(none.output.contains("no feedwatch daemon is running"))
  }
}
