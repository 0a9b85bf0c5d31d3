import ArgumentParser
import Config
import Daemon
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

/// Which time a listing sorts by and --since/--until compare.
enum ListingClock: String, ExpressibleByArgument, CaseIterable {
  /// When the alert was written.
  case alerted
  /// The item's own date, as its feed gave it.
  case published
}

/// The listing's options, shared by `feedwatch alerts` and `feedwatch alerts list`.
struct ListingOptions: ParsableArguments {
  @OptionGroup var source: AlertLogOptions

  @Option(
    help: ArgumentHelp(
      "Only alerts from the last DURATION (90s, 15m, 2h, 1d, 1w).", valueName: "duration"))
  var since: String?

  @Option(help: ArgumentHelp("Only alerts older than DURATION ago.", valueName: "duration"))
  var until: String?

  @Option(
    help: ArgumentHelp(
      "Only alerts of these rules (repeatable, or comma-separated).", valueName: "name"))
  var rule: [String] = []

  @Option(
    help: ArgumentHelp(
      "Only alerts from these feeds, by name (repeatable, or comma-separated).",
      valueName: "name"))
  var feed: [String] = []

  @Option(
    help: ArgumentHelp(
      "Only alerts of at least this severity: info, notice, warning, critical.", valueName: "level")
  )
  var severity: String?

  @Option(
    help: ArgumentHelp(
      "Only alerts naming these entities: a name or any alias the config gives it, any case "
        + "(repeatable, or comma-separated).", valueName: "name"))
  var entity: [String] = []

  @Option(
    help: ArgumentHelp("Only alerts of this story (its id, or a unique prefix).", valueName: "id"))
  var story: String?

  @Option(
    help: ArgumentHelp(
      "Sort, and read --since/--until, by when the alert was written (alerted) or by the "
        + "item's own date (published; undated items are left out by --since/--until).",
      valueName: "time"))
  var by: ListingClock = .alerted

  @Flag(help: "Print the alert lines unchanged (JSON Lines, for jq).")
  var json = false

  @Flag(name: [.short, .long], help: "Also print each alert's link and evidence.")
  var verbose = false

  @Flag(
    name: [.short, .long],
    help: "Keep printing new alerts as they are written (follows log rotation).")
  var follow = false

  @Flag(
    name: .customLong("from-store"),
    help: ArgumentHelp(
      "Read the alerts from the state store's outbox instead of the log: on a PostgreSQL "
        + "store shared by several nodes, every node's alerts, on any machine."))
  var fromStore = false

  func run() throws {
    let (path, config) = try source.open()
    if fromStore, follow {
      throw usageError("--from-store lists what the store holds; --follow reads the log")
    }
    let now = Date()
    let from = try ago(since, "since", now)
    let to = try ago(until, "until", now)
    var least: Severity?
    if let severity {
      guard let level = Severity(rawValue: severity.lowercased()) else {
        throw usageError("--severity \(severity): use info, notice, warning or critical")
      }
      least = level
    }
    guard fromStore || AlertLogLines.exists(path) || follow else {
      printNote("no alerts yet (the daemon creates \(path) with the first alert)")
      return
    }
    var tail = LogTail(path: path)
    var skipped = 0
    func decode(_ lines: [String]) -> [(line: String, alert: Alert)] {
      lines.compactMap { line in
        guard let alert = try? Alert.decode(jsonLine: line) else {
          skipped += 1
          return nil
        }
        return (line, alert)
      }
    }
    var alerts = decode(
      fromStore
        ? try storeLines(config, since: from)
        : try AlertLogLines.read(path, since: from, tail: &tail)
    )
    let selection = try AlertSelection(
      rules: rule, feeds: feed, entities: entity, config: config, log: alerts.map(\.alert))
    let clock = by
    func keep(_ alert: Alert) -> Bool {
      let time = clock == .published ? alert.item.published : alert.time
      if let from, time.map({ $0 >= from }) != true { return false }
      if let to, time.map({ $0 < to }) != true { return false }
      if let least, alert.severity < least { return false }
      if let story, alert.story?.id.hasPrefix(story) != true { return false }
      return selection.admits(alert)
    }
    let total = alerts.count
    alerts = alerts.filter { keep($0.alert) }
    if clock == .published {
      // Undated items sort by when they alerted; a stable sort keeps the log's order for ties.
      alerts = alerts.enumerated().sorted { a, b in
        let x = a.element.alert.item.published ?? a.element.alert.time
        let y = b.element.alert.item.published ?? b.element.alert.time
        return x != y ? x < y : a.offset < b.offset
      }.map(\.element)
    }
    let style = ListingStyle(colour: !json && ListingStyle.wantsColour, clock: clock)
    var printedHeader = false
    func show(_ entries: [(line: String, alert: Alert)]) {
      for (line, alert) in entries {
        if json {
          print(line)
          continue
        }
        if !printedHeader {
          print(style.header())
          printedHeader = true
        }
        print(style.row(alert))
        if verbose { print(style.evidence(alert)) }
      }
      fflush(nil)
    }
    show(alerts)
    if alerts.isEmpty && !follow {
      let place = fromStore ? "the state store" : path
      printNote(total == 0 ? "no alerts yet in \(place)" : "none of the \(total) alerts match")
    }
    while follow {
      usleep(500_000)
      show(decode(tail.readNewLines()).filter { keep($0.alert) })
    }
    if skipped > 0 {
      printNote(
        "skipped \(skipped) line\(skipped == 1 ? "" : "s") that are not alerts of this version")
    }
  }

  /// The outbox's alert lines raised since `since` (all when nil), oldest first: the lines the
  /// alert log holds, as the store keeps them.
  private func storeLines(_ config: Config?, since: Date?) throws -> [String] {
    guard let config else {
      throw usageError("--from-store reads the store the config names; give it with --config")
    }
    guard let store = try StateStoreOpening.openExisting(config) else { return [] }
    defer { store.close() }
    return try store.alerts(since: since, limit: Int.max).map(\.json)
  }

  private func ago(_ text: String?, _ flag: String, _ now: Date) throws -> Date? {
    guard let text else { return nil }
    guard let seconds = DurationText.seconds(text) else {
      throw usageError("--\(flag) \(text): write a duration such as 90s, 15m, 2h, 1d or 1w")
    }
    return now.addingTimeInterval(-seconds)
  }
}
