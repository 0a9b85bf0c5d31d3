import TextTrimming

/// A robots.txt as RFC 9309 reads it: the group for feedwatch's product token, else the `*`
/// group; the longest matching rule decides, an allow winning a tie; `*` and `$` in patterns.
package struct RobotsRules: Sendable, Equatable {
  struct Rule: Sendable, Equatable {
    var allow: Bool
    var pattern: [UInt8]
  }
  var rules: [Rule]

  package static let allowAll = RobotsRules(rules: [])
  package static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: Array("/".utf8))]
  )

  /// `agent`: the product token, lowercased (`feedwatch`).
  package init(parsing text: String, agent: String) {
    var mine: [Rule] = []
    var anyone: [Rule] = []
    var matchedMine = false
    var groupAgents: [String] = []
    var inRules = false
    for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon].trimmingWhitespace().lowercased()
      let value = line[line.index(after: colon)...].trimmingWhitespace()
      switch key {
      case "user-agent":
        // A user-agent line after rules starts a new group.
        if inRules {
          groupAgents = []
          inRules = false
        }
        let name = value.lowercased()
        groupAgents.append(name)
        if name != "*", !name.isEmpty, agent.hasPrefix(name) { matchedMine = true }
      case "allow", "disallow":
        inRules = true
        // An empty disallow allows everything: no rule.
        guard !value.isEmpty else { continue }
        let rule = Rule(allow: key == "allow", pattern: Array(value.utf8))
        if groupAgents.contains(where: { $0 != "*" && !$0.isEmpty && agent.hasPrefix($0) }) {
          mine.append(rule)
        }
        if groupAgents.contains("*") { anyone.append(rule) }
      default: continue
      }
    }
    // A group naming feedwatch, even one without rules, replaces the `*` group.
    rules = matchedMine ? mine : anyone
  }

  init(rules: [Rule]) { self.rules = rules }

  /// Whether `path` (path and query, starting with `/`) may be fetched.
  package func allows(_ path: String) -> Bool {
    let target = Array(path.utf8)
    var best: Rule?
    for rule in rules where Self.matches(rule.pattern, target) {
      if let current = best {
        if rule.pattern.count > current.pattern.count
          || (rule.pattern.count == current.pattern.count && rule.allow)
        {
          best = rule
        }
      } else {
        best = rule
      }
    }
    return best?.allow ?? true
  }

  /// A prefix match where `*` stands for any run and a final `$` anchors the end.
  static func matches(_ pattern: [UInt8], _ path: [UInt8]) -> Bool {
    func match(_ p: Int, _ s: Int) -> Bool {
      if p == pattern.count { return true }
      if pattern[p] == UInt8(ascii: "$") && p == pattern.count - 1 { return s == path.count }
      if pattern[p] == UInt8(ascii: "*") {
        var start = s
        while start <= path.count {
          if match(p + 1, start) { return true }
          start += 1
        }
        return false
      }
      guard s < path.count, path[s] == pattern[p] else { return false }
      return match(p + 1, s + 1)
    }
    return match(0, 0)
  }
}
