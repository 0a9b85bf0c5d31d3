import Foundation
import Testing

/// `feedwatch extract --config`: the config's rules tried on a text, with their evidence.
@Suite struct ExtractRulesTests {
  @Test func listsTheRulesThatWouldFireWithTheirEvidence() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    let harness = try DaemonHarness()
    let json = """
      {
        "feeds": [
          {"url": "https://example.org/rss.xml", "name": "opinion-desk", "tags": ["opinion"]},
          {"url": "https://example.org/news.xml", "name": "newsroom"}
        ],
        "people": { "Moqtada al-Sadr": { "aliases": ["Sadr"] } },
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal AND NOT tag:opinion", "severity": "warning" },
          { "name": "sadr", "when": "person:\\"Moqtada al-Sadr\\"" },
          { "name": "ceasefire", "when": "topic:ceasefire" }
        ]
      }
      """
    let config = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: config)
    let text = harness.folder.appendingPathComponent("article.txt")
    try Data(
      "Sadr said on Monday that US troops must pull out of Iraq before the end of the year.".utf8
    ).write(to: text)

    func rules(_ extra: [String]) throws -> (fired: [[String: Any]], note: String) {
      let run = try AlertsCommandTests().feedwatch(
        ["extract", "--config", config.path, "--compact", text.path] + extra)
      #expect(run.status == 0)
      let document = try #require(
        try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
      #expect(document["entities"] != nil)  // the extraction's own keys stay
      let withErrors = try AlertsCommandTests().feedwatch(
        ["extract", "--config", config.path, "--compact", text.path] + extra, withErrors: true)
      let note =
        withErrors.output.split(separator: "\n").first { $0.hasPrefix("feedwatch: ") }.map(
          String.init) ?? ""
      return (try #require(document["rules"] as? [[String: Any]]), note)
    }

    let (fired, note) = try rules([])
    #expect(fired.map { $0["rule"] as? String } == ["withdrawal", "sadr"])
    #expect(fired.first?["severity"] as? String == "warning")
    let evidence = try #require(fired.first?["matches"] as? [[String: Any]])
    #expect(evidence.first?["kind"] as? String == "topic")
    #expect((evidence.first?["text"] as? String)?.contains("pull out") == true)
    #expect(note == "feedwatch: would fire: withdrawal [warning], sadr [info]")

    // As an item of a feed tagged opinion, the withdrawal rule holds back.
    #expect(try rules(["--feed", "opinion-desk"]).fired.map { $0["rule"] as? String } == ["sadr"])
    let unknown = try AlertsCommandTests().feedwatch(
      ["extract", "--config", config.path, "--feed", "opinion", text.path], withErrors: true)
    #expect(unknown.status == 64)
    #expect(unknown.output.contains(#"did you mean "opinion-desk"?"#))

    // Without --config the output is the extraction alone.
    let plain = try AlertsCommandTests().feedwatch(["extract", "--compact", text.path])
    let document = try JSONSerialization.jsonObject(with: Data(plain.output.utf8)) as? [String: Any]
    #expect(document?["rules"] == nil)
  }
}
