import Testing

@testable import Extraction

/// Single quotation marks inside a double-quoted quotation: the outer quotation stays one
/// quote, and the nested passage is a quote of its own (the spec counts ‘ ’ as quotation
/// marks in a headline or nested inside another quote).
@Suite struct NestedQuoteTests {
  static let result = Extractor().extract(
    """
    “We reject what they call an ‘advisory role’ for foreign troops in our country,” \
    Khazali said. “They told us ‘you will leave Iraq within a year’, and we believe \
    them,” he added. Iraq’s leaders didn’t comment.
    """)

  @Test func theOuterQuotationIsOneQuote() {
    let outer = Self.result.quotes.first { $0.text.hasPrefix("We reject") }
    #expect(
      outer?.text
        == "We reject what they call an ‘advisory role’ for foreign troops in our country,")
    #expect(outer?.speaker == "Khazali")
    #expect(Self.result.quotes.filter { $0.text.hasPrefix("for foreign troops") }.isEmpty)
  }

  @Test func aNestedTermHasNoSpeaker() {
    let term = Self.result.quotes.first { $0.text == "advisory role" }
    #expect(term != nil)
    #expect(term?.speaker == nil)
  }

  @Test func aNestedSentenceIsCreditedToTheOuterSpeaker() {
    let nested = Self.result.quotes.first { $0.text == "you will leave Iraq within a year" }
    #expect(nested?.speaker == "Khazali")
    let outer = Self.result.quotes.first { $0.text.hasPrefix("They told us") }
    #expect(outer?.speaker == "Khazali")
  }

  @Test func apostrophesAreNotQuotationMarks() {
    #expect(Self.result.quotes.count == 4)
    #expect(!Self.result.quotes.contains { $0.text.contains("leaders") })
  }
}
