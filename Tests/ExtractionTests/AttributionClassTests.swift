import Testing

@testable import Extraction

/// Speakers of the kinds wire copy has everywhere: a surname that is an English word, a
/// name with an initial, a role between the verb and the name, a lowercase title as the
/// subject; and the explanation of each quote's speaker.
@Suite struct AttributionClassTests {
  static let extractor = Extractor()

  @Test func surnameThatIsAnEnglishWordLinksToTheFullName() {
    let result = Self.extractor.extract(
      """
      Interior Minister Daniel Hunter said on Tuesday that the border would stay closed.

      “Nobody crosses until the smugglers are gone,” Hunter said.
      """)
    #expect(
      result.entity(withMention: "Daniel Hunter")?.mentions.map(\.text) == [
        "Daniel Hunter", "Hunter",
      ])
    #expect(result.speaker(ofQuoteStarting: "Nobody crosses") == "Daniel Hunter")
  }

  @Test func aCapitalisedCommonWordBeforeALongerNameIsNoSurname() {
    // "Young" was a surname earlier; "Young Farmers" at a clause start is no person.
    let result = Self.extractor.extract(
      "Senator Ruth Young spoke first. Young Farmers Association members marched on Friday.")
    #expect(result.entity(withMention: "Young") == nil)
  }

  @Test func anInitialStaysInsideTheName() {
    let result = Self.extractor.extract(
      "Colonel Peter J. Walsh, who commands the garrison, met reporters. “We hold the hill,” Walsh said."
    )
    #expect(result.entity(withMention: "Peter J. Walsh")?.type == .PERSON)
    #expect(result.speaker(ofQuoteStarting: "We hold the hill") == "Peter J. Walsh")
  }

  @Test func anOrdinalBeforeAFullStopIsNoInitial() {
    let result = Self.extractor.extract(
      "The treaty ended World War I. Political parties then formed a government.")
    #expect(!result.entities.contains { $0.name.contains("I. Political") })
  }

  @Test func roleWordsBetweenTheVerbAndTheNameAreSkipped() {
    let result = Self.extractor.extract(
      "Gunmen attacked a checkpoint overnight. “We will answer this,” said military spokesman Rami Saleh."
    )
    #expect(result.speaker(ofQuoteStarting: "We will answer") == "Rami Saleh")
  }

  @Test func aLowercaseTitleAsSubjectIsThePersonLastNamed() {
    let result = Self.extractor.extract(
      """
      Senator Grace Odell visited the camp on Thursday.

      “The aid must get through,” the senator posted on Friday.
      """)
    #expect(result.speaker(ofQuoteStarting: "The aid must") == "Grace Odell")
  }

  @Test func explainGivesTheCueAndTheRuleOfEachQuote() {
    let (result, _, quotes) = Self.extractor.explain(
      """
      Army commander Tariq Nasser said the road was open. “Trucks can pass,” Nasser said.

      “We are watching the hills.”

      The curfew is a “temporary” measure.
      """)
    #expect(quotes.count == result.quotes.count)
    let first = quotes.first { $0.text.hasPrefix("Trucks") }
    #expect(first?.rule == .attributionAfter)
    #expect(first?.subject == .nameBeforeVerb)
    #expect(first?.speaker == "Tariq Nasser")
    let continued = quotes.first { $0.text.hasPrefix("We are watching") }
    #expect(continued?.rule == .continuesPreviousSpeaker)
    #expect(continued?.speaker == "Tariq Nasser")
    let scare = quotes.first { $0.text == "temporary" }
    #expect(scare?.rule == .scareQuote)
    #expect(scare?.speaker == nil)
  }
}
