/// How loud an alert is. Ordered: info < notice < warning < critical.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, notice, warning, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A named condition compiled once when the config loads.
public struct Rule: Sendable, Equatable {
    public var name: String
    public var severity: Severity
    public var condition: RuleExpression
    /// The condition as the user wrote it.
    public var source: String

    public init(name: String, severity: Severity, when source: String) throws(RuleSyntaxError) {
        self.name = name
        self.severity = severity
        self.source = source
        self.condition = try RuleParser.parse(source)
    }
}
