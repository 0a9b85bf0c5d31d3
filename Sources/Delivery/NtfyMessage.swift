import Store
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One alert as ntfy publishes it (webhook `"format": "ntfy"`, POSTed to the topic's URL):
/// the message is the text, and headers carry the rest. `Priority` follows the severity (info
/// 2 low, notice 3 default, warning 4 high, critical 5 urgent), `Tags` puts the severity's
/// emoji first, then the rule and the feed, `Click` opens the item's link, `Title` is the rule
/// and the item's title. A non-ASCII header value is an RFC 2047 encoded word, which ntfy
/// decodes.
struct NtfyMessage {
  var title: String
  var priority: Int
  var tags: [String]
  var click: String?
  var body: String

  init(_ row: OutboxAlert, _ alert: Alert?) {
    guard let alert else {
      title = "feedwatch: \(row.rule)"
      priority = 3
      tags = [row.rule]
      click = nil
      body = "alert \(row.id) of rule \(row.rule)"
      return
    }
    title = "\(alert.rule): \(alert.item.title ?? "(untitled)")"
    priority = Self.priority(alert.severity)
    tags = [Self.emoji(alert.severity), alert.rule, alert.feed.name]
    click = alert.item.link
    var lines = ["\(alert.severity.rawValue) · \(alert.feed.name)"]
    if let first = alert.matches.first {
      lines.append(first.speaker.map { "\($0): \(first.text)" } ?? first.text)
    }
    if let sources = alert.story?.sources, sources.count > 1 {
      lines.append("also in: " + sources.filter { $0 != alert.feed.name }.joined(separator: ", "))
    }
    if let link = alert.item.link { lines.append(link) }
    body = lines.joined(separator: "\n")
  }

  /// A group or a digest: its title and text, the highest severity's priority, its rules as
  /// tags and, for a group, the item's link.
  init(_ payload: SinkPayload) {
    title = payload.title
    priority = Self.priority(payload.severity)
    tags = [Self.emoji(payload.severity)] + payload.rules + (payload.feed.map { [$0] } ?? [])
    click = payload.link
    body = payload.text
  }

  var headerLines: [String] {
    var lines = [
      "Title: \(MIMEWord.encode(title))", "Priority: \(priority)",
      "Tags: "
        + MIMEWord.encode(
          tags.map { $0.replacing(",", with: " ") }.joined(separator: ",")),
    ]
    if let click { lines.append("Click: \(click)") }
    return lines
  }

  static func priority(_ severity: Severity) -> Int {
    switch severity {
    case .info: 2
    case .notice: 3
    case .warning: 4
    case .critical: 5
    }
  }

  /// ntfy shows a tag that is an emoji short code as the emoji.
  static func emoji(_ severity: Severity) -> String {
    switch severity {
    case .info: "information_source"
    case .notice: "bell"
    case .warning: "warning"
    case .critical: "rotating_light"
    }
  }
}
