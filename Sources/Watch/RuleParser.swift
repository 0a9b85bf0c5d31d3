/// A syntax error in a rule's condition; `column` is 1-based, counted in characters.
public struct RuleSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var column: Int
  public var message: String
  public var description: String { "column \(column): \(message)" }
}

enum RuleToken: Equatable {
  case word(String)  // a bare word: AND, OR, NOT, a kind, a value
  case quoted(String)
  case colon
  case openParen
  case closeParen
  case end
}

/// Splits a condition into tokens, remembering the column each starts at.
struct RuleLexer {
  static func isBareWordScalar(_ s: Unicode.Scalar) -> Bool {
    s.properties.isAlphabetic || s.properties.numericType != nil
      || "-_.*'’/".unicodeScalars.contains(s)
  }

  static func tokenize(_ text: String) throws(RuleSyntaxError) -> [(RuleToken, Int)] {
    var tokens: [(RuleToken, Int)] = []
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      let column = i + 1
      if c.isWhitespace {
        i += 1
      } else if c == "(" {
        tokens.append((.openParen, column))
        i += 1
      } else if c == ")" {
        tokens.append((.closeParen, column))
        i += 1
      } else if c == ":" {
        tokens.append((.colon, column))
        i += 1
      } else if c == "\"" || c == "“" {
        let closing: Set<Character> = ["\"", "”"]
        var j = i + 1
        var value = ""
        while j < chars.count, !closing.contains(chars[j]) {
          if chars[j] == "\\", j + 1 < chars.count { j += 1 }
          value.append(chars[j])
          j += 1
        }
        guard j < chars.count else {
          throw RuleSyntaxError(column: column, message: "unterminated quoted string")
        }
        tokens.append((.quoted(value), column))
        i = j + 1
      } else if c.unicodeScalars.allSatisfy(isBareWordScalar) {
        var j = i
        var word = ""
        while j < chars.count, chars[j].unicodeScalars.allSatisfy(isBareWordScalar) {
          word.append(chars[j])
          j += 1
        }
        tokens.append((.word(word), column))
        i = j
      } else {
        throw RuleSyntaxError(column: column, message: "unexpected character '\(c)'")
      }
    }
    tokens.append((.end, chars.count + 1))
    return tokens
  }
}

/// Recursive-descent parser. Precedence: NOT binds tighter than AND, AND tighter than OR.
public struct RuleParser {
  private var tokens: [(RuleToken, Int)]
  private var position = 0
  /// Open parentheses and NOTs around the current position.
  private var nesting = 0

  /// Bounds on a condition's size and nesting: the parser, the evaluator and the expression's
  /// own deallocation all recurse, and 100,000 nested "(" or chained ANDs overflowed the stack.
  static let maxTokens = 1000
  static let maxNesting = 64

  public static func parse(_ text: String) throws(RuleSyntaxError) -> RuleExpression {
    var parser = RuleParser(tokens: try RuleLexer.tokenize(text))
    if parser.tokens.count > maxTokens {
      throw RuleSyntaxError(
        column: parser.tokens[maxTokens].1,
        message:
          "the condition is too long (over \(maxTokens) words and symbols); split it into several rules"
      )
    }
    if case .end = parser.current {
      throw RuleSyntaxError(
        column: 1, message: "the condition is empty; write e.g. topic:withdrawal")
    }
    let expression = try parser.parseOr()
    guard case .end = parser.current else {
      throw RuleSyntaxError(
        column: parser.column,
        message: "expected AND, OR or the end of the condition, found \(parser.describeCurrent)")
    }
    return expression
  }

  private init(tokens: [(RuleToken, Int)]) { self.tokens = tokens }

  private var current: RuleToken { tokens[position].0 }
  private var column: Int { tokens[position].1 }
  private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

  private var describeCurrent: String {
    switch current {
    case .word(let w): return "'\(w)'"
    case .quoted(let q): return "\"\(q)\""
    case .colon: return "':'"
    case .openParen: return "'('"
    case .closeParen: return "')'"
    case .end: return "the end of the condition"
    }
  }

  private func isKeyword(_ word: String) -> Bool {
    if case .word(let w) = current { return w.uppercased() == word }
    return false
  }

  private mutating func parseOr() throws(RuleSyntaxError) -> RuleExpression {
    var lhs = try parseAnd()
    while isKeyword("OR") {
      advance()
      lhs = .or(lhs, try parseAnd())
    }
    return lhs
  }

  private mutating func parseAnd() throws(RuleSyntaxError) -> RuleExpression {
    var lhs = try parseNot()
    while isKeyword("AND") {
      advance()
      lhs = .and(lhs, try parseNot())
    }
    return lhs
  }

  private mutating func parseNot() throws(RuleSyntaxError) -> RuleExpression {
    if isKeyword("NOT") {
      try enter()
      defer { nesting -= 1 }
      advance()
      return .not(try parseNot())
    }
    return try parsePrimary()
  }

  private mutating func enter() throws(RuleSyntaxError) {
    nesting += 1
    if nesting > Self.maxNesting {
      throw RuleSyntaxError(
        column: column, message: "nested more than \(Self.maxNesting) levels deep")
    }
  }

  private mutating func parsePrimary() throws(RuleSyntaxError) -> RuleExpression {
    switch current {
    case .openParen:
      let open = column
      try enter()
      defer { nesting -= 1 }
      advance()
      let inner = try parseOr()
      guard case .closeParen = current else {
        throw RuleSyntaxError(
          column: column,
          message: "expected ')' to close the '(' at column \(open), found \(describeCurrent)")
      }
      advance()
      return inner
    case .word:
      return .term(try parseTerm())
    default:
      throw RuleSyntaxError(
        column: column,
        message: "expected a term such as topic:withdrawal, found \(describeCurrent)")
    }
  }

  /// `kind:value`, where kind may itself contain colons (`quote.by:faction`).
  private mutating func parseTerm() throws(RuleSyntaxError) -> RuleTerm {
    let start = column
    guard case .word(var kind) = current else {
      throw RuleSyntaxError(column: start, message: "expected a term")
    }
    if ["AND", "OR", "NOT"].contains(kind.uppercased()) {
      throw RuleSyntaxError(column: start, message: "expected a term before '\(kind)'")
    }
    advance()
    guard case .colon = current else {
      throw RuleSyntaxError(
        column: column,
        message:
          "expected ':' after '\(kind)' (terms look like topic:NAME; kinds: \(RuleTerm.kinds.joined(separator: ", ")))"
      )
    }
    advance()
    // Compound kinds: quote.by:faction:NAME, quote.about:topic:NAME.
    if kind == "quote.by" || kind == "quote.about", case .word(let sub) = current {
      kind += ":" + sub
      advance()
      guard case .colon = current else {
        throw RuleSyntaxError(column: column, message: "expected ':' after '\(kind)'")
      }
      advance()
    }
    let valueColumn = column
    let value: TermValue
    switch current {
    case .word(let w): value = w == "*" ? .any : .named(w)
    case .quoted(let q): value = .named(q)
    default:
      throw RuleSyntaxError(
        column: valueColumn, message: "expected a name, a \"quoted phrase\" or * after '\(kind):'")
    }
    advance()
    func named(_ what: String) throws(RuleSyntaxError) -> String {
      guard case .named(let name) = value, !name.isEmpty else {
        throw RuleSyntaxError(column: valueColumn, message: "\(kind): needs a \(what), not *")
      }
      return name
    }
    switch kind.lowercased() {
    case "topic": return .topic(value)
    case "faction": return .faction(value)
    case "person": return .person(value)
    case "org", "organisation", "organization": return .organisation(value)
    case "keyword": return .keyword(try named("phrase"))
    case "feed": return .feed(try named("feed name"))
    case "tag": return .tag(try named("tag"))
    case "quote.by:faction": return .quoteByFaction(value)
    case "quote.by:person": return .quoteByPerson(value)
    case "quote.about:topic": return .quoteAboutTopic(value)
    default:
      throw RuleSyntaxError(
        column: start,
        message: "unknown term kind '\(kind)'; use one of \(RuleTerm.kinds.joined(separator: ", "))"
      )
    }
  }
}
