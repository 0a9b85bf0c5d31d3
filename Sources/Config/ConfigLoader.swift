import Extraction
import FeedParser
import Fetcher
import TextTrimming
import Watch

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Reads and validates a config file; every error names the file, the field path and the fix.
public enum ConfigLoader {
  public static func load(path: String) throws(ConfigError) -> Config {
    let absolute = FilePaths.absolute(path)
    guard let data = FileManager.default.contents(atPath: absolute) else {
      throw ConfigError(
        file: absolute, field: "",
        message: "cannot read the config file (does it exist, and may this user read it?); "
          + "start from config.example.json")
    }
    return try parse(data, file: absolute)
  }

  public static func parse(_ data: Data, file: String) throws(ConfigError) -> Config {
    let root: JSONValue
    do {
      root = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      let detail = JSONSyntaxError.find(in: Array(data)).map(\.description)
      throw ConfigError(
        file: file, field: "",
        message: "not valid JSON: \(detail ?? jsonErrorSummary(error))")
    }
    var reader = ConfigReader(file: file, folder: FilePaths.folder(of: file))
    return try reader.read(root)
  }

  private static func jsonErrorSummary(_ error: Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
      let underlying = (context.underlyingError as? CustomDebugStringConvertible)?.debugDescription
      return underlying ?? context.debugDescription
    }
    return String(describing: error)
  }
}

/// Walks the JSON tree, keeping the path of the field being read for error messages.
struct ConfigReader {
  let file: String
  let folder: String
  var warnings: [ConfigWarning] = []

  func fail(_ field: String, _ message: String) -> ConfigError {
    ConfigError(file: file, field: field, message: message)
  }

  func object(_ value: JSONValue, _ field: String, allowed: [String]) throws(ConfigError)
    -> [String: JSONValue]
  {
    guard case .object(let dict) = value else {
      throw fail(field, "expected an object, found \(value.kindDescription)")
    }
    for key in dict.keys.sorted() where !allowed.contains(key) {
      let path = field.isEmpty ? key : "\(field).\(key)"
      let suggestion =
        allowed.first { $0.lowercased() == key.lowercased() }.map { " (did you mean \"\($0)\"?)" }
        ?? ""
      throw fail(path, "unknown key\(suggestion); allowed here: \(allowed.joined(separator: ", "))")
    }
    return dict
  }

  func string(_ value: JSONValue?, _ field: String) throws(ConfigError) -> String? {
    guard let value, value != .null else { return nil }
    guard case .string(let s) = value else {
      throw fail(field, "expected a string, found \(value.sentenceDescription)")
    }
    return s
  }

  func nonEmptyString(_ value: JSONValue?, _ field: String) throws(ConfigError) -> String? {
    guard let s = try string(value, field) else { return nil }
    guard !s.trimmingWhitespace().isEmpty else { throw fail(field, "must not be empty") }
    return s
  }

  func strings(_ value: JSONValue?, _ field: String) throws(ConfigError) -> [String] {
    guard let value, value != .null else { return [] }
    guard case .array(let items) = value else {
      throw fail(field, "expected a list of strings, found \(value.sentenceDescription)")
    }
    var result: [String] = []
    for (i, item) in items.enumerated() {
      guard let s = try nonEmptyString(item, "\(field)[\(i)]") else {
        throw fail("\(field)[\(i)]", "expected a string, found null")
      }
      result.append(s)
    }
    return result
  }

  func bool(_ value: JSONValue?, _ field: String) throws(ConfigError) -> Bool? {
    guard let value, value != .null else { return nil }
    guard case .bool(let b) = value else {
      throw fail(field, "expected true or false, found \(value.sentenceDescription)")
    }
    return b
  }

  func integer(_ value: JSONValue?, _ field: String, min: Int) throws(ConfigError) -> Int? {
    guard let value, value != .null else { return nil }
    guard case .number(let n) = value, n == n.rounded(), n >= Double(min), n < 1e15 else {
      throw fail(
        field, "expected a whole number of at least \(min), found \(value.sentenceDescription)")
    }
    return Int(n)
  }

  func duration(_ value: JSONValue?, _ field: String, min: Double = 0, orAdaptive: Bool = false)
    throws(ConfigError) -> Double?
  {
    let examples = orAdaptive ? "\"15m\" or \"adaptive\"" : "\"15m\""
    guard let value, value != .null else { return nil }
    guard case .string(let text) = value else {
      // A bare number is the usual slip: say which string it was meant to be.
      var hint = ""
      if case .number(let n) = value, n > 0, n == n.rounded(), n < 1e9 {
        hint = " (\"\(Int(n))s\")"
      }
      throw fail(
        field, "expected a duration such as \(examples), found \(value.sentenceDescription)\(hint)")
    }
    guard let seconds = DurationText.seconds(text) else {
      throw fail(
        field,
        "\"\(text)\" is not a duration; write e.g. \"90s\", \"15m\", \"2h\", \"1d\" or \"1w\""
          + (orAdaptive ? ", or \"adaptive\" to follow the feed's item rate" : ""))
    }
    guard seconds >= min else {
      throw fail(
        field, "\"\(text)\" is too short; the least allowed is \(DurationText.format(min))")
    }
    return seconds
  }

  enum IntervalSetting {
    case adaptive
    case fixed(Double)
  }

  /// A polling interval: a duration of at least a second, or "adaptive".
  func interval(_ value: JSONValue?, _ field: String) throws(ConfigError) -> IntervalSetting? {
    if case .string(let text)? = value, text.trimmingWhitespace().lowercased() == "adaptive" {
      return .adaptive
    }
    return try duration(value, field, min: 1, orAdaptive: true).map { .fixed($0) }
  }

  func timeZone(_ value: JSONValue?, _ field: String) throws(ConfigError) -> FeedTimeZone? {
    guard let text = try string(value, field) else { return nil }
    guard let zone = FeedTimeZone(text) else {
      throw fail(
        field,
        "\"\(text)\" is not a time zone; write \"UTC\", an offset such as \"+05:30\", "
          + "or a zone name such as \"Europe/Berlin\"")
    }
    return zone
  }

  mutating func read(_ root: JSONValue) throws(ConfigError) -> Config {
    let top = try object(
      root, "",
      allowed: [
        "$schema", "stateDirectory", "alertLog", "concurrency", "userAgent", "defaults", "feeds",
        "feedLists", "topics",
        "factions", "people", "organisations", "keywords", "rules", "sinks", "politeness",
        "stories", "denyPrivateNetworks", "forgetItemsAfter", "metrics", "store",
      ])
    let stateDirectory = FilePaths.resolve(
      try nonEmptyString(top["stateDirectory"], "stateDirectory") ?? "/var/lib/feedwatch",
      against: folder)
    let alertLog = FilePaths.resolve(
      try nonEmptyString(top["alertLog"], "alertLog") ?? "/var/log/feedwatch/alerts.jsonl",
      against: folder)
    let concurrency = try integer(top["concurrency"], "concurrency", min: 1) ?? 32
    var maxPerHost = 2
    var hostSpacing = 1.0
    if let value = top["politeness"] {
      let politeness = try object(value, "politeness", allowed: ["maxPerHost", "spacing"])
      maxPerHost =
        try integer(politeness["maxPerHost"], "politeness.maxPerHost", min: 1) ?? maxPerHost
      hostSpacing = try duration(politeness["spacing"], "politeness.spacing") ?? hostSpacing
    }
    let userAgent = try nonEmptyString(top["userAgent"], "userAgent") ?? FeedwatchVersion.userAgent
    let defaults = try readDefaults(top["defaults"])
    var feeds = try readFeeds(top["feeds"], defaults: defaults)
    let feedLists = try readFeedLists(top["feedLists"], into: &feeds, defaults: defaults)
    var watchList = WatchList(
      factions: try readEntries(top["factions"], "factions"),
      people: try readEntries(top["people"], "people"),
      organisations: try readEntries(top["organisations"], "organisations"),
      keywords: try strings(top["keywords"], "keywords"),
      topics: try readTopics(top["topics"]))
    let listedKeywords = watchList.keywords
    let rules = try readRules(top["rules"], watchList: &watchList, feeds: feeds)
    warnUnused(keywords: listedKeywords, by: rules)
    let sinks = try readSinks(
      top["sinks"], ruleNames: Set(rules.map(\.name)), timeZone: defaults.timeZone)
    // Before `warnings` is read for the result: it may add one.
    let metrics = try readMetrics(top["metrics"])
    var storyWindow = 48 * 3600.0
    if let value = top["stories"] {
      let stories = try object(value, "stories", allowed: ["window"])
      storyWindow = try duration(stories["window"], "stories.window") ?? storyWindow
    }
    return Config(
      file: file, stateDirectory: stateDirectory, store: try readStore(top["store"]),
      alertLog: alertLog, concurrency: concurrency,
      maxPerHost: maxPerHost, hostSpacing: hostSpacing, userAgent: userAgent, defaults: defaults,
      feeds: feeds, feedLists: feedLists,
      watchList: watchList, rules: rules, storyWindow: storyWindow,
      forgetItemsAfter: try duration(top["forgetItemsAfter"], "forgetItemsAfter", min: 86400)
        ?? 90 * 86400,
      denyPrivateNetworks: try bool(top["denyPrivateNetworks"], "denyPrivateNetworks") ?? false,
      configuredSinks: sinks, warnings: warnings,
      metrics: metrics)
  }

  mutating func readDefaults(_ value: JSONValue?) throws(ConfigError) -> Config.FeedDefaults {
    var defaults = Config.FeedDefaults()
    guard let value else { return defaults }
    let dict = try object(
      value, "defaults",
      allowed: [
        "interval", "minInterval", "maxInterval", "timeout", "connectTimeout", "maxBytes",
        "backlog", "failingAlertAfter", "timezone", "ignoreValidators",
      ] + Self.articleKeys)
    defaults.minInterval =
      try duration(dict["minInterval"], "defaults.minInterval", min: 1) ?? defaults.minInterval
    defaults.maxInterval =
      try duration(dict["maxInterval"], "defaults.maxInterval", min: 1) ?? defaults.maxInterval
    guard defaults.minInterval <= defaults.maxInterval else {
      throw fail("defaults.minInterval", "must not be longer than defaults.maxInterval")
    }
    switch try interval(dict["interval"], "defaults.interval") {
    case .adaptive?: defaults.adaptive = true
    case .fixed(let seconds)?:
      defaults.adaptive = false
      defaults.interval = seconds
    case nil: break
    }
    defaults.interval = bounded(
      defaults.interval, field: "defaults.interval", polled: "feeds are", defaults: defaults)
    defaults.timeout = try duration(dict["timeout"], "defaults.timeout", min: 1) ?? defaults.timeout
    defaults.connectTimeout =
      try duration(dict["connectTimeout"], "defaults.connectTimeout", min: 1)
      ?? defaults.connectTimeout
    defaults.maxBytes =
      try integer(dict["maxBytes"], "defaults.maxBytes", min: 1024) ?? defaults.maxBytes
    defaults.backlog = try duration(dict["backlog"], "defaults.backlog") ?? defaults.backlog
    defaults.failingAlertAfter =
      try duration(dict["failingAlertAfter"], "defaults.failingAlertAfter")
      ?? defaults.failingAlertAfter
    defaults.timeZone = try timeZone(dict["timezone"], "defaults.timezone") ?? defaults.timeZone
    defaults.ignoreValidators =
      try bool(dict["ignoreValidators"], "defaults.ignoreValidators") ?? defaults.ignoreValidators
    defaults.article = try articleSettings(dict, "defaults", base: defaults.article)
    return defaults
  }

  mutating func readFeeds(_ value: JSONValue?, defaults: Config.FeedDefaults) throws(ConfigError)
    -> [Config.Feed]
  {
    guard let value else { return [] }
    guard case .array(let items) = value else {
      throw fail("feeds", "expected a list of feeds, found \(value.kindDescription)")
    }
    var feeds: [Config.Feed] = []
    var names: [String: Int] = [:]
    var urls: [String: Int] = [:]
    // Named feeds first, so an unnamed feed's default never takes a name the user wrote.
    for (i, item) in items.enumerated() {
      if let name = item["name"]?.string, !name.isEmpty, names[name] == nil { names[name] = i }
    }
    for (i, item) in items.enumerated() {
      let field = "feeds[\(i)]"
      let dict = try object(
        item, field,
        allowed: [
          "url", "name", "tags", "interval", "timeout", "connectTimeout", "maxBytes", "backlog",
          "enabled", "proxy", "failingAlertAfter", "timezone", "ignoreValidators",
        ] + Self.articleKeys)
      guard let rawURL = try nonEmptyString(dict["url"], "\(field).url") else {
        throw fail("\(field).url", "every feed needs a url, e.g. \"https://example.org/rss.xml\"")
      }
      let url = try feedURL(rawURL, field: "\(field).url")
      let name: String
      if let given = try nonEmptyString(dict["name"], "\(field).name") {
        if let other = names[given], other != i {
          throw fail(
            "\(field).name",
            "\"\(given)\" is already the name of feeds[\(other)]; feed names must be unique")
        }
        name = given
      } else {
        name = FeedName.unique(FeedName.default(for: url)) { names[$0] != nil }
      }
      if let other = urls[url] {
        throw fail("\(field).url", "the same URL as feeds[\(other)]; list each feed once")
      }
      names[name] = i
      urls[url] = i
      var fixed = defaults.adaptive ? nil : defaults.interval
      switch try interval(dict["interval"], "\(field).interval") {
      case .adaptive?: fixed = nil
      case .fixed(let seconds)?: fixed = seconds
      case nil: break
      }
      // The defaults' interval is within bounds already; a feed's own is checked here.
      let start =
        dict["interval"] == nil
        ? defaults.interval
        : bounded(
          fixed ?? defaults.interval, field: "\(field).interval", polled: "\(name) is",
          defaults: defaults)
      feeds.append(
        Config.Feed(
          url: url, name: name, tags: try strings(dict["tags"], "\(field).tags"),
          interval: start, adaptive: fixed == nil,
          timeout: try duration(dict["timeout"], "\(field).timeout", min: 1) ?? defaults.timeout,
          connectTimeout: try duration(dict["connectTimeout"], "\(field).connectTimeout", min: 1)
            ?? defaults.connectTimeout,
          maxBytes: try integer(dict["maxBytes"], "\(field).maxBytes", min: 1024)
            ?? defaults.maxBytes,
          backlog: try duration(dict["backlog"], "\(field).backlog") ?? defaults.backlog,
          enabled: try bool(dict["enabled"], "\(field).enabled") ?? true,
          proxy: try string(dict["proxy"], "\(field).proxy"),
          failingAlertAfter: try duration(dict["failingAlertAfter"], "\(field).failingAlertAfter")
            ?? defaults.failingAlertAfter,
          timeZone: try timeZone(dict["timezone"], "\(field).timezone") ?? defaults.timeZone,
          ignoreValidators: try bool(dict["ignoreValidators"], "\(field).ignoreValidators")
            ?? defaults.ignoreValidators,
          article: try articleSettings(dict, field, base: defaults.article)))
    }
    return feeds
  }

  static let articleKeys = [
    "article", "articleMinWords", "articleTimeout", "articleRobots", "articleMaxBytes",
  ]

  /// The article keys of a feed or of the defaults, over `base`.
  func articleSettings(
    _ dict: [String: JSONValue], _ field: String, base: Config.ArticleSettings
  ) throws(ConfigError) -> Config.ArticleSettings {
    var settings = base
    if let mode = try string(dict["article"], "\(field).article") {
      guard let known = Config.ArticleSettings.Mode(rawValue: mode) else {
        let modes = Config.ArticleSettings.Mode.allCases.map { "\"\($0.rawValue)\"" }
        throw fail("\(field).article", "expected one of \(modes.joined(separator: ", "))")
      }
      settings.mode = known
    }
    settings.minWords =
      try integer(dict["articleMinWords"], "\(field).articleMinWords", min: 0) ?? settings.minWords
    settings.timeout =
      try duration(dict["articleTimeout"], "\(field).articleTimeout", min: 1) ?? settings.timeout
    settings.robots = try bool(dict["articleRobots"], "\(field).articleRobots") ?? settings.robots
    settings.maxBytes =
      try integer(dict["articleMaxBytes"], "\(field).articleMaxBytes", min: 1024)
      ?? settings.maxBytes
    return settings
  }

  /// `wanted` within [minInterval, maxInterval]; outside them, a warning naming the bound and
  /// what is polled that often instead.
  mutating func bounded(
    _ wanted: Double, field: String, polled: String, defaults: Config.FeedDefaults
  ) -> Double {
    let interval = min(max(wanted, defaults.minInterval), defaults.maxInterval)
    if interval != wanted {
      let bound = wanted < interval ? "below defaults.minInterval" : "above defaults.maxInterval"
      warnings.append(
        ConfigWarning(
          field: field,
          message: "\(DurationText.format(wanted)) is \(bound) (\(DurationText.format(interval))); "
            + "\(polled) polled every \(DurationText.format(interval))"))
    }
    return interval
  }

  /// A keyword is matched only for the rules that name it: one listed that no rule uses can
  /// never raise an alert, which is what a typo in the rule looks like.
  mutating func warnUnused(keywords: [String], by rules: [Rule]) {
    var used = Set<String>()
    for rule in rules {
      for case .keyword(let phrase) in rule.condition.terms { used.insert(phrase.lowercased()) }
    }
    for (i, keyword) in keywords.enumerated() where !used.contains(keyword.lowercased()) {
      warnings.append(
        ConfigWarning(
          field: "keywords[\(i)]",
          message: "no rule uses \"\(keyword)\", so it never alerts; name it in a rule as "
            + "keyword:\"\(keyword)\" or remove it"))
    }
  }

  /// http(s) URLs as written; file URLs and relative paths become absolute file URLs.
  func feedURL(_ raw: String, field: String) throws(ConfigError) -> String {
    let text = raw.trimmingWhitespace()
    let lower = text.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
      guard text.count > lower.prefix(8).count, !text.contains(" ") else {
        throw fail(field, "\"\(raw)\" is not a valid URL")
      }
      return text
    }
    if lower.hasPrefix("file://") {
      let path = String(text.dropFirst("file://".count))
      return "file://" + FilePaths.resolve(path, against: folder)
    }
    if text.contains("://") {
      throw fail(
        field, "\"\(raw)\" uses an unsupported scheme; feeds are http://, https:// or file:// URLs")
    }
    throw fail(
      field,
      "\"\(raw)\" is not a URL; write e.g. \"https://example.org/rss.xml\" or \"file://samples/feed.xml\""
    )
  }

  func readEntries(_ value: JSONValue?, _ field: String) throws(ConfigError) -> [WatchEntry] {
    guard let value else { return [] }
    guard case .object(let dict) = value else {
      throw fail(
        field,
        "expected an object of canonical name → {\"aliases\": [...]}, found \(value.kindDescription)"
      )
    }
    var entries: [WatchEntry] = []
    for name in dict.keys.sorted() {
      let entryField = "\(field).\(name)"
      guard !name.trimmingWhitespace().isEmpty else {
        throw fail(entryField, "the name must not be empty")
      }
      let spec = try object(dict[name]!, entryField, allowed: ["aliases"])
      entries.append(
        WatchEntry(name: name, aliases: try strings(spec["aliases"], "\(entryField).aliases")))
    }
    return entries
  }

  func readTopics(_ value: JSONValue?) throws(ConfigError) -> [TopicDefinition] {
    var topics = TopicDefinition.builtin
    guard let value else { return topics }
    guard case .object(let dict) = value else {
      throw fail(
        "topics",
        "expected an object of topic name → {\"terms\": [...]}, found \(value.kindDescription)")
    }
    for name in dict.keys.sorted() {
      let field = "topics.\(name)"
      let spec = try object(
        dict[name]!, field, allowed: ["terms", "context", "exclude", "replace"])
      let terms = try strings(spec["terms"], "\(field).terms")
      let context = try strings(spec["context"], "\(field).context")
      let exclude = try strings(spec["exclude"], "\(field).exclude")
      let replace = try bool(spec["replace"], "\(field).replace") ?? false
      if let index = topics.firstIndex(where: { $0.name == name }) {
        // A built-in topic is extended unless the config says to replace it.
        var topic = replace ? TopicDefinition(name: name, terms: []) : topics[index]
        topic.terms.appendNew(terms)
        topic.context.appendNew(context)
        topic.exclude.appendNew(exclude)
        guard !topic.terms.isEmpty else {
          throw fail("\(field).terms", "a replaced topic needs at least one term")
        }
        topics[index] = topic
      } else {
        guard !terms.isEmpty else {
          throw fail(
            "\(field).terms", "a topic needs at least one term, e.g. [\"withdraw\", \"pull out\"]")
        }
        topics.append(TopicDefinition(name: name, terms: terms, context: context, exclude: exclude))
      }
    }
    return topics
  }

  func readRules(_ value: JSONValue?, watchList: inout WatchList, feeds: [Config.Feed])
    throws(ConfigError) -> [Rule]
  {
    guard let value else { return [] }
    guard case .array(let items) = value else {
      throw fail("rules", "expected a list of rules, found \(value.kindDescription)")
    }
    var rules: [Rule] = []
    for (i, item) in items.enumerated() {
      let field = "rules[\(i)]"
      let dict = try object(
        item, field, allowed: ["name", "when", "severity", "repeat", "maxPerHour"])
      guard let name = try nonEmptyString(dict["name"], "\(field).name") else {
        throw fail("\(field).name", "every rule needs a name")
      }
      if rules.contains(where: { $0.name == name }) {
        throw fail("\(field).name", "\"\(name)\" names two rules; rule names must be unique")
      }
      guard let when = try nonEmptyString(dict["when"], "\(field).when") else {
        throw fail(
          "\(field).when", "every rule needs a condition, e.g. \"topic:withdrawal AND faction:*\"")
      }
      let severityText = try string(dict["severity"], "\(field).severity") ?? "info"
      guard let severity = Severity(rawValue: severityText.lowercased()) else {
        throw fail(
          "\(field).severity",
          "\"\(severityText)\" is not a severity; use one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      let repeatText = try string(dict["repeat"], "\(field).repeat") ?? RepeatPolicy.once.rawValue
      guard let repeatPolicy = RepeatPolicy(rawValue: repeatText) else {
        throw fail(
          "\(field).repeat",
          "\"\(repeatText)\" is not a repeat policy; use \"once\" (one alert per story) or \"per-source\""
        )
      }
      let maxPerHour = try integer(dict["maxPerHour"], "\(field).maxPerHour", min: 1)
      let rule: Rule
      do {
        rule = try Rule(
          name: name, severity: severity, when: when, repeat: repeatPolicy, maxPerHour: maxPerHour)
      } catch {
        throw fail("\(field).when", "rule \"\(name)\": \(error) in: \(when)")
      }
      do {
        try rule.register(in: &watchList, feedNames: Set(feeds.map(\.name)))
      } catch {
        throw fail("\(field).when", error.description)
      }
      rules.append(rule)
    }
    return rules
  }
}

extension Array where Element == String {
  /// Appends the strings not already present (ignoring case).
  mutating func appendNew(_ others: [String]) {
    for other in others where !contains(where: { $0.lowercased() == other.lowercased() }) {
      append(other)
    }
  }
}
