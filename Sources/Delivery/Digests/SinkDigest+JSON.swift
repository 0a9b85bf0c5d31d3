import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The digest's JSON (format version 1, documented in docs/alerts.md): what webhook, exec and
/// jsonl sinks send. Keys are sorted, so the digest's own `"id"` comes before any nested one
/// (the alert log's crash recovery reads the first `"id"` of a line).
extension SinkDigest {
  package func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(Payload(self)), as: UTF8.self)
  }

  /// A digest read back from its JSON (as stored), its times shown `utcOffset` east of UTC.
  package init(jsonLine: String, utcOffset: Int) throws {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let payload = try decoder.decode(Payload.self, from: Data(jsonLine.utf8))
    self.init(
      id: payload.id, schedule: payload.schedule, start: payload.start, end: payload.end,
      utcOffset: utcOffset, stories: payload.stories.map(\.model))
  }

  struct Payload: Codable {
    var v = SinkDigest.formatVersion
    var kind = "digest"
    var id: String
    var schedule: String
    var start: Date
    var end: Date
    var severity: String
    var alertCount: Int
    var storyCount: Int
    var stories: [StoryPayload]

    init(_ digest: SinkDigest) {
      id = digest.id
      schedule = digest.schedule
      start = digest.start
      end = digest.end
      severity = digest.severity.rawValue
      alertCount = digest.alertCount
      storyCount = digest.stories.count
      stories = digest.stories.map(StoryPayload.init)
    }
  }

  struct StoryPayload: Codable {
    var story: String?
    var title: String?
    var link: String?
    var severity: String
    var sources: [SourcePayload]
    var rules: [RulePayload]

    init(_ story: Story) {
      self.story = story.id
      title = story.title
      link = story.link
      severity = story.severity.rawValue
      sources = story.sources.map { SourcePayload(feed: $0.feed, title: $0.title, link: $0.link) }
      rules = story.rules.map(RulePayload.init)
    }

    var model: Story {
      Story(
        id: self.story, title: title, link: link, severity: Severity(rawValue: severity) ?? .info,
        sources: sources.map { Source(feed: $0.feed, title: $0.title, link: $0.link) },
        rules: rules.map(\.model))
    }
  }

  struct SourcePayload: Codable {
    var feed: String
    var title: String?
    var link: String?
  }

  struct RulePayload: Codable {
    var rule: String
    var severity: String
    var alerts: [EntryPayload]

    init(_ rule: RuleAlerts) {
      self.rule = rule.rule
      severity = rule.severity.rawValue
      alerts = rule.alerts.map(EntryPayload.init)
    }

    var model: RuleAlerts {
      RuleAlerts(
        rule: self.rule, severity: Severity(rawValue: severity) ?? .info,
        alerts: alerts.map(\.model))
    }
  }

  struct EntryPayload: Codable {
    var id: String
    var time: Date
    var feed: String
    var title: String?
    var link: String?
    var evidence: [EvidencePayload]

    init(_ entry: Entry) {
      id = entry.id
      time = entry.time
      feed = entry.feed
      title = entry.title
      link = entry.link
      evidence = entry.evidence.map {
        EvidencePayload(kind: $0.kind, term: $0.term, text: $0.text, speaker: $0.speaker)
      }
    }

    var model: Entry {
      Entry(
        id: id, time: time, feed: feed, title: title, link: link,
        evidence: evidence.map {
          Evidence(kind: $0.kind, term: $0.term, text: $0.text, speaker: $0.speaker)
        })
    }
  }

  struct EvidencePayload: Codable {
    var kind: String
    var term: String
    var text: String
    var speaker: String?
  }
}
