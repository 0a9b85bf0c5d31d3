import Testing

@testable import Extraction

/// Further conflict-news stories: datelines, headline quotes, wings and units.
@Suite struct MoreStylesTests {
  static let extractor = Extractor()

  @Test func droneAttackWireStory() {
    let result = Self.extractor.extract(Articles.drone.body, title: Articles.drone.title!)
    let erbil = result.entity(withMention: "ERBIL")
    #expect(erbil?.type == .GPE)
    #expect(erbil?.mentions.map(\.text) == ["Erbil", "ERBIL"])
    #expect(result.entity(withMention: "Mohammed Shia al-Sudani")?.type == .PERSON)
    #expect(
      result.entity(withMention: "Mohammed Shia al-Sudani")?.roles == ["Iraqi Prime Minister"])
    #expect(result.entity(withMention: "Islamic Resistance in Iraq")?.type == .FACTION)
    #expect(result.entity(withMention: "Houthis")?.type == .FACTION)
    #expect(result.entity(withMention: "Sadrist")?.type == .FACTION)
    #expect(result.entity(withMention: "Erbil International Airport")?.type == .FAC)
    #expect(result.entity(withMention: "Antony Blinken")?.roles == ["Secretary of State"])
    let kirby = result.entity(withMention: "John Kirby")
    #expect(kirby?.affiliation == "Pentagon")
    #expect(kirby?.mentions.map(\.text) == ["John Kirby", "Kirby"])
    #expect(result.entity(withMention: "Kenneth McKenzie")?.affiliation == "US Central Command")
    #expect(result.speaker(ofQuoteStarting: "We will respond") == "John Kirby")
    #expect(result.speaker(ofQuoteStarting: "has no link") == "Kataib Hezbollah")
    #expect(result.speaker(ofQuoteStarting: "axis of resistance") == "Hezbollah")
    let quantities = result.quantities.map { "\($0.value) \($0.unit ?? "-") \($0.approximate)" }
    #expect(
      quantities == [
        "150.0 attacks true", "2500.0 troops true", "900.0 contractors false", "35.0 drones true",
      ])
    #expect(result.topics.first { $0.name == "withdrawal" }?.evidence.map(\.text) == ["expulsion"])
  }

  @Test func strikesOnYemen() {
    let result = Self.extractor.extract(Articles.strikes.body, title: Articles.strikes.title!)
    let houthis = result.entity(withMention: "Houthis")
    #expect(houthis?.type == .FACTION)
    #expect(houthis?.mentions.map(\.text).contains("Ansar Allah") == true)
    #expect(result.entity(withMention: "Sanaa")?.type == .GPE)
    #expect(result.entity(withMention: "Hamas")?.type == .FACTION)
    #expect(result.entity(withMention: "Red Sea")?.type == .LOC)
    #expect(result.entity(withMention: "Yahya Saree")?.affiliation == houthis?.name)
    #expect(result.quotes.first?.text == "more surprises")
    #expect(result.quotes.first?.speaker == houthis?.name)
    #expect(result.speaker(ofQuoteStarting: "The American and British") == "Yahya Saree")
    #expect(result.speaker(ofQuoteStarting: "There is no justification") == "Mohammed Abdulsalam")
    #expect(result.speaker(ofQuoteStarting: "necessary and proportionate") == "Lloyd Austin")
    #expect(result.speaker(ofQuoteStarting: "The Houthis must stop") == "Lloyd Austin")
    #expect(result.speaker(ofQuoteStarting: "It is a flagrant violation") == "Nasser Kanaani")
    #expect(result.quantities.map(\.value) == [12, 36, 13])
    #expect(result.quantities.first?.unit == "missiles")
    #expect(Set(result.topics.map(\.name)) == ["attack", "ceasefire"])
  }

  @Test func gazaStrike() {
    let result = Self.extractor.extract(Articles.gaza.body, title: Articles.gaza.title!)
    #expect(result.entity(withMention: "Daniel Hagari")?.type == .PERSON)
    #expect(!result.entities.contains { $0.mentions.contains { $0.text.contains("Rear") } })
    let ghandour = result.entity(withMention: "Ahmed Ghandour")
    #expect(ghandour?.affiliation == "Hamas")
    #expect(ghandour?.mentions.map(\.text) == ["Ahmed Ghandour", "Ghandour"])
    let qassam = result.entity(withMention: "Qassam Brigades")
    #expect(qassam?.type == .FACTION)
    #expect(qassam?.affiliation == "Hamas")
    #expect(result.entity(withMention: "Gaza Health Ministry")?.type == .ORG)
    #expect(result.entity(withMention: "IDF")?.name == "Israel Defense Forces")
    #expect(result.speaker(ofQuoteStarting: "Ghandour was responsible") == "Daniel Hagari")
    #expect(result.speaker(ofQuoteStarting: "The blood of our leaders") == "Qassam Brigades")
    // A quote running over two paragraphs is two quotes, both the group's.
    #expect(
      result.quotes.first { $0.text.hasPrefix("The occupation") }?.text
        == "The occupation will pay a heavy price.")
    #expect(result.speaker(ofQuoteStarting: "Our fighters remain") == "Qassam Brigades")
    #expect(result.speaker(ofQuoteStarting: "within reach") == "Antony Blinken")
    let quantities = result.quantities.map { "\($0.value) \($0.unit ?? "-") \($0.approximate)" }
    #expect(quantities == ["25.0 people true", "8.0 children false", "1200000.0 people true"])
    #expect(Set(result.topics.map(\.name)) == ["attack", "ceasefire", "withdrawal"])
  }
}

@Suite struct AnniversaryAndTopicEdgeTests {
  @Test func titlesSurnamesAndUnnamedSources() {
    let result = Extractor().extract(Articles.anniversary.body, title: Articles.anniversary.title!)
    let soleimani = result.entity(withMention: "Qassem Soleimani")
    #expect(soleimani?.type == .PERSON)
    #expect(soleimani?.mentions.map(\.text) == ["Soleimani", "Qassem Soleimani", "Soleimani"])
    #expect(soleimani?.affiliation == "Quds Force")
    #expect(
      result.entity(withMention: "Ali Khamenei")?.mentions.map(\.text) == [
        "Ali Khamenei", "Khamenei",
      ])
    #expect(result.entity(withMention: "Abu Mahdi al-Muhandis")?.affiliation == "PMF")
    #expect(result.entity(withMention: "Recep Tayyip Erdogan")?.roles == ["Turkish President"])
    #expect(result.entity(withMention: "SDF")?.name == "Syrian Democratic Forces")
    #expect(result.entity(withMention: "U.N. Security Council")?.type == .ORG)
    #expect(result.entity(withMention: "Middle East")?.type == .LOC)
    let speakers = result.quotes.map { $0.speaker ?? "-" }
    #expect(speakers == ["Recep Tayyip Erdogan", "Syrian Democratic Forces", "-"])
    #expect(result.quantities.map(\.text) == ["11 civilians"])
  }

  @Test func withdrawalOnlyForForces() {
    let extractor = Extractor()
    func isWithdrawal(_ sentence: String) -> Bool {
      extractor.extract(sentence).topics.contains { $0.name == "withdrawal" }
    }
    #expect(
      !isWithdrawal("Thousands of residents were forced to leave their homes as fighters advanced.")
    )
    #expect(!isWithdrawal("Sadr announced his withdrawal from politics on Monday."))
    #expect(!isWithdrawal("The bank reported a surge in cash withdrawals."))
    #expect(!isWithdrawal("Washington withdrew from the nuclear deal in 2018."))
    #expect(isWithdrawal("Russia began pulling its troops out of the base near Hama."))
    #expect(isWithdrawal("NATO will end its training mission in Iraq next year."))
    #expect(isWithdrawal("The militia refused to leave the city despite the army ultimatum."))
    #expect(isWithdrawal("Protesters demanded the expulsion of US forces."))
  }
}

@Suite struct PoliticsStoryTests {
  @Test func brokenQuotesAndAppositives() {
    let result = Extractor().extract(Articles.politics.body, title: Articles.politics.title!)
    let khazali = result.entity(withMention: "Qais al-Khazali")
    #expect(khazali?.affiliation == "Asaib Ahl al-Haq")
    #expect(khazali?.roles == ["leader"])
    #expect(result.entity(withMention: "Coordination Framework")?.type == .FACTION)
    #expect(result.entity(withMention: "Coordination Framework")?.roles == [])
    #expect(result.entity(withMention: "Yehia Rasool")?.roles == ["spokesman"])
    #expect(result.entity(withMention: "US")?.name == "United States")
    #expect(result.entity(withMention: "Kurdistan")?.type == .GPE)
    let speakers = result.quotes.map { $0.speaker ?? "-" }
    #expect(
      speakers == ["Qais al-Khazali", "Qais al-Khazali", "Yehia Rasool", "Kataib Hezbollah"])
    #expect(result.quantities.map(\.text) == ["roughly 2,500 U.S. troops"])
    #expect(result.topics.map(\.name).contains("withdrawal"))
  }
}
