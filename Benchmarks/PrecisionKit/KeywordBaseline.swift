/// The keyword regexes an analyst would write by hand, per rule: the baseline the issue's
/// table compares the rules with. A rule fires on an item when one sentence matches all
/// of its patterns (case-insensitive). `faction:*` has none.
public struct KeywordBaseline: Sendable {
  public let rule: String
  /// Every pattern must match the same sentence.
  let patterns: [String]

  public static let all: [KeywordBaseline] = [
    KeywordBaseline(
      rule: "topic:withdrawal",
      patterns: [
        #"\b(withdr[ae]w\w*|pull(s|ed|ing)? out|pull-?outs?|drawdown)\b"#,
        #"\b(troops?|forces|soldiers|military|army)\b"#,
      ]),
    KeywordBaseline(rule: "topic:ceasefire", patterns: [#"\b(cease-?fires?|truces?|armistice)\b"#]),
    KeywordBaseline(
      rule: "topic:attack",
      patterns: [
        #"\b(air ?strikes?|drone strikes?|bombings?|shelling|gunm[ae]n|suicide bomb\w*|car bombs?|roadside bombs?|rocket attacks?|killed in an? (attack|strike|raid|bombing))\b"#
      ]),
    KeywordBaseline(
      rule: "topic:election",
      patterns: [
        #"\b(elections?|electoral|referendums?|polling stations?|ballot boxes|voter turnout)\b"#
      ]),
    KeywordBaseline(
      rule: "topic:sanctions",
      patterns: [#"\b(sanctions (on|against)|embargo|asset freeze|sanctioned (by|for))\b"#]),
  ]

  /// The patterns compiled, for one run.
  func compiled() throws -> Compiled {
    Compiled(patterns: try patterns.map { try Regex($0).ignoresCase() })
  }

  struct Compiled {
    let patterns: [Regex<AnyRegexOutput>]

    /// Whether one of the sentences matches every pattern.
    func fires(onSentences sentences: [Substring]) -> Bool {
      sentences.contains { sentence in patterns.allSatisfy { sentence.contains($0) } }
    }
  }
}
