import Extraction
import Testing

/// Topic and entity rules for text on every subject, one sentence each: the words that
/// fired on the open web, and the conflict sentences that must still fire.
@Suite struct OpenWebTopicTests {
  let extractor = Extractor()

  func topics(_ text: String, title: String? = nil) -> Set<String> {
    Set(extractor.extract(text, title: title).topics.map(\.name))
  }

  @Test func everydayWordsNeedAGoverningContextInTheirClause() {
    #expect(topics("The coach wants his side to attack the space behind the defence.").isEmpty)
    #expect(topics("We cut our build times in half last week.").isEmpty)
    #expect(topics("Please review the pull request before Friday.").isEmpty)
    #expect(topics("Militants attacked an army checkpoint overnight.") == ["attack"])
    #expect(topics("The soldiers will leave the base by March.") == ["withdrawal"])
  }

  @Test func contextWordsCountAsWrittenNotAsAnotherWordsInflection() {
    // "based" is not "base", "forced" is not "forces".
    #expect(topics("The company, based in Ohio, will cut 200 jobs.").isEmpty)
    #expect(topics("She was forced to leave the meeting early.").isEmpty)
    #expect(topics("The marines will leave the base by March.") == ["withdrawal"])
  }

  @Test func oneWordTermsNeverMatchTwoWords() {
    #expect(topics("It turns out the presidential debate was cancelled.").isEmpty)
    #expect(topics("Turnout in the presidential race reached 61%.") == ["election"])
  }

  @Test func strongTermsFireAloneAsWritten() {
    #expect(topics("Overnight shelling hit the eastern suburbs.") == ["attack"])
    #expect(topics("Open a login shell and run the script.").isEmpty)
  }

  @Test func termsInCodeOrNamesAreNotTerms() {
    #expect(topics("Call `unit.attack()` when the troops reach the gate.").isEmpty)
    #expect(topics("I replayed Strike Commander, the old flight game from 1993.").isEmpty)
  }

  @Test func otherSubjectsExcludeEverydayWords() {
    #expect(topics("The striker's late strike beat the league leaders.").isEmpty)
    #expect(topics("Workers voted to strike over pay, the union said.").isEmpty)
    #expect(topics("Immune cells attack the patient's own tissue.").isEmpty)
  }

  @Test func aHeadlineOnAnotherSubjectHoldsForTheWholeItem() {
    let text = "You command an army and sign truces you mean to break."
    #expect(topics(text, title: "Review: a strategy game about an empire").isEmpty)
    #expect(topics(text) == ["ceasefire"])
  }

  @Test func knownPlacesAndArmedGroupsLicenseStrikes() {
    #expect(topics("Israeli strikes on Gaza continued on Monday.") == ["attack"])
    #expect(topics("The US troops pulled out of Syria in 2019.") == ["withdrawal"])
    #expect(topics("Our start-up will attack the payments market.").isEmpty)
  }

  @Test func contextWordsInsideAnIdiomOfAnotherSenseLicenseNothing() {
    #expect(topics("Market forces and new building will cut rents, the minister said.").isEmpty)
    #expect(topics("The two charities will join forces and cut their costs.").isEmpty)
    #expect(topics("The console war heats up as both makers strike back on price.").isEmpty)
    #expect(topics("We left base camp at 3 a.m. and reached the summit by noon.").isEmpty)
    #expect(topics("Car seats and voting: a guide for parents.").isEmpty)
    #expect(topics("Security forces will leave the city by March.") == ["withdrawal"])
    #expect(topics("The war has killed thousands since the spring.") == ["attack"])
  }

  @Test func cookingAndCommemorationsAreNoWar() {
    #expect(topics("Shelling peas on a summer evening is a joy.").isEmpty)
    #expect(topics("The town fell silent on Armistice Day.").isEmpty)
    #expect(topics("The two retailers agreed a truce in their price war over televisions.").isEmpty)
    #expect(topics("Heavy shelling hit the town overnight.") == ["attack"])
    #expect(topics("The truce between the army and the rebels held overnight.") == ["ceasefire"])
    #expect(topics("The PKK said it would lay down its arms.") == ["ceasefire"])
  }

  @Test func toApproveIsNoSanction() {
    #expect(topics("The government sanctioned a new rail line between the two cities.").isEmpty)
    #expect(topics("The European Union imposed sanctions on Iran's oil exports.") == ["sanctions"])
  }

  @Test func parliamentVotesAreNoElection() {
    #expect(topics("Parliament voted on Wednesday to raise the speed limit.").isEmpty)
    #expect(topics("Voters backed the opposition party in record numbers.") == ["election"])
  }

  @Test func explanationsNameTheTermTheContextAndTheGroup() throws {
    let (result, explanations, _) = extractor.explain("The soldiers will leave the base by March.")
    #expect(result.topics.map(\.name) == ["withdrawal"])
    let line = try #require(explanations.first)
    #expect(line.topic == "withdrawal")
    #expect(line.text == "leave")
    #expect(line.license == .contextPhrase)
    #expect(line.context == "soldiers")
    #expect(line.group > 0)
    let strong = try #require(extractor.explain("Overnight shelling hit the city.").topics.first)
    #expect(strong.license == .termAlone)
    #expect(strong.group == 0)
  }
}

@Suite struct OpenWebEntityTests {
  let extractor = Extractor()

  func factions(_ text: String) -> [String] {
    extractor.extract(text).entities.filter { $0.type == .FACTION }.map(\.name)
  }

  @Test func mixedCaseAcronymsMatchOnlyAsWritten() {
    #expect(factions("Let's meet after the talk. Let me explain.").isEmpty)
    #expect(factions("James and Jim wrote the benefit app.").isEmpty)
    #expect(factions("LeT militants attacked the camp, police said.") == ["LeT"])
  }

  @Test func acronymsInLinesOfCapitalsAreWords() {
    #expect(factions("THE WEATHER SERVICE SAYS THE ADVISORY IS IN EFFECT.").isEmpty)
  }

  @Test func genericHeadsNeedAName() {
    #expect(factions("Everybody's in the Alliance this week.").isEmpty)
    #expect(factions("Premier League clubs voted for a spending cap.").isEmpty)
    #expect(factions("The Black Legion is a duology I enjoyed.").isEmpty)
    #expect(factions("How to throw a Graduation Party on a budget.").isEmpty)
    #expect(
      factions("The Sinjar Resistance Units clashed with the militia.") == [
        "Sinjar Resistance Units"
      ])
  }

  @Test func aFactionHeadAloneIsACommonNoun() {
    #expect(factions("Jim joins the Resistance in occupied Paris.").isEmpty)
    #expect(factions("The Legion returns in the new expansion.").isEmpty)
    #expect(
      factions("The Islamic Resistance claimed the attack on the base.") == ["Islamic Resistance"])
  }

  @Test func namesWithAGenericHeadNeedAWordOfConflictOrPolitics() {
    #expect(factions("The addition of Bluetooth into the DZero Units was much needed.").isEmpty)
    #expect(factions("The Wi-Fi Alliance certified the first routers.").isEmpty)
    #expect(factions("The chef received the Legion of Honour for his cuisine.").isEmpty)
    #expect(
      factions("Fighters of the Zulfiqar Brigades attacked the town.") == ["Zulfiqar Brigades"])
  }

  @Test func everydayNamesOfTheGazetteerNeedACue() {
    #expect(factions("The opera house will stage Wagner's Ring cycle next season.").isEmpty)
    #expect(factions("Peace Brigades International trains volunteers.").isEmpty)
    #expect(factions("The PRC government tightened export rules for gallium.").isEmpty)
    #expect(factions("Wagner fighters withdrew from the town.") == ["Wagner"])
  }

  @Test func acronymsNeedAWordOfWarOrElections() {
    let headline = "ETA for the new release: two weeks"
    let body = "The ETA for version 3 is two weeks, the project leader said."
    #expect(extractor.extract(body, title: headline).entities.allSatisfy { $0.type != .FACTION })
    #expect(factions("The AQI reached 160, the city government said.").isEmpty)
    #expect(factions("ETA militants claimed responsibility for the bombing.") == ["ETA"])
    let pkk = extractor.extract(
      "The PKK said it would lay down its arms after four decades of insurgency.",
      title: "PKK says it will disarm")
    #expect(pkk.entities.filter { $0.type == .FACTION }.map(\.name) == ["PKK"])
  }

  @Test func aPlaceAfterAPartyIsNotPartOfItsName() {
    #expect(
      factions("Lawmakers of the People Power Party in Seoul walked out before the vote.") == [
        "People Power Party"
      ])
    #expect(
      factions("The Islamic Resistance in Iraq claimed the attack.") == [
        "Islamic Resistance in Iraq"
      ])
  }

  @Test func commonWordFactionsNeedACue() {
    #expect(factions("Republicans in Congress voted against the bill.") == ["Republicans"])
    #expect(factions("The Republicans of the Roman world wrote letters.").isEmpty)
  }
}
