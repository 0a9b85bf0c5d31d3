import Foundation
import Testing

@testable import Config

/// A config that is not JSON gets the file, the line and column, and what was expected there.
@Suite struct JSONSyntaxErrorTests {
  @Test(
    arguments: [
      ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' after the value of \"a\""),
      ("{\"feeds\": [\n  {\"url\": x}\n]}", 2, 11, "expected a value for \"url\", found 'x'"),
      ("{\n  // note\n  \"a\": 1\n}", 2, 3, "(JSON has no comments)"),
      ("{\"a\": [1, 2\n", 2, 1, "the file ends inside the list opened at line 1, column 7"),
      ("{\"a\": \"b\n\"}", 1, 9, "the string's closing '\"' is missing"),
      ("{\"a\": 01}", 1, 7, "may not start with 0"),
      ("{\"a\": \"\\q\"}", 1, 9, "is not a JSON escape"),
      ("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\""),
      ("{\"é\": 1}}", 1, 9, "unexpected text after the end"),
    ] as [(String, Int, Int, String)])
  func namesTheFault(text: String, line: Int, column: Int, message: String) throws {
    let fault = try #require(JSONSyntaxError.find(in: Array(text.utf8)))
    #expect(fault.line == line && fault.column == column, "\(fault)")
    #expect(fault.message.contains(message), "\(fault)")
  }

  @Test func wellFormedDocumentsHaveNoFault() {
    for text in [
      "{}", "[]", "{\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\"],}", "\u{FEFF}{\"b\": {}}",
    ] {
      #expect(JSONSyntaxError.find(in: Array(text.utf8)) == nil, "\(text)")
    }
  }

  @Test func theConfigErrorNamesFileLineAndColumn() {
    #expect(throws: ConfigError.self) {
      try ConfigLoader.parse(
        Data("{\n  \"feeds\": []\n  \"rules\": []\n}".utf8), file: "/etc/f.json")
    }
    do {
      _ = try ConfigLoader.parse(Data("{\"feeds\": [}".utf8), file: "/etc/f.json")
      Issue.record("a config that is not JSON was accepted")
    } catch {
      #expect(
        error.description
          == "/etc/f.json: not valid JSON: line 1, column 12: expected a value for element 0 of the list, found '}'"
      )
    }
  }
}
