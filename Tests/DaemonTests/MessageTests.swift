import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What the binary says when something is wrong: one sentence that names the setting and the
/// fix, never followed by a generic usage line.
@Suite struct MessageTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  func writeConfig(_ json: String, in harness: DaemonHarness) throws -> String {
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file.path
  }

  @Test func aTypeErrorIsOneSentenceAndWeeksAreDurations() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let number = try writeConfig(
      #"{"feeds": [{"url": "https://example.org/rss", "interval": 60}]}"#, in: harness)
    let refused = try feedwatch(["check", "--config", number])
    #expect(refused.status == 78)
    #expect(
      refused.output.contains(
        #"feeds[0].interval: expected a duration such as "15m" or "adaptive", found the number 60 ("60s")"#
      ), "\(refused.output)")
    #expect(refused.output.split(separator: "\n").count == 1)

    let timeout = try writeConfig(
      #"{"defaults": {"timeout": true}, "feeds": []}"#, in: harness)
    #expect(
      try feedwatch(["check", "--config", timeout]).output.contains(
        #"defaults.timeout: expected a duration such as "15m", found true"#))

    let week = try writeConfig(
      #"{"defaults": {"maxInterval": "1w"}, "feeds": [{"url": "https://example.org/rss", "interval": "1w"}]}"#,
      in: harness)
    let accepted = try feedwatch(["check", "--config", week])
    #expect(accepted.status == 0, "\(accepted.output)")
    #expect(accepted.output.contains("every 7d"))
  }

  @Test func errorsEndWithoutTheGenericUsageLine() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let log = harness.alertLog.path
    for arguments in [
      ["alerts", "--log", log, "--since", "3x"], ["alerts", "--log", log, "--severity", "loud"],
      ["once", "--config", log, "--log-level", "chatty"],
      ["parse", harness.folder.appendingPathComponent("missing.xml").path],
    ] {
      let result = try feedwatch(arguments)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.output.hasPrefix("feedwatch: error: "), "\(arguments): \(result.output)")
      #expect(!result.output.contains("Usage:") && !result.output.contains("--help"))
    }
  }

  @Test func theAlertsHelpShowsTheListingsOptions() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let help = try feedwatch(["alerts", "--help"])
    for option in ["--since", "--rule", "--feed", "--entity", "--by", "--follow", "--log"] {
      #expect(help.output.contains(option), "\(option)")
    }
  }

  @Test func thePrivateNetworkRefusalNamesItsSettingAndFetchTimesReadAsPeopleWriteThem() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let refused = try writeConfig(
      """
      {"stateDirectory": "state", "alertLog": "alerts.jsonl", "denyPrivateNetworks": true,
       "feeds": [{"url": "\(served.url)", "name": "wire"}]}
      """, in: harness)
    let once = try feedwatch(["once", "--config", refused])
    #expect(once.status == 1)
    #expect(
      once.output.contains(#"the config's "denyPrivateNetworks": true refuses"#), "\(once.output)")

    let allowed = try writeConfig(
      """
      {"stateDirectory": "state2", "alertLog": "alerts.jsonl",
       "feeds": [{"url": "\(served.url)", "name": "wire"}]}
      """, in: harness)
    let debug = try feedwatch(["once", "--config", allowed, "--log-level", "debug"])
    #expect(debug.status == 0, "\(debug.output)")
    let elapsed = try #require(
      debug.output.split(separator: " ").first { $0.hasPrefix("elapsed=") })
    let value = elapsed.dropFirst("elapsed=".count).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(value.wholeMatch(of: /[0-9]+(\.[0-9])?(µs|ms|s)/) != nil, "\(value)")
  }
}
