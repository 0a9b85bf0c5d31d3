import Watch

#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The digest as plain text: a heading, then each story with its sources and, per rule, the
/// alerts and their evidence. Times are in the schedule's zone.
extension SinkDigest {
  /// One line: what the digest holds and the period it covers.
  package var title: String {
    let alerts = alertCount == 1 ? "1 alert" : "\(alertCount) alerts"
    let stories = stories.count == 1 ? "1 story" : "\(stories.count) stories"
    return "feedwatch digest: \(alerts) in \(stories), "
      + "\(Self.localTime(start, offset: utcOffset)) – \(Self.localTime(end, offset: utcOffset))"
  }

  package var text: String {
    var lines = [title, ""]
    for (index, story) in stories.enumerated() {
      lines.append(
        "\(index + 1). [\(story.severity.rawValue.uppercased())] \(story.title ?? "(untitled)")")
      if let link = story.link { lines.append("   \(link)") }
      lines.append("   carried by: " + story.sources.map(\.feed).joined(separator: ", "))
      for rule in story.rules {
        lines.append("   \(rule.rule) (\(rule.severity.rawValue))")
        for alert in rule.alerts {
          let when = Self.localTime(alert.time, offset: utcOffset)
          var heading = "     \(when) · \(alert.feed)"
          if alert.title != story.title, let title = alert.title { heading += ": \(title)" }
          lines.append(heading)
          if alert.link != story.link, let link = alert.link { lines.append("       \(link)") }
          for piece in alert.evidence { lines.append("       " + Self.describe(piece)) }
        }
      }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }

  static func describe(_ evidence: Evidence) -> String {
    if let speaker = evidence.speaker {
      return "\(evidence.kind) \(evidence.term): \(speaker): “\(evidence.text)”"
    }
    return "\(evidence.kind) \(evidence.term): \(evidence.text)"
  }

  /// "2026-12-07 08:00 +01:00" (or "…Z" in UTC), in the zone `offset` seconds east of UTC.
  static func localTime(_ date: Date, offset: Int) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down)) + time_t(offset)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    var text =
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
      + "\(two(parts.tm_hour)):\(two(parts.tm_min))"
    if parts.tm_sec != 0 { text += ":\(two(parts.tm_sec))" }
    guard offset != 0 else { return text + "Z" }
    let minutes = abs(offset) / 60
    return text
      + " \(offset < 0 ? "-" : "+")\(two(Int32(minutes / 60))):\(two(Int32(minutes % 60)))"
  }
}
