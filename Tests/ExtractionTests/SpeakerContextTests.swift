import Testing

@testable import Extraction

/// People known only from their context: a lone surname after "said" or "according to",
/// or before an appositive role; and "the spokesman" pointing back to a named spokesman.
@Suite struct SpeakerContextTests {
  static let extractor = Extractor()

  @Test func loneSurnameAfterASpeechVerbIsAPerson() {
    let result = Self.extractor.extract(
      "The Houthis fired missiles at ships. “We will continue until the siege ends,” said Haddad.")
    #expect(result.entity(withMention: "Haddad")?.type == .PERSON)
    #expect(result.speaker(ofQuoteStarting: "We will continue") == "Haddad")
  }

  @Test func loneSurnameAfterAccordingToIsAPersonNotAPlace() {
    let result = Self.extractor.extract(
      "More attacks are planned, according to Haddad. The navy was put on alert.")
    #expect(result.entity(withMention: "Haddad")?.type == .PERSON)
  }

  @Test func loneSurnameBeforeAnAppositiveRoleIsAPerson() {
    let result = Self.extractor.extract(
      "Haddad, a spokesman for the group, said the navy was targeted.")
    let haddad = result.entity(withMention: "Haddad")
    #expect(haddad?.type == .PERSON)
    #expect(haddad?.roles == ["spokesman"])
  }

  @Test func capitalisedWordsWithoutPersonContextStayUntyped() {
    // "Sunday" is a weekday and "Talks" a common word: no person context makes them names.
    let result = Self.extractor.extract("Talks resumed on Sunday, officials said.")
    #expect(result.entities.isEmpty)
  }

  @Test func theSpokesmanAfterANamedSpokesmanIsThatPerson() {
    let result = Self.extractor.extract(
      """
      Nujaba spokesman Nasr al-Shammari said on Monday that the group rejects the deal.
      “We will not accept any foreign presence,” the spokesman added.
      """)
    #expect(result.speaker(ofQuoteStarting: "We will not accept") == "Nasr al-Shammari")
  }

  @Test func theSpokesmanOfAnotherOrganisationIsThatOrganisation() {
    let result = Self.extractor.extract(
      """
      Nujaba spokesman Nasr al-Shammari said on Monday that the group rejects the deal.
      The Interior Ministry issued a statement. “Security is stable,” the spokesman said.
      """)
    #expect(result.speaker(ofQuoteStarting: "Security is stable") == "Interior Ministry")
  }

  @Test func theOfficialAfterANamedOfficialIsThatPerson() {
    let result = Self.extractor.extract(
      """
      Iraqi security official Ali Hamdani spoke to reporters in Baghdad on Sunday.
      “The attack came from the west,” the official said.
      """)
    #expect(result.speaker(ofQuoteStarting: "The attack came") == "Ali Hamdani")
  }
}
