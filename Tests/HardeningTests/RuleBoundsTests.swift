import Testing
import Watch

/// Rule conditions too deep or too long for the recursive parser, evaluator and deallocation
/// (the rule-parser fuzz target's finding: 100,000 nested parentheses overflowed the stack).
@Suite struct RuleBoundsTests {
  static let deep: [(String, String)] = [
    (
      "nested parentheses",
      String(repeating: "(", count: 100_000) + "topic:a" + String(repeating: ")", count: 100_000)
    ),
    ("chained NOTs", String(repeating: "NOT ", count: 100_000) + "topic:a"),
    ("a long AND chain", (0..<100_000).map { "topic:t\($0)" }.joined(separator: " AND ")),
    (
      "65 nested parentheses",
      String(repeating: "(", count: 65) + "topic:a" + String(repeating: ")", count: 65)
    ),
  ]

  @Test(arguments: deep.map(\.0))
  func anAbsurdConditionIsASyntaxErrorNotACrash(_ name: String) {
    let condition = Self.deep.first { $0.0 == name }!.1
    #expect(throws: RuleSyntaxError.self, "\(name)") { try RuleParser.parse(condition) }
  }

  @Test func reasonableNestingStillParses() throws {
    let nested =
      String(repeating: "(", count: 20) + "topic:a OR NOT topic:b"
      + String(repeating: ")", count: 20)
    _ = try RuleParser.parse(nested)
    _ = try RuleParser.parse((0..<200).map { "keyword:k\($0)" }.joined(separator: " OR "))
  }
}
