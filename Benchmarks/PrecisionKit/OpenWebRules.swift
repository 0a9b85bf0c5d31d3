import Extraction
public import Watch

/// The rules an analyst would start with on the open web: one per built-in topic, plus
/// `faction:*`. The harness and the corpus test both measure these.
public enum OpenWebRules {
  /// Rule names, in report order: each is also the rule's condition.
  public static let names: [String] =
    TopicDefinition.builtin.map { "topic:\($0.name)" } + ["faction:*"]

  /// A watcher with the default watch list and one rule per name.
  public static func watcher() throws -> Watcher {
    let rules = try names.map { name throws(RuleSyntaxError) in
      try Rule(name: name, severity: .notice, when: name)
    }
    return Watcher(watchList: WatchList(), rules: rules)
  }
}
