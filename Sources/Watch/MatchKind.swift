/// What a piece of alert evidence is, written in the alert as the rule language names it
/// (`"topic"`, `"quote.by"`, …).
public enum MatchKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case topic
  case faction
  case person
  case org
  case keyword
  case feed
  case tag
  case quoteBy = "quote.by"
  case quoteAbout = "quote.about"

  public var description: String { rawValue }

  /// Evidence that names an entity (listed in the alert's `entities`).
  public var isEntity: Bool { self == .faction || self == .person || self == .org }
  /// Evidence that is a quote (listed in the alert's `quotes`).
  public var isQuote: Bool { self == .quoteBy || self == .quoteAbout }
}
