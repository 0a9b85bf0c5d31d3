import Config
import Extraction
import Watch

/// `extract --config`: the config's rules tried on the text, as the daemon would for an item
/// of one feed, so a rule can be tested before the news arrives.
struct RuleTrial {
  struct Fired: Encodable {
    var rule: String
    var severity: String
    var matches: [AlertMatch]
  }

  /// The rules that fire on `extraction`, in the config's order, with their evidence.
  static func fired(_ rules: [Rule], on extraction: ExtractionResult, feed: Config.Feed?) -> [Fired]
  {
    let context = MatchContext(
      feedName: feed?.name ?? "", tags: feed?.tags ?? [], extraction: extraction)
    return rules.compactMap { rule in
      rule.condition.evaluate(context).map {
        Fired(rule: rule.name, severity: rule.severity.rawValue, matches: $0)
      }
    }
  }
}

/// The extraction's JSON with the rules that fired beside its own keys (`"rules"`).
struct ExtractionWithRules: Encodable {
  var result: ExtractionResult
  var rules: [RuleTrial.Fired]

  private enum Key: String, CodingKey { case rules }

  func encode(to encoder: any Encoder) throws {
    try result.encode(to: encoder)
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(rules, forKey: .rules)
  }
}
