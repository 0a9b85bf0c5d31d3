import Foundation
import TestHTTPServer
import Testing

@testable import Config

#if canImport(Glibc)
  import Glibc
#endif

/// `feedwatch alerts` through the real binary: names checked against the config and the log,
/// aliases, lists, the item's own date, logrotate's rotations, and `alerts show`.
@Suite struct AlertListingTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  /// The alert lines `alerts … --json` printed, decoded.
  func listed(_ arguments: [String]) throws -> [[String: Any]] {
    let result = try AlertsCommandTests().feedwatch(arguments + ["--json"])
    #expect(result.status == 0, "\(arguments): \(result.output)")
    return try result.output.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }

  static let withdrawalText =
    "US troops will pull out of the base by the end of the year, officials said on Monday."

  /// A config with a watched person (and aliases), two rules and the served feed.
  func sadrConfig(_ harness: DaemonHarness, url: String, backlog: String = "24h") throws -> String {
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [{"url": "\(url)", "name": "wire", "backlog": "\(backlog)"}],
        "people": { "Moqtada al-Sadr": { "aliases": ["Muqtada al-Sadr", "Sadr"] } },
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal", "severity": "info" },
          { "name": "sadr", "when": "person:\\"Moqtada al-Sadr\\"", "severity": "warning" }
        ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file.path
  }

  @Test func unknownNamesAreErrorsWithTheNearestAndAliasesAndListsSelect() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try sadrConfig(harness, url: served.url)
    _ = try harness.once(try ConfigLoader.load(path: config))
    let base = ["alerts", "--config", config]

    let rule = try feedwatch(base + ["--rule", "withdrawl"])
    #expect(rule.status == 64)
    #expect(
      rule.output.contains(
        #"--rule "withdrawl": no rule of that name in the config or the log; did you mean "withdrawal"?"#
      ))
    #expect(!rule.output.contains("Usage:"))
    let feed = try feedwatch(base + ["--feed", "wrie"])
    #expect(feed.status == 64)
    #expect(feed.output.contains(#"did you mean "wire"?"#))
    let entity = try feedwatch(base + ["--entity", "Muqtada al-Sard"])
    #expect(entity.status == 64)
    #expect(entity.output.contains("did you mean") && entity.output.contains(#""Muqtada al-Sadr""#))

    // An alias (any case) selects what the canonical name selects.
    let canonical = try listed(base + ["--entity", "Moqtada al-Sadr"])
    #expect(!canonical.isEmpty)
    #expect(try listed(base + ["--entity", "muqtada al-sadr"]).count == canonical.count)
    #expect(try listed(base + ["--entity", "SADR"]).count == canonical.count)

    // Repeated flags and comma lists select several.
    #expect(try listed(base + ["--rule", "sadr"]).count == 1)
    #expect(try listed(base + ["--rule", "withdrawal,sadr"]).count == 2)
    #expect(try listed(base + ["--rule", "withdrawal", "--rule", "sadr"]).count == 2)
    #expect(try listed(base + ["--feed", "wire", "--rule", "sadr,withdrawal"]).count == 2)

    // A name only the log knows (the config no longer has the rule) is still a name.
    #expect(try listed(["alerts", "--log", harness.alertLog.path, "--rule", "sadr"]).count == 1)
  }

  @Test func noAlertsYetIsNotAFailure() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let missing = harness.folder.appendingPathComponent("alerts.jsonl").path
    let result = try feedwatch(["alerts", "--log", missing])
    #expect(result.status == 0)
    #expect(result.output.contains("no alerts yet"))
    try Data().write(to: URL(fileURLWithPath: missing))
    let empty = try feedwatch(["alerts", "--log", missing])
    #expect(empty.status == 0)
    #expect(empty.output.contains("no alerts yet"))
  }

  @Test func byPublishedSortsAndFiltersByTheItemsDate() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    // The document lists the fresh item first and one published three days ago after it.
    let old = SampleFeed.item(
      guid: "old-pullout", title: "Troops to pull out of the base", text: Self.withdrawalText,
      published: Date().addingTimeInterval(-3 * 86400))
    let served = try ServedFeed(SampleFeed.feed(extraItems: [old]))
    defer { served.server.stop() }
    let config = try sadrConfig(harness, url: served.url, backlog: "30d")
    _ = try harness.once(try ConfigLoader.load(path: config))
    let base = ["alerts", "--config", config, "--rule", "withdrawal"]

    let alerted = try listed(base)
    #expect(alerted.count == 2)
    let titles = { (alerts: [[String: Any]]) in
      alerts.map { ($0["item"] as? [String: Any])?["title"] as? String ?? "" }
    }
    #expect(titles(alerted).last == "Troops to pull out of the base")
    #expect(
      titles(try listed(base + ["--by", "published"])).first == "Troops to pull out of the base")
    // Both alerted today; only one was published in the last two days.
    #expect(try listed(base + ["--since", "2d"]).count == 2)
    #expect(titles(try listed(base + ["--since", "2d", "--by", "published"])).count == 1)
    #expect(
      titles(try listed(base + ["--until", "2d", "--by", "published"])) == [
        "Troops to pull out of the base"
      ])
    let table = try feedwatch(base + ["--by", "published"])
    #expect(table.output.hasPrefix("PUBLISHED"))
  }

  @Test func readsTheRotationsLogrotateMade() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    try #require(
      FileManager.default.isExecutableFile(atPath: Self.logrotate),
      "scripts/setup installs logrotate")
    let harness = try DaemonHarness()
    let served = try ServedFeed(SampleFeed.feed())
    defer { served.server.stop() }
    let config = try sadrConfig(harness, url: served.url)
    let loaded = try ConfigLoader.load(path: config)
    let log = harness.alertLog.path
    let rotation = harness.folder.appendingPathComponent("logrotate.conf")
    // As contrib/logrotate.feedwatch: compressed, the newest rotation left plain.
    try Data("\(log) {\n  rotate 5\n  compress\n  delaycompress\n  missingok\n}\n".utf8).write(
      to: rotation)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: rotation.path)
    func rotate() throws {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Self.logrotate)
      process.arguments = [
        "-f", "-s", harness.folder.appendingPathComponent("logrotate.state").path, rotation.path,
      ]
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }

    _ = try harness.once(loaded)  // the sample item: two alerts
    try rotate()
    served.update(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(guid: "second", title: "Second pullout", text: Self.secondText)
      ]))
    _ = try harness.once(loaded)
    try rotate()
    served.update(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(guid: "second", title: "Second pullout", text: Self.secondText),
        SampleFeed.item(guid: "third", title: "Third pullout", text: Self.thirdText),
      ]))
    _ = try harness.once(loaded)
    #expect(FileManager.default.fileExists(atPath: log + ".2.gz"))
    #expect(FileManager.default.fileExists(atPath: log + ".1"))
    #expect(try harness.alerts().count == 1)

    let all = try listed(["alerts", "--config", config, "--since", "2d"])
    let titles = all.map { ($0["item"] as? [String: Any])?["title"] as? String ?? "" }
    #expect(titles.count == 4)
    #expect(Array(titles.suffix(2)) == ["Second pullout", "Third pullout"])
    // `alerts show` finds an alert in the compressed rotation.
    let first = try #require(all.first?["id"] as? String)
    let shown = try feedwatch(["alerts", "show", "--config", config, String(first.prefix(10))])
    #expect(shown.status == 0, "\(shown.output)")
  }

  static let logrotate = "/usr/sbin/logrotate"
  static let secondText =
    "The Pentagon said American soldiers would withdraw from the Ain al-Asad air base in Anbar."
  static let thirdText =
    "Britain announced on Friday that its troops would pull out of northern Syria within six weeks."
}
