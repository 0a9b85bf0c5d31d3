import Testing

@testable import Extraction

/// Conflict news in other styles than the seed story.
@Suite struct OtherStylesTests {
  @Test func wireStory() {
    let watch = WatchList(factions: [WatchEntry(name: "Kataib Hezbollah", aliases: ["KH"])])
    let result = Extractor(watchList: watch).extract(
      Articles.wire.body, title: Articles.wire.title!)
    let kh = result.entities.first { $0.name == "Kataib Hezbollah" }
    #expect(kh?.watched == true)
    #expect(kh?.type == .FACTION)
    #expect(kh?.mentions.map(\.text) == ["Kata'ib Hizballah", "Kata'ib Hizballah"])
    #expect(result.entity(withMention: "Reuters")?.type == .ORG)
    #expect(result.entity(withMention: "Ain al-Asad")?.type == .FAC)
    #expect(result.entity(withMention: "Anbar")?.type == .GPE)
    #expect(result.entity(withMention: "Iran")?.type == .GPE)
    #expect(result.entity(withMention: "Wayne Marotto")?.type == .PERSON)
    #expect(result.entity(withMention: "Abu Ali al-Askari")?.type == .PERSON)
    #expect(result.speaker(ofQuoteStarting: "Three rockets landed") == "Wayne Marotto")
    #expect(result.speaker(ofQuoteStarting: "We had nothing to do") == "Abu Ali al-Askari")
    let quantities = result.quantities.map { "\($0.value) \($0.unit ?? "-") \($0.approximate)" }
    #expect(
      quantities == [
        "3.0 rockets false", "3.0 rockets false", "2500.0 troops true", "5200.0 troops false",
      ])
    #expect(result.topics.map(\.name).contains("attack"))
    #expect(!result.topics.map(\.name).contains("withdrawal"))
  }

  @Test func officialStatement() {
    let result = Extractor().extract(Articles.statement.body)
    #expect(result.entity(withMention: "Iraqi Ministry of Defense")?.type == .ORG)
    #expect(result.entity(withMention: "Islamic State")?.type == .FACTION)
    #expect(result.entity(withMention: "Kirkuk")?.type == .GPE)
    #expect(result.entity(withMention: "Tuz Khurmatu")?.type == .GPE)
    let pmf = result.entity(withMention: "PMF")
    #expect(pmf?.mentions.map(\.text) == ["Popular Mobilization Forces", "PMF", "PMF"])
    #expect(
      result.speaker(ofQuoteStarting: "The operation was carried out")
        == "Iraqi Ministry of Defense")
    #expect(
      result.speaker(ofQuoteStarting: "any suspicious movement") == "Iraqi Ministry of Defense")
    let quantities = result.quantities.map { "\($0.value) \($0.unit ?? "-")" }
    #expect(quantities == ["5.0 militants", "2.0 soldiers", "1.0 fighter"])
  }

  @Test func speechReport() {
    let result = Extractor().extract(Articles.speech.body)
    let nasrallah = result.entity(withMention: "Hassan Nasrallah")
    #expect(nasrallah?.type == .PERSON)
    #expect(nasrallah?.mentions.map(\.text) == ["Hassan Nasrallah", "Nasrallah"])
    #expect(nasrallah?.affiliation == "Hezbollah")
    #expect(nasrallah?.roles == ["leader"])
    #expect(result.entity(withMention: "Benjamin Netanyahu")?.roles == ["Israeli Prime Minister"])
    #expect(result.speaker(ofQuoteStarting: "We will not stand idle") == "Hassan Nasrallah")
    #expect(result.speaker(ofQuoteStarting: "The resistance is ready") == "Hassan Nasrallah")
    #expect(result.speaker(ofQuoteStarting: "Do not test us") == "Benjamin Netanyahu")
    #expect(result.entity(withMention: "Lebanon")?.type == .GPE)
    #expect(result.entity(withMention: "Interior Ministry")?.type == .ORG)
    #expect(!result.entities.contains { $0.mentions.contains { $0.text == "May" } })
    #expect(Set(result.topics.map(\.name)) == ["ceasefire", "election"])
  }

  @Test func resultIsDeterministicAndEncodesCleanly() throws {
    let extractor = Extractor()
    let a = extractor.extract(Articles.wire.body, title: Articles.wire.title!)
    let b = extractor.extract(Articles.wire.body, title: Articles.wire.title!)
    #expect(a == b)
  }

  @Test func emptyAndOddInputs() {
    let extractor = Extractor()
    #expect(extractor.extract("").sentences.isEmpty)
    let odd = extractor.extract("“unclosed quote\nNext paragraph — al- “” \" ' ’s 1,")
    #expect(odd.quotes.map(\.text) == ["unclosed quote"])
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct EncodingTests {
  @Test func jsonHasExplicitNullsAndRoundTrips() throws {
    let result = Extractor().extract(Articles.seed.body, title: Articles.seed.title!)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(result)
    let json = String(decoding: data, as: UTF8.self)
    #expect(json.contains("\"speaker\":null"))
    #expect(json.contains("\"affiliation\":null"))
    let decoded = try JSONDecoder().decode(ExtractionResult.self, from: data)
    #expect(decoded == result)
  }
}

@Suite struct NotEntitiesTests {
  @Test func dealsOperationsAndPhrasesOfWordsAreNotNames() {
    let text = """
      The Strategic Framework Agreement was signed in 2008. Officials met at the Baghdad \
      Conference. Strategic Dialogue talks resumed as Mark Field and John Smith watched.
      """
    let result = Extractor().extract(text)
    let names = result.entities.map(\.name)
    #expect(
      !names.contains {
        $0.contains("Agreement") || $0.contains("Dialogue") || $0.contains("Conference")
      })
    #expect(result.entities.first { $0.name == "John Smith" }?.type == .PERSON)
    #expect(result.entities.first { $0.name == "Mark Field" }?.type == .PERSON)
    #expect(result.entities.first { $0.name == "Baghdad" }?.type == .GPE)
  }
}

@Suite struct UnnamedSourceTests {
  @Test func unnamedSourcesHaveNoSpeaker() {
    let text = """
      Kataib Hezbollah denied the report. "There was no attack," the source said. \
      "Nothing happened," witnesses told AFP.
      """
    let quotes = Extractor().extract(text).quotes
    #expect(quotes.map(\.text) == ["There was no attack,", "Nothing happened,"])
    #expect(quotes.allSatisfy { $0.speaker == nil })
  }
}

@Suite struct TranscriptTests {
  /// A briefing transcript: speaker labels in capitals, no quotation marks.
  static let transcript = """
    QUESTION: Will US troops leave Iraq?
    MR KIRBY: We have no plans to withdraw. Our forces are there at the invitation of the Iraqi government.
    QUESTION: What about the attacks on Ain al-Asad?
    MR KIRBY: We will hold Kataib Hezbollah accountable. Kirby said "nothing" had changed.
    """

  @Test func speakerLabelsAreNamesNotAcronyms() {
    let result = Extractor().extract(Self.transcript, title: "Pentagon briefing")
    let kirby = result.entity(withMention: "Kirby")
    #expect(kirby?.type == .PERSON)
    #expect(kirby?.mentions.map(\.text) == ["KIRBY", "KIRBY", "Kirby"])
    #expect(!result.entities.contains { $0.mentions.contains { $0.text == "QUESTION" } })
    #expect(result.entities.first { $0.name == "Kataib Hezbollah" }?.type == .FACTION)
    #expect(result.quotes.map(\.text) == ["nothing"])
    #expect(result.quotes.first?.speaker == kirby?.name)
    #expect(result.topics.first { $0.name == "withdrawal" }?.evidence.map(\.text) == ["leave"])
  }
}
