import ArgumentParser
import Config
import Daemon
import Extraction
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

struct ExtractCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extract",
    abstract: "Run the extraction core over a text and print what it found, as JSON.",
    discussion: """
      Prints sentences, entities (with every mention, roles, affiliation), quotes with their \
      speakers, quantities, topics and keyword hits. Offsets count Unicode scalars of the \
      analysed text (the title, a blank line, then the text, when --title is given), so \
      Python's text[start:end] gives the span back. Knows the built-in gazetteer and topics; \
      --config adds that config's watch list and topics, and tries its rules on the text: the \
      JSON gains "rules", each rule that would fire with its evidence (also named on standard \
      error). --feed tries them as for an item of that feed (its name and tags).
      """)

  @Argument(help: ArgumentHelp("The text file; - or nothing reads stdin.", valueName: "file"))
  var file: String = "-"

  @Option(help: "The article's title, analysed before the text.")
  var title: String?

  @Option(
    name: [.short, .long],
    help: ArgumentHelp("A config whose watch list and topics to use.", valueName: "file"))
  var config: String?

  @Option(
    help: ArgumentHelp(
      "With --config: try the rules as for an item of this feed (its name and tags).",
      valueName: "name"))
  var feed: String?

  @Flag(help: "One line of JSON instead of indented output.")
  var compact = false

  @Flag(
    help:
      "After the JSON, one line per topic hit: the term, what licensed it (the context in its clause, or the term alone) and the topic group it belongs to; then one line per quote: its cue, the rule that chose its speaker (or why it has none) and how the cue's subject was found."
  )
  var explain = false

  func run() throws {
    let text: String
    if file == "-" {
      var lines: [String] = []
      while let line = readLine(strippingNewline: false) { lines.append(line) }
      text = lines.joined()
    } else {
      guard let data = FileManager.default.contents(atPath: file) else {
        printError("cannot read \(file): no such file, or not readable")
        throw ExitCode.failure
      }
      text = String(decoding: data, as: UTF8.self)
    }
    var loaded: Config?
    if let config {
      do {
        loaded = try ConfigLoader.load(path: config)
      } catch {
        printError("\(error)")
        throw ExitCode(FeedwatchInfo.configExitCode)
      }
    }
    var feedConfig: Config.Feed?
    if let feed {
      guard let loaded else { throw usageError("--feed needs --config, whose feeds it names") }
      let names = loaded.feeds.map(\.name)
      guard let found = loaded.feeds.first(where: { $0.name == feed }) else {
        throw usageError(
          "no feed is named \"\(feed)\" in \(loaded.file)"
            + NearestNames.didYouMean(feed, among: names))
      }
      feedConfig = found
    }
    let (result, explanations, quoteExplanations) = Extractor(
      watchList: loaded?.watchList ?? WatchList()
    ).explain(
      text, title: title)
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      compact
      ? [.sortedKeys, .withoutEscapingSlashes]
      : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    if let loaded {
      let fired = RuleTrial.fired(loaded.rules, on: result, feed: feedConfig)
      print(
        String(
          decoding: try encoder.encode(ExtractionWithRules(result: result, rules: fired)),
          as: UTF8.self))
      printNote(
        fired.isEmpty
          ? "no rule of \(loaded.rules.count) would fire on this text"
          : "would fire: " + fired.map { "\($0.rule) [\($0.severity)]" }.joined(separator: ", "))
    } else {
      print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
    if explain {
      for line in explanations { print(Self.describe(line)) }
      for line in quoteExplanations { print(Self.describe(line)) }
    }
  }

  /// "quote [12…40] “We will respond,”: cue "said spokesman", attribution after the quote,
  /// subject: the name or pronoun after the verb → Abu Obaida".
  static func describe(_ line: QuoteExplanation) -> String {
    let excerpt = line.text.count > 60 ? String(line.text.prefix(57)) + "…" : line.text
    let cue = line.cue.map { "cue \"\($0)\", " } ?? "no cue, "
    let subject = line.subject.map { ", subject: \($0.rawValue)" } ?? ""
    let speaker = line.speaker.map { " → \($0)" } ?? (line.rule.givesSpeaker ? " → none found" : "")
    return
      "quote [\(line.start)…\(line.end)] “\(excerpt)”: \(cue)\(line.rule.rawValue)\(subject)\(speaker)"
  }

  /// "topic withdrawal: "pulling … out" (term "pull out") [0…12], context phrase in the
  /// clause "troops", group 2".
  static func describe(_ line: TopicExplanation) -> String {
    let context = line.context.map { " \"\($0)\"" } ?? ""
    let group = line.group == 0 ? "the topic's own terms" : "group \(line.group)"
    return
      "topic \(line.topic): \"\(line.text)\" (term \"\(line.term)\") [\(line.start)…\(line.end)], "
      + "\(line.license.rawValue)\(context), \(group)"
  }
}
