import Testing

@testable import Extraction

/// Speakers, affiliations and facilities in the shapes wire copy, statements and social
/// posts take: long appositions, "told OUTLET", unnamed spokespeople of a named
/// organisation, statements, reported speech between quotes; facilities before a
/// lowercase head; sports clubs.
@Suite struct UnseenStoryTests {
  static let extractor = Extractor()

  @Test func aNameBeforeItsAppositionToldAnOutletIsTheSpeaker() {
    let result = Self.extractor.extract(
      """
      “The road to the north is cut,” Omar Salloum, a police commander in the district, told the Anadolu news agency.
      """)
    #expect(result.speaker(ofQuoteStarting: "The road to") == "Omar Salloum")
  }

  @Test func aNameAfterALongDescriptionIsTheSpeakerAndGoesOn() {
    let result = Self.extractor.extract(
      """
      “No convoy moves at night,” the Defence Ministry's head of logistics for the southern front, Rami Aoun, said in the statement.

      “The drivers have been told.”
      """)
    #expect(result.speaker(ofQuoteStarting: "No convoy") == "Rami Aoun")
    #expect(result.speaker(ofQuoteStarting: "The drivers") == "Rami Aoun")
  }

  @Test func aPersonOfAnOrganisationToldIsTheSpeaker() {
    let result = Self.extractor.extract(
      "“We need fuel first,” Lina Tohme of the Lebanese Red Cross told the mayor.")
    #expect(result.speaker(ofQuoteStarting: "We need fuel") == "Lina Tohme")
  }

  @Test func anUnnamedOfficialOfANamedPartyIsTheParty() {
    let result = Self.extractor.extract(
      """
      The Democratic Unity Party withdrew its candidates from the vote on Sunday.
      “There is nothing fair about this count,” a senior party official told AFP.
      """)
    #expect(result.speaker(ofQuoteStarting: "There is nothing") == "Democratic Unity Party")
  }

  @Test func anUnnamedSourceWithNoOrganisationHasNoSpeaker() {
    let result = Self.extractor.extract(
      """
      Minister Hala Rizk opened the bridge on Monday.
      “Prices will fall now,” one trader said.
      """)
    #expect(result.quotes.count == 1)
    #expect(result.quotes.first?.speaker == nil)
  }

  @Test func theOfficialOfANamedOrganisationIsThatOrganisation() {
    let result = Self.extractor.extract(
      """
      A Nujaba official, who asked not to be named, confirmed the meeting.
      “It was about the prisoners,” the official said.
      """)
    #expect(result.speaker(ofQuoteStarting: "It was about") == "Nujaba")
  }

  @Test func theStatementIsTheGroupsThatIssuedIt() {
    let result = Self.extractor.extract(
      """
      The Ansar al-Wadi group said in a statement that its men had left the town.
      “The town was handed to the tribes,” the statement said.
      """)
    #expect(result.entity(withMention: "Ansar al-Wadi")?.type == .FACTION)
    #expect(result.speaker(ofQuoteStarting: "The town was") == "Ansar al-Wadi")
  }

  @Test func theMinistryIsTheOneSoDescribed() {
    let result = Self.extractor.extract(
      """
      Turkey's defence ministry announced new patrols on Friday.
      The Kurdistan Workers' Party did not comment.
      “Our patrols will continue along Iraq's border,” the ministry said.
      """)
    #expect(result.speaker(ofQuoteStarting: "Our patrols") == "Turkey")
  }

  @Test func reportedSpeechBetweenQuotesChangesWhoGoesOn() {
    let result = Self.extractor.extract(
      """
      “The dam is safe,” the Water Ministry said.

      The dam's engineer, Khalil Azzam, said that the cracks were old.

      “We have watched them for ten years.”
      """)
    #expect(result.speaker(ofQuoteStarting: "We have watched") == "Khalil Azzam")
  }

  @Test func aConfiguredPersonsSurnameAloneIsThatPerson() {
    let extractor = Extractor(
      watchList: WatchList(people: [WatchEntry(name: "Ammar al-Hakimi")]))
    let result = extractor.extract(
      """
      Ammar al-Hakimi called for calm on Saturday.
      “Nobody gains from more blood,” Hakimi said.
      """)
    #expect(result.speaker(ofQuoteStarting: "Nobody gains") == "Ammar al-Hakimi")
  }

  @Test func aBareSpokespersonSpeaksForTheStorysArmedGroup() {
    let result = Self.extractor.extract(
      """
      The Houthis said they had fired a drone at a ship in the Gulf of Aden.
      “The sea stays closed,” said spokesman Abu Faris.
      """)
    #expect(result.speaker(ofQuoteStarting: "The sea stays") == "Abu Faris")
    #expect(result.entity(withMention: "Abu Faris")?.affiliation == "Houthis")
  }

  @Test func aSpokespersonAmongSeveralGroupsGetsNoGuess() {
    let result = Self.extractor.extract(
      """
      Hamas and Islamic Jihad both claimed the attack.
      “We acted together,” said spokesman Abu Faris.
      """)
    #expect(result.entity(withMention: "Abu Faris")?.affiliation == nil)
  }

  @Test func theGroupsSpokesmanAndTheCommanderOfAMilitia() {
    let result = Self.extractor.extract(
      """
      Kataib Hezbollah rejected the offer. The group's spokesman, Jaafar al-Husseini, said talks were over.
      The commander of the Liwa Zainebiyoun militia, Abu Hussein al-Amiri, said nothing.
      """)
    #expect(result.entity(withMention: "Jaafar al-Husseini")?.affiliation == "Kataib Hezbollah")
    #expect(result.entity(withMention: "Abu Hussein al-Amiri")?.roles.contains("commander") == true)
  }

  @Test func facilitiesBeforeALowercaseHead() {
    let result = Self.extractor.extract(
      """
      Rockets hit the Tall Hamdan garrison and landed near Tel Abyad crossing. Supplies came in at Khor Musa port.
      """)
    #expect(result.entity(withMention: "Tall Hamdan")?.type == .FAC)
    #expect(result.entity(withMention: "Khor Musa")?.type == .FAC)
  }

  @Test func aNameBeforeAVerbLikeHeadIsNoFacility() {
    let result = Self.extractor.extract(
      "Witnesses saw Ali Hassan crossing the road before the blast.")
    #expect(result.entity(withMention: "Ali Hassan")?.type == .PERSON)
  }

  @Test func embassiesAndCapitalisedHeadsAreFacilities() {
    let result = Self.extractor.extract(
      "Protesters marched from Firdos Square to the Swedish Embassy in Baghdad.")
    #expect(result.entity(withMention: "Firdos Square")?.type == .FAC)
    #expect(result.entity(withMention: "Swedish Embassy")?.type == .FAC)
  }

  @Test func sportsClubsAreOrganisations() {
    let result = Self.extractor.extract(
      "Racing Santander beat Dinamo Tirana on Sunday in front of 20,000 fans.")
    #expect(result.entity(withMention: "Racing Santander")?.type == .ORG)
    #expect(result.entity(withMention: "Dinamo Tirana")?.type == .ORG)
  }

  @Test func aMonthsNameBeforeASurnameIsAFirstName() {
    let result = Self.extractor.extract(
      "Her counterpart, Jan Kowalczyk, arrived on Jan 14 and left in May.")
    #expect(result.entity(withMention: "Jan Kowalczyk")?.type == .PERSON)
    #expect(!result.entities.contains { $0.name.hasPrefix("Jan 14") || $0.name == "May" })
  }

  @Test func aSurnameThatIsAWordAfterATitledFirstName() {
    let result = Self.extractor.extract(
      """
      Major General Simon Lane arrived in Mosul on Tuesday.
      “The city is calm,” Lane said.
      """)
    #expect(result.speaker(ofQuoteStarting: "The city is") == "Simon Lane")
  }
}
