import Watch

#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The aligned listing: colour only on a terminal, and never when NO_COLOR is set.
struct ListingStyle {
  var colour: Bool
  /// Which time the TIME column shows.
  var clock: ListingClock = .alerted

  static var wantsColour: Bool { isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil }

  static let ruleWidth = 24
  static let feedWidth = 20

  func header() -> String {
    dim(
      pad(clock == .published ? "PUBLISHED" : "TIME", 20) + "  " + pad("SEVERITY", 8) + "  "
        + pad("RULE", Self.ruleWidth) + "  " + pad("FEED", Self.feedWidth) + "  TITLE")
  }

  func row(_ alert: Alert) -> String {
    let date = clock == .published ? alert.item.published : alert.time
    let time = date.map { $0.formatted(.iso8601).replacing("T", with: " ") } ?? "(undated)"
    return pad(time, 20) + "  " + severity(alert.severity, width: 8) + "  "
      + pad(alert.rule, Self.ruleWidth) + "  "
      + pad(alert.feed.name, Self.feedWidth) + "  " + (alert.item.title ?? "(untitled)")
  }

  /// The link (unless `withLink` is false: `alerts show` prints it on its own line) and one
  /// line per match: what fired and the text it fired on.
  func evidence(_ alert: Alert, withLink: Bool = true) -> String {
    var lines: [String] = []
    if withLink, let link = alert.item.link { lines.append("    " + dim(link)) }
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
