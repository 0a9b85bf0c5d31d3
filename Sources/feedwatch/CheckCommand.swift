import ArgumentParser
import Config
import Daemon
import Delivery
import Extraction
import FeedLists
import Watch

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate the config and print what will be watched.",
    discussion:
      "Exits 0 when the config is valid; otherwise prints the file, the field and the fix, and exits 78."
  )

  @OptionGroup var configOptions: ConfigOptions

  func run() throws {
    let config = try configOptions.load()
    print("config: \(config.file) is valid")
    print("state directory: \(config.stateDirectory)")
    print("alert log: \(config.alertLogPath)")
    print("\nsinks (\(config.sinks.count)):")
    var sinks = TextTable()
    for sink in config.sinks {
      // The settings, then " [digest …]" or " [one per item]" when the sink has one.
      let settings = sink.settings + sink.delivery.summary
      sinks.add(
        ["  " + sink.name, sink.identity.shown]
          + [String(settings.drop { $0 == " " })].filter { !$0.isEmpty })
    }
    for line in sinks.lines { print(line) }
    print("\nfeeds (\(config.feeds.count)):")
    var feeds = TextTable()
    for feed in config.feeds {
      let tags = feed.tags.isEmpty ? "" : "tags: \(feed.tags.joined(separator: ", "))"
      let disabled = feed.enabled ? "" : "(disabled)"
      let list = feed.list.map { "from \($0.split(separator: "/").last ?? "")" } ?? ""
      feeds.add(
        ["  " + feed.name, Self.schedule(feed, config.defaults), feed.url]
          + [tags, list, disabled].filter { !$0.isEmpty })
    }
    for line in feeds.lines { print(line) }
    printFeedLists(config.feedLists)
    print("\ntopics (\(config.watchList.topics.count)):")
    for topic in config.watchList.topics {
      print("  \(topic.name): \(Self.abbreviated(topic.terms))")
      if !topic.context.isEmpty { print("      only near: \(Self.abbreviated(topic.context))") }
      if !topic.exclude.isEmpty { print("      not when: \(Self.abbreviated(topic.exclude))") }
    }
    for (title, entries) in [
      ("factions", config.watchList.factions), ("people", config.watchList.people),
      ("organisations", config.watchList.organisations),
    ] where !entries.isEmpty {
      print("\n\(title) (\(entries.count)):")
      var names = TextTable()
      for entry in entries {
        names.add(
          ["  " + entry.name]
            + (entry.aliases.isEmpty ? [] : ["aka \(entry.aliases.joined(separator: ", "))"]))
      }
      for line in names.lines { print(line) }
    }
    if !config.watchList.keywords.isEmpty {
      print("\nkeywords: \(config.watchList.keywords.joined(separator: ", "))")
    }
    print("\nrules (\(config.rules.count)):")
    var rules = TextTable()
    for rule in config.rules {
      rules.add(["  " + rule.name, "[\(rule.severity.rawValue)]", "\(rule.condition)"])
    }
    for line in rules.lines { print(line) }
    if config.rules.isEmpty {
      print(
        "  none: nothing will alert. Add e.g. {\"name\": \"withdrawal\", \"when\": \"topic:withdrawal\"} under \"rules\"."
      )
    }
    if !config.warnings.isEmpty {
      print("\nwarnings (\(config.warnings.count)):")
      for warning in config.warnings { print("  \(warning)") }
    }
  }

  /// Each feed list with what it added, and every entry it skipped with its line and why.
  func printFeedLists(_ lists: [FeedListSummary]) {
    guard !lists.isEmpty else { return }
    print("\nfeed lists (\(lists.count)):")
    for list in lists {
      let skipped = list.skipped.isEmpty ? "" : ", \(list.skipped.count) skipped"
      print("  \(list.path) (\(list.format)): \(list.feedsAdded) feeds added\(skipped)")
      for entry in list.skipped { print("      \(entry)") }
    }
  }

  /// How often a feed is polled, as the scheduler will do it: a fixed interval, or an adaptive
  /// one with its start and bounds.
  static func schedule(_ feed: Config.Feed, _ defaults: Config.FeedDefaults) -> String {
    let every = "every \(DurationText.format(feed.interval))"
    guard feed.adaptive else { return every }
    return "adaptive from \(DurationText.format(feed.interval)), "
      + "\(DurationText.format(defaults.minInterval))–\(DurationText.format(defaults.maxInterval))"
  }

  /// The first few terms of a long list, and how many more there are.
  static func abbreviated(_ terms: [String], limit: Int = 10) -> String {
    let shown = terms.prefix(limit).joined(separator: ", ")
    return terms.count > limit ? shown + ", … (+\(terms.count - limit) more)" : shown
  }
}
