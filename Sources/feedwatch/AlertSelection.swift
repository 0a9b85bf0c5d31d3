import ArgumentParser
import Config
import Extraction
import TextTrimming
import Watch

/// The rules, feeds and entities a listing asked for, checked against the names the config and
/// the log know: a name neither knows is a mistake, named with the nearest known ones.
struct AlertSelection {
  private var rules: Set<String> = []
  private var feeds: Set<String> = []
  /// One set per --entity: the lowercased names an alert may give it (its aliases included).
  private var entities: [Set<String>] = []

  init(rules: [String], feeds: [String], entities: [String], config: Config?, log: [Alert])
    throws
  {
    let knownRules =
      Set(log.map(\.rule)).union(config?.rules.map(\.name) ?? [])
      .union([Alert.feedHealthRule])
    self.rules = try Self.checked(rules, known: knownRules, flag: "--rule", kind: "rule")
    let knownFeeds = Set(log.map(\.feed.name)).union(config?.feeds.map(\.name) ?? [])
    self.feeds = try Self.checked(feeds, known: knownFeeds, flag: "--feed", kind: "feed")
    guard !entities.isEmpty else { return }
    let watched = config.map {
      [$0.watchList.factions, $0.watchList.people, $0.watchList.organisations].joined()
    }
    let entries = watched.map(Array.init) ?? []
    let logged = Set(log.flatMap { $0.entities.map(\.name) + $0.quotes.compactMap(\.speaker) })
    let spellings = logged.union(entries.flatMap { [$0.name] + $0.aliases })
    let lowered = Set(spellings.map { $0.lowercased() })
    for name in Self.names(entities, known: spellings) {
      let typed = name.lowercased()
      guard lowered.contains(typed) else {
        throw usageError(
          "--entity \"\(name)\": no entity of that name or alias in the config or the log"
            + NearestNames.didYouMean(name, among: spellings))
      }
      // A watched entry's name and aliases all stand for it; alerts carry the canonical name.
      let entry = entries.first { ([$0.name] + $0.aliases).contains { $0.lowercased() == typed } }
      self.entities.append(
        Set(((entry.map { [$0.name] + $0.aliases }) ?? [name]).map { $0.lowercased() }))
    }
  }

  func admits(_ alert: Alert) -> Bool {
    if !rules.isEmpty, !rules.contains(alert.rule) { return false }
    if !feeds.isEmpty, !feeds.contains(alert.feed.name) { return false }
    guard !entities.isEmpty else { return true }
    let named = Set(
      alert.entities.map { $0.name.lowercased() }
        + alert.quotes.compactMap { $0.speaker?.lowercased() })
    return entities.contains { !$0.isDisjoint(with: named) }
  }

  /// The names given for `flag`, each one a name of `known`.
  private static func checked(_ given: [String], known: Set<String>, flag: String, kind: String)
    throws -> Set<String>
  {
    var selected: Set<String> = []
    for name in names(given, known: known) {
      guard known.contains(name) else {
        throw usageError(
          "\(flag) \"\(name)\": no \(kind) of that name in the config or the log"
            + NearestNames.didYouMean(name, among: known))
      }
      selected.insert(name)
    }
    return selected
  }

  /// The names given, a comma-separated list split into its names unless the whole text is a
  /// known name (which may hold a comma itself).
  static func names(_ given: [String], known: Set<String>) -> [String] {
    given.flatMap { text -> [String] in
      if known.contains(text) || known.contains(where: { $0.lowercased() == text.lowercased() }) {
        return [text]
      }
      return text.split(separator: ",").map { $0.trimmingWhitespace() }.filter {
        !$0.isEmpty
      }
    }
  }
}
