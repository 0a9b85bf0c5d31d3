import Hashing

package import Store
package import Watch

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// A sink's digest (config sink key `digest`): the alerts that waited for it, grouped by story
/// and, within a story, by rule, each with its evidence and the feeds that carried the story.
/// A plain value: rendered as JSON (`jsonLine`) and as plain text (`text`) by the sinks.
/// Not the hourly digest alert of a rule's `maxPerHour`, which is an alert like any other here.
package struct SinkDigest: Sendable, Equatable {
  package static let formatVersion = 1

  /// A feed that carried a story, with its item's title and link.
  package struct Source: Sendable, Equatable {
    package var feed: String
    package var title: String?
    package var link: String?
  }

  /// One piece of evidence: the sentence (or the quote) and, for a quote, who said it.
  package struct Evidence: Sendable, Equatable {
    package var kind: String
    package var term: String
    package var text: String
    package var speaker: String?
  }

  package struct Entry: Sendable, Equatable {
    package var id: String
    package var time: Date
    package var feed: String
    package var title: String?
    package var link: String?
    package var evidence: [Evidence]
  }

  package struct RuleAlerts: Sendable, Equatable {
    package var rule: String
    package var severity: Severity
    package var alerts: [Entry]
  }

  package struct Story: Sendable, Equatable {
    /// nil when story grouping is off (the story is then one item).
    package var id: String?
    package var title: String?
    package var link: String?
    package var severity: Severity
    package var sources: [Source]
    package var rules: [RuleAlerts]
  }

  package var id: String
  /// The schedule as configured ("1h", "daily@08:00").
  package var schedule: String
  /// The period it covers: from the previous digest's due time to this one's.
  package var start: Date
  package var end: Date
  /// Seconds east of UTC at `end` in the schedule's zone, for the text rendering's times.
  package var utcOffset: Int
  package var stories: [Story]

  package var alertCount: Int {
    stories.reduce(0) { $0 + $1.rules.reduce(0) { $0 + $1.alerts.count } }
  }
  package var severity: Severity { stories.map(\.severity).max() ?? .info }

  /// Stable for (sink, due time): a digest composed again after a crash has the same id.
  package static func id(sink: String, due: Date) -> String {
    String(
      Digest.sha256Hex("sink-digest\u{0}" + sink + "\u{0}\(Int(due.timeIntervalSince1970))")
        .prefix(32))
  }

  package init(
    id: String, schedule: String, start: Date, end: Date, utcOffset: Int, stories: [Story]
  ) {
    self.id = id
    self.schedule = schedule
    self.start = start
    self.end = end
    self.utcOffset = utcOffset
    self.stories = stories
  }

  /// Groups `alerts` (in the order they were raised) by story, then by rule; `sources` gives a
  /// story's sources from the store. Stories come in the order of their first alert, rules by
  /// severity (highest first) then name, alerts in the order raised.
  package init(
    id: String, schedule: String, start: Date, end: Date, utcOffset: Int,
    alerts: [PendingAlert], sources: (String) throws -> [StorySource]
  ) rethrows {
    self.id = id
    self.schedule = schedule
    self.start = start
    self.end = end
    self.utcOffset = utcOffset
    var order: [String] = []
    var grouped: [String: [PendingAlert]] = [:]
    for pending in alerts {
      let key = Self.storyKey(pending)
      if grouped[key] == nil { order.append(key) }
      grouped[key, default: []].append(pending)
    }
    stories = try order.map { key in try Self.story(grouped[key] ?? [], sources: sources) }
  }

  /// The story an alert belongs to; an alert without one is a story of its own item.
  static func storyKey(_ pending: PendingAlert) -> String {
    if let story = pending.alert?.story { return "story\u{0}" + story.id }
    let itemKey = pending.alert?.item.key ?? pending.row.id
    return "item\u{0}" + pending.row.feedKey + "\u{0}" + itemKey
  }

  static func story(_ alerts: [PendingAlert], sources: (String) throws -> [StorySource]) rethrows
    -> Story
  {
    let first = alerts.first?.alert
    let storyID = first?.story?.id
    var storySources: [Source] = []
    if let storyID {
      storySources = try sources(storyID).map {
        Source(feed: $0.feedName, title: $0.title, link: $0.link)
      }
      if storySources.isEmpty, let names = first?.story?.sources {
        storySources = names.map { Source(feed: $0, title: nil, link: nil) }
      }
    }
    if storySources.isEmpty, let first {
      storySources = [Source(feed: first.feed.name, title: first.item.title, link: first.item.link)]
    }
    var ruleOrder: [String] = []
    var byRule: [String: [PendingAlert]] = [:]
    for pending in alerts {
      if byRule[pending.row.rule] == nil { ruleOrder.append(pending.row.rule) }
      byRule[pending.row.rule, default: []].append(pending)
    }
    let rules = ruleOrder.map { rule in
      let members = byRule[rule] ?? []
      return RuleAlerts(
        rule: rule, severity: members.compactMap(\.alert?.severity).max() ?? .info,
        alerts: members.map(entry))
    }.sorted { ($0.severity, $1.rule) > ($1.severity, $0.rule) }
    return Story(
      id: storyID, title: first?.item.title, link: first?.item.link,
      severity: rules.map(\.severity).max() ?? .info, sources: storySources, rules: rules)
  }

  static func entry(_ pending: PendingAlert) -> Entry {
    guard let alert = pending.alert else {
      return Entry(
        id: pending.row.id, time: pending.row.created, feed: pending.row.feedKey, title: nil,
        link: nil, evidence: [])
    }
    var evidence: [Evidence] = []
    for match in alert.matches {
      let piece = Evidence(
        kind: match.kind.rawValue, term: match.term, text: match.text, speaker: match.speaker)
      if !evidence.contains(piece) { evidence.append(piece) }
    }
    // A rule's hourly digest alert has no matches: what it lists is its evidence.
    for held in alert.digest?.alerts ?? [] {
      evidence.append(
        Evidence(
          kind: "held", term: held.feed,
          text: [held.title, held.link].compactMap { $0 }.joined(separator: " "),
          speaker: nil))
    }
    return Entry(
      id: alert.id, time: alert.time, feed: alert.feed.name, title: alert.item.title,
      link: alert.item.link, evidence: evidence)
  }
}
