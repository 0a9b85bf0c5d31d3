/// How loud an alert is. Ordered: info < notice < warning < critical.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
  case info, notice, warning, critical

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// Whether later copies of a story (the same news from other feeds) alert again.
public enum RepeatPolicy: String, Sendable, Codable, CaseIterable {
  /// One alert per story: later copies are recorded on it, silently.
  case once
  /// One alert per story and feed.
  case perSource = "per-source"
}

/// A named condition compiled once when the config loads.
public struct Rule: Sendable, Equatable {
  public var name: String
  public var severity: Severity
  public var condition: RuleExpression
  /// The condition as the user wrote it.
  public var source: String
  public var repeatPolicy: RepeatPolicy
  /// At most this many alerts an hour; past it, matches are folded into the hour's digest.
  public var maxPerHour: Int?

  public init(
    name: String, severity: Severity, when source: String, repeat policy: RepeatPolicy = .once,
    maxPerHour: Int? = nil
  ) throws(RuleSyntaxError) {
    self.name = name
    self.severity = severity
    self.source = source
    self.condition = try RuleParser.parse(source)
    self.repeatPolicy = policy
    self.maxPerHour = maxPerHour
  }
}
