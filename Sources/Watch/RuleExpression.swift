/// The condition of a rule, e.g. `topic:withdrawal AND (faction:* OR person:"Moqtada al-Sadr") AND NOT tag:opinion`.
public indirect enum RuleExpression: Sendable, Equatable, CustomStringConvertible {
  case term(RuleTerm)
  case not(RuleExpression)
  case and(RuleExpression, RuleExpression)
  case or(RuleExpression, RuleExpression)

  public var description: String {
    switch self {
    case .term(let term): return term.description
    case .not(let inner): return "NOT \(inner.parenthesisedIfBinary)"
    case .and(let lhs, let rhs): return "\(lhs.parenthesisedIfOr) AND \(rhs.parenthesisedIfOr)"
    case .or(let lhs, let rhs): return "\(lhs) OR \(rhs)"
    }
  }

  private var parenthesisedIfBinary: String {
    switch self {
    case .and, .or: return "(\(self))"
    default: return description
    }
  }

  private var parenthesisedIfOr: String {
    if case .or = self { return "(\(self))" }
    return description
  }

  /// Every term in the expression, in reading order.
  public var terms: [RuleTerm] {
    switch self {
    case .term(let term): return [term]
    case .not(let inner): return inner.terms
    case .and(let lhs, let rhs), .or(let lhs, let rhs): return lhs.terms + rhs.terms
    }
  }
}

/// What a term names: `*` (anything of that kind) or one value.
public enum TermValue: Sendable, Equatable, Hashable, CustomStringConvertible {
  case any
  case named(String)

  public var description: String {
    switch self {
    case .any: return "*"
    case .named(let name):
      let bare = name.unicodeScalars.allSatisfy { RuleLexer.isBareWordScalar($0) }
      return bare && !name.isEmpty ? name : "\"\(name)\""
    }
  }
}

public enum RuleTerm: Sendable, Equatable, Hashable, CustomStringConvertible {
  case topic(TermValue)
  case faction(TermValue)
  case person(TermValue)
  case organisation(TermValue)
  case keyword(String)
  case feed(String)
  case tag(String)
  /// A quote whose speaker is the faction, or a person affiliated with it.
  case quoteByFaction(TermValue)
  case quoteByPerson(TermValue)
  /// A quote whose own words are about the topic.
  case quoteAboutTopic(TermValue)

  public var description: String {
    switch self {
    case .topic(let v): return "topic:\(v)"
    case .faction(let v): return "faction:\(v)"
    case .person(let v): return "person:\(v)"
    case .organisation(let v): return "org:\(v)"
    case .keyword(let s): return "keyword:\(TermValue.named(s))"
    case .feed(let s): return "feed:\(TermValue.named(s))"
    case .tag(let s): return "tag:\(TermValue.named(s))"
    case .quoteByFaction(let v): return "quote.by:faction:\(v)"
    case .quoteByPerson(let v): return "quote.by:person:\(v)"
    case .quoteAboutTopic(let v): return "quote.about:topic:\(v)"
    }
  }

  /// The kinds a term can start with, as the user writes them.
  static let kinds = [
    "topic", "faction", "person", "org", "keyword", "feed", "tag", "quote.by:faction",
    "quote.by:person", "quote.about:topic",
  ]
}
