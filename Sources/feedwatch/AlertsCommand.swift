import ArgumentParser
import Config
import Daemon
import Delivery
import Store
import Watch

#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

struct AlertsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alerts",
    abstract: "List the alert log's alerts, oldest first; `alerts show ID` prints one in full.",
    discussion: """
      Reads the JSON Lines alert log directly (the config's, or any copy with --log), with the \
      files logrotate made of it beside it (alerts.jsonl.1, alerts.jsonl.2.gz, …), so it works \
      while the daemon runs, across a rotation and on a log copied elsewhere. A --rule, --feed \
      or --entity name that neither the config nor the log knows is an error naming the nearest \
      ones. Examples:
        feedwatch alerts --since 2h
        feedwatch alerts --rule withdrawal,ceasefire --severity warning -v
        feedwatch alerts --entity "Moqtada al-Sadr" --json | jq -r '.item.link'
        feedwatch alerts --by published --since 1d
        feedwatch alerts --follow
        feedwatch alerts show 0e51cf866522
      """,
    subcommands: [ListAlerts.self, ShowAlert.self])

  @OptionGroup var listing: ListingOptions

  func run() throws { try listing.run() }
}

/// `feedwatch alerts list`: the same listing, by its name.
struct ListAlerts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List alerts, oldest first (what `feedwatch alerts` does).")

  @OptionGroup var listing: ListingOptions

  func run() throws { try listing.run() }
}

/// Where the log is (--log, else the config's) and the config, when there is one to read, for
/// the names it knows.
struct AlertLogOptions: ParsableArguments {
  @Option(
    name: [.short, .long],
    help: ArgumentHelp("The config whose alert log to read.", valueName: "file"))
  var config: String = ConfigOptions.defaultConfigPath

  @Option(help: ArgumentHelp("Read this alert log instead of the config's.", valueName: "file"))
  var log: String?

  /// The log's path and the config (nil when --log names the log and no config can be read).
  func open() throws -> (path: String, config: Config?) {
    if let log {
      let config =
        FileManager.default.fileExists(atPath: config) ? try? ConfigLoader.load(path: config) : nil
      return (log, config)
    }
    do {
      let loaded = try ConfigLoader.load(path: config)
      return (loaded.alertLogPath, loaded)
    } catch {
      printError("\(error) (or name the log with --log FILE)")
      throw ExitCode(FeedwatchInfo.configExitCode)
    }
  }
}

struct ShowAlert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print one alert in full: its evidence, its link and every source of its story.")

  @OptionGroup var source: AlertLogOptions

  @Argument(help: ArgumentHelp("The alert's id (a unique prefix is enough).", valueName: "id"))
  var id: String

  @Flag(help: "Print the alert's JSON, indented.")
  var json = false

  func run() throws {
    let (path, config) = try source.open()
    let lines = try AlertLogLines.read(path, since: nil)
    let found = lines.filter { line in
      AlertLog.alertID(inLine: ArraySlice(line.utf8))?.hasPrefix(id) == true
    }
    guard found.count == 1, let line = found.first, let alert = try? Alert.decode(jsonLine: line)
    else {
      printError(
        found.isEmpty
          ? "no alert \(id) in \(path) or its rotations"
          : "\(found.count) alerts start with \(id); give more of the id")
      throw ExitCode.failure
    }
    if json {
      let encoder = JSONOutput.encoder(pretty: true)
      print(String(decoding: try encoder.encode(alert), as: UTF8.self))
      return
    }
    let style = ListingStyle(colour: ListingStyle.wantsColour)
    var out = [
      style.bold(alert.item.title ?? "(untitled)"),
      "id:        \(alert.id)",
      "time:      \(alert.time.formatted(.iso8601))",
      "rule:      \(alert.rule) (\(style.severity(alert.severity)))",
      "feed:      \(alert.feed.name) \(alert.feed.url)"
        + (alert.feed.tags.isEmpty ? "" : " [\(alert.feed.tags.joined(separator: ", "))]"),
    ]
    if let link = alert.item.link { out.append("link:      \(link)") }
    if let published = alert.item.published {
      out.append("published: \(published.formatted(.iso8601))")
    }
    if !alert.entities.isEmpty {
      out.append(
        "entities:  " + alert.entities.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
    }
    if !alert.matches.isEmpty {
      out.append("evidence:")
      out.append(style.evidence(alert, withLink: false))
    }
    if let story = alert.story {
      let sources = StorySources.of(story, alerts: lines, config: config)
      out.append("story:     \(story.id), \(sources.count) source\(sources.count == 1 ? "" : "s")")
      for source in sources { out.append("    " + source.line) }
    }
    print(out.joined(separator: "\n"))
  }
}
