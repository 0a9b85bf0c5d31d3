import ArgumentParser
import Config
import Daemon
import Delivery
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
    abstract: "Read the alert log.",
    discussion: """
      Reads the JSON Lines alert log directly (the config's, or any copy with --log), so it works \
      while the daemon runs and on a log copied elsewhere. Examples:
        feedwatch alerts --since 2h
        feedwatch alerts --rule withdrawal --severity warning -v
        feedwatch alerts --entity "Moqtada al-Sadr" --json | jq -r '.item.link'
        feedwatch alerts --follow
        feedwatch alerts show 0e51cf866522c03dbb071b2909550c1c
      """,
    subcommands: [ListAlerts.self, ShowAlert.self],
    defaultSubcommand: ListAlerts.self)
}

/// Where the log is: --log, else the config's.
struct AlertLogOptions: ParsableArguments {
  @Option(
    name: [.short, .long],
    help: ArgumentHelp("The config whose alert log to read.", valueName: "file"))
  var config: String = ConfigOptions.defaultConfigPath

  @Option(help: ArgumentHelp("Read this alert log instead of the config's.", valueName: "file"))
  var log: String?

  func path() throws -> String {
    if let log { return log }
    do {
      return try ConfigLoader.load(path: config).alertLogPath
    } catch {
      printError("\(error) (or name the log with --log FILE)")
      throw ExitCode(FeedwatchInfo.configExitCode)
    }
  }
}

struct ListAlerts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List alerts, oldest first (the default).")

  @OptionGroup var source: AlertLogOptions

  @Option(
    help: ArgumentHelp(
      "Only alerts from the last DURATION (90s, 15m, 2h, 1d).", valueName: "duration"))
  var since: String?

  @Option(help: ArgumentHelp("Only alerts older than DURATION ago.", valueName: "duration"))
  var until: String?

  @Option(help: ArgumentHelp("Only alerts of this rule (repeatable).", valueName: "name"))
  var rule: [String] = []

  @Option(
    help: ArgumentHelp("Only alerts from this feed, by name (repeatable).", valueName: "name"))
  var feed: [String] = []

  @Option(
    help: ArgumentHelp(
      "Only alerts of at least this severity: info, notice, warning, critical.", valueName: "level")
  )
  var severity: String?

  @Option(
    help: ArgumentHelp(
      "Only alerts naming this entity (canonical name, any case).", valueName: "name"))
  var entity: String?

  @Option(
    help: ArgumentHelp("Only alerts of this story (its id, or a unique prefix).", valueName: "id"))
  var story: String?

  @Flag(help: "Print the alert lines unchanged (JSON Lines, for jq).")
  var json = false

  @Flag(name: [.short, .long], help: "Also print each alert's link and evidence.")
  var verbose = false

  @Flag(
    name: [.short, .long],
    help: "Keep printing new alerts as they are written (follows log rotation).")
  var follow = false

  func run() throws {
    let path = try source.path()
    let filter = try makeFilter()
    var reader = LogTail(path: path)
    guard reader.exists || follow else {
      printError("no alert log at \(path) yet: the daemon creates it with the first alert")
      throw ExitCode.failure
    }
    let style = ListingStyle(colour: !json && ListingStyle.wantsColour)
    var skipped = 0
    var printedHeader = false
    while true {
      for line in reader.readNewLines() {
        guard let alert = try? Alert.decode(jsonLine: line) else {
          skipped += 1
          continue
        }
        guard filter(alert) else { continue }
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
      if !follow { break }
      usleep(500_000)
    }
    if skipped > 0 {
      printError(
        "skipped \(skipped) line\(skipped == 1 ? "" : "s") that are not alerts of this version")
    }
  }

  private func makeFilter() throws -> (Alert) -> Bool {
    func ago(_ text: String?, _ flag: String) throws -> Date? {
      guard let text else { return nil }
      guard let seconds = DurationText.seconds(text) else {
        throw ValidationError("--\(flag) \(text): write a duration such as 90s, 15m, 2h or 1d")
      }
      return Date().addingTimeInterval(-seconds)
    }
    let from = try ago(since, "since")
    let to = try ago(until, "until")
    var least: Severity?
    if let severity {
      guard let level = Severity(rawValue: severity.lowercased()) else {
        throw ValidationError("--severity \(severity): use info, notice, warning or critical")
      }
      least = level
    }
    let entity = self.entity?.lowercased()
    let story = self.story
    let rules = Set(rule)
    let feeds = Set(feed)
    return { alert in
      if let from, alert.time < from { return false }
      if let to, alert.time >= to { return false }
      if !rules.isEmpty, !rules.contains(alert.rule) { return false }
      if !feeds.isEmpty, !feeds.contains(alert.feed.name) { return false }
      if let least, alert.severity < least { return false }
      if let story, alert.story?.id.hasPrefix(story) != true { return false }
      if let entity {
        let names =
          alert.entities.map { $0.name.lowercased() }
          + alert.quotes.compactMap { $0.speaker?.lowercased() }
        if !names.contains(entity) { return false }
      }
      return true
    }
  }
}

struct ShowAlert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print one alert in full, with its evidence.")

  @OptionGroup var source: AlertLogOptions

  @Argument(help: ArgumentHelp("The alert's id (a unique prefix is enough).", valueName: "id"))
  var id: String

  @Flag(help: "Print the alert's JSON, indented.")
  var json = false

  func run() throws {
    var reader = LogTail(path: try source.path())
    let found = reader.readNewLines().filter { line in
      AlertLog.alertID(inLine: ArraySlice(line.utf8))?.hasPrefix(id) == true
    }
    guard found.count == 1, let line = found.first, let alert = try? Alert.decode(jsonLine: line)
    else {
      printError(
        found.isEmpty
          ? "no alert \(id) in the log"
          : "\(found.count) alerts start with \(id); give more of the id")
      throw ExitCode.failure
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.dateEncodingStrategy = .iso8601
      print(String(decoding: try encoder.encode(alert), as: UTF8.self))
      return
    }
    let style = ListingStyle(colour: ListingStyle.wantsColour)
    var lines = [
      style.bold(alert.item.title ?? "(untitled)"),
      "id:        \(alert.id)",
      "time:      \(alert.time.formatted(.iso8601))",
      "rule:      \(alert.rule) (\(style.severity(alert.severity)))",
      "feed:      \(alert.feed.name) \(alert.feed.url)"
        + (alert.feed.tags.isEmpty ? "" : " [\(alert.feed.tags.joined(separator: ", "))]"),
    ]
    if let link = alert.item.link { lines.append("link:      \(link)") }
    if let published = alert.item.published {
      lines.append("published: \(published.formatted(.iso8601))")
    }
    if !alert.entities.isEmpty {
      lines.append(
        "entities:  " + alert.entities.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
    }
    lines.append("evidence:")
    lines.append(style.evidence(alert))
    print(lines.joined(separator: "\n"))
  }
}

/// The aligned listing: colour only on a terminal, and never when NO_COLOR is set.
struct ListingStyle {
  var colour: Bool

  static var wantsColour: Bool { isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil }

  static let ruleWidth = 24
  static let feedWidth = 20

  func header() -> String {
    dim(
      pad("TIME", 20) + "  " + pad("SEVERITY", 8) + "  " + pad("RULE", Self.ruleWidth) + "  "
        + pad("FEED", Self.feedWidth) + "  TITLE")
  }

  func row(_ alert: Alert) -> String {
    let time = alert.time.formatted(.iso8601).replacing("T", with: " ")
    return pad(time, 20) + "  " + severity(alert.severity, width: 8) + "  "
      + pad(alert.rule, Self.ruleWidth) + "  "
      + pad(alert.feed.name, Self.feedWidth) + "  " + (alert.item.title ?? "(untitled)")
  }

  func evidence(_ alert: Alert) -> String {
    var lines: [String] = []
    if let link = alert.item.link { lines.append("    " + dim(link)) }
    for match in alert.matches {
      let who = match.speaker.map { " — \($0)" } ?? ""
      lines.append("    \(bold("\(match.kind) \(match.term)"))\(who): \(match.text)")
    }
    return lines.joined(separator: "\n")
  }

  func severity(_ severity: Severity, width: Int = 0) -> String {
    let text = pad(severity.rawValue, width)
    guard colour else { return text }
    switch severity {
    case .info: return text
    case .notice: return "\u{1B}[36m\(text)\u{1B}[0m"
    case .warning: return "\u{1B}[33m\(text)\u{1B}[0m"
    case .critical: return "\u{1B}[1;31m\(text)\u{1B}[0m"
    }
  }

  func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

  /// Cut to `width` characters (with an ellipsis) or padded with spaces to it.
  func pad(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return text }
    if text.count > width { return String(text.prefix(width - 1)) + "…" }
    return text + String(repeating: " ", count: width - text.count)
  }
}

/// Reads a growing file line by line; notices when logrotate replaced it.
struct LogTail {
  let path: String
  private var fd: Int32 = -1
  private var inode: ino_t = 0
  private var pending: [UInt8] = []

  init(path: String) {
    self.path = path
    open()
  }

  var exists: Bool { fd >= 0 }

  private mutating func open() {
    fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    var st = stat()
    if fd >= 0, fstat(fd, &st) == 0 { inode = st.st_ino }
  }

  mutating func readNewLines() -> [String] {
    var st = stat()
    if stat(path, &st) == 0, st.st_ino != inode || fd < 0 {
      // Rotated (or created): finish the old file, then read the new one from its start.
      var lines = drain()
      if fd >= 0 { close(fd) }
      pending = []
      open()
      lines += drain()
      return lines
    }
    return drain()
  }

  private mutating func drain() -> [String] {
    guard fd >= 0 else { return [] }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      pending += buffer.prefix(n)
    }
    guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = pending[..<lastNewline]
    pending = Array(pending[(lastNewline + 1)...])
    return complete.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
  }
}
