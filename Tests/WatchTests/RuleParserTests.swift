import Testing

@testable import Watch

@Suite struct RuleParserTests {
  @Test func parsesTheDocumentedExample() throws {
    let expression = try RuleParser.parse(
      #"topic:withdrawal AND (faction:* OR person:"Moqtada al-Sadr") AND NOT tag:opinion"#)
    #expect(
      expression
        == .and(
          .and(
            .term(.topic(.named("withdrawal"))),
            .or(.term(.faction(.any)), .term(.person(.named("Moqtada al-Sadr"))))),
          .not(.term(.tag("opinion")))))
  }

  @Test func notBindsTighterThanAndWhichBindsTighterThanOr() throws {
    let expression = try RuleParser.parse("topic:a OR topic:b AND NOT topic:c")
    #expect(
      expression
        == .or(
          .term(.topic(.named("a"))),
          .and(.term(.topic(.named("b"))), .not(.term(.topic(.named("c")))))))
  }

  @Test func readsEveryTermKind() throws {
    let expression = try RuleParser.parse(
      #"keyword:"Ain al-Asad" or feed:bbc and tag:mideast or org:"State Department" or quote.by:faction:* or quote.by:person:Biden or quote.about:topic:withdrawal"#
    )
    #expect(
      expression.terms == [
        .keyword("Ain al-Asad"), .feed("bbc"), .tag("mideast"),
        .organisation(.named("State Department")),
        .quoteByFaction(.any), .quoteByPerson(.named("Biden")),
        .quoteAboutTopic(.named("withdrawal")),
      ])
  }

  @Test func printsBackAConditionThatParsesTheSame() throws {
    let source =
      #"topic:withdrawal AND (faction:* OR person:"Moqtada al-Sadr") AND NOT tag:opinion"#
    let expression = try RuleParser.parse(source)
    #expect(try RuleParser.parse(expression.description) == expression)
  }

  @Test(arguments: [
    ("topic:withdrawal AND", 21, "expected a term"),
    ("topic:withdrawal AND (faction:*", 32, "expected ')' to close the '(' at column 22"),
    ("topics:withdrawal", 1, "unknown term kind 'topics'"),
    ("topic withdrawal", 7, "expected ':' after 'topic'"),
    (#"keyword:"unterminated"#, 9, "unterminated quoted string"),
    ("keyword:*", 9, "keyword: needs a phrase"),
    ("topic:a topic:b", 9, "expected AND, OR or the end"),
    ("", 1, "the condition is empty"),
    ("topic:a & topic:b", 9, "unexpected character '&'"),
  ])
  func syntaxErrorsNameTheColumn(source: String, column: Int, message: String) {
    do {
      _ = try RuleParser.parse(source)
      Issue.record("expected a syntax error for \(source)")
    } catch {
      #expect(error.column == column, "\(source): \(error)")
      #expect(error.message.contains(message), "\(source): \(error)")
    }
  }
}
