import Testing

@testable import Extraction

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct TermMatchingTests {
  private func keywordTexts(_ keyword: String, in text: String) -> [String] {
    let extractor = Extractor(watchList: WatchList(keywords: [keyword], topics: []))
    return extractor.extract(text).keywords.map(\.text)
  }

  @Test func inflectionsOfWithdrawMatch() {
    let text =
      "They withdraw. It withdraws. He withdrew. Troops were withdrawn. A withdrawal. Two withdrawals."
    #expect(
      keywordTexts("withdrawal", in: text) == [
        "withdraw", "withdraws", "withdrew", "withdrawn", "withdrawal", "withdrawals",
      ])
  }

  @Test func wholeWordsOnly() {
    #expect(keywordTexts("withdrawal", in: "see withdrawalsymptoms and rewithdrawal").isEmpty)
  }

  @Test func pullOutSpellingsAllMatch() {
    let text = "a pullout; to pull out; the pull-out; pulled out; PULL–OUTS"
    #expect(
      keywordTexts("pull out", in: text) == [
        "pullout", "pull out", "pull-out", "pulled out", "PULL–OUTS",
      ])
    #expect(keywordTexts("pullout", in: text).count == 5)
  }

  @Test func caseAccentsAndLineBreaks() {
    #expect(
      keywordTexts("Baghdad airport", in: "near BAGHDĀD\n  Airport today") == ["BAGHDĀD\n  Airport"]
    )
  }

  @Test func punctuationBreaksAPhrase() {
    #expect(keywordTexts("pull out", in: "they pull, out of habit").isEmpty)
  }

  @Test func topicNeedsContextAndNoExclusion() {
    let extractor = Extractor()
    let troops = extractor.extract("The withdrawal of troops from Syria began on Friday.")
    #expect(troops.topics.map(\.name).contains("withdrawal"))
    let cash = extractor.extract("He made a cash withdrawal at an ATM in Baghdad.")
    #expect(!cash.topics.map(\.name).contains("withdrawal"))
    let deal = extractor.extract(
      "Washington withdrew from the nuclear deal in 2018, the military said.")
    #expect(!deal.topics.map(\.name).contains("withdrawal"))
  }

  @Test func customTopicWithContextAndExclude() {
    let topic = TopicDefinition(
      name: "port", terms: ["blockade"], context: ["port"], exclude: ["lifted"])
    let extractor = Extractor(watchList: WatchList(topics: [topic]))
    #expect(extractor.extract("The blockade of the port continued.").topics.map(\.name) == ["port"])
    #expect(extractor.extract("The blockade of the port was lifted.").topics.isEmpty)
    #expect(extractor.extract("The blockade continued.").topics.isEmpty)
  }

  @Test func evidenceSpansAreScalarOffsetsIntoTitlePlusBody() {
    let extractor = Extractor()
    let result = extractor.extract("Troops began their pullout.", title: "Pullout “begins”")
    #expect(result.text == "Pullout “begins”\n\nTroops began their pullout.")
    let evidence = result.topics.first { $0.name == "withdrawal" }?.evidence ?? []
    let scalars = Array(result.text.unicodeScalars)
    for item in evidence {
      var s = String()
      s.unicodeScalars.append(contentsOf: scalars[item.start..<item.end])
      #expect(s == item.text)
    }
    #expect(evidence.map(\.text).contains("pullout"))
  }

  @Test func watchListFindsTransliterationsAndLowercase() {
    let watch = WatchList(
      factions: [
        WatchEntry(name: "Kataib Hezbollah", aliases: ["KH"]),
        WatchEntry(
          name: "Popular Mobilization Forces",
          aliases: ["Popular Mobilization Units", "Hashd al-Shaabi", "PMF"]),
        WatchEntry(name: "Hamas"),
      ],
      people: [WatchEntry(name: "Moqtada al-Sadr", aliases: ["al-Sadr"])])
    let extractor = Extractor(watchList: watch)
    let text = """
      Kata'ib Hizballah fighters and kataib hezbollah supporters met as-Sadr. \
      The Popular Mobilisation Units, known as al-Hashd al-Sha'abi, sent homes for families.
      """
    let entities = extractor.extract(text).entities
    let kh = entities.first { $0.name == "Kataib Hezbollah" }
    #expect(kh?.mentions.map(\.text) == ["Kata'ib Hizballah", "kataib hezbollah"])
    #expect(kh?.type == .FACTION && kh?.watched == true)
    #expect(entities.first { $0.name == "Moqtada al-Sadr" }?.mentions.map(\.text) == ["as-Sadr"])
    let pmf = entities.first { $0.name == "Popular Mobilization Forces" }
    #expect(pmf?.mentions.map(\.text) == ["Popular Mobilisation Units", "al-Hashd al-Sha'abi"])
    #expect(!entities.contains { $0.name == "Hamas" })
  }

  @Test func tenThousandTermsStillMatchOnlyWholeWords() {
    let terms = (0..<10_000).map { "term\($0) alpha" }
    let matcher = TermMatcher(terms: terms, mode: .words)
    let text = Tokenizer.tokenize("x term42 alpha, term9999 alpha term10000 alpha")
    let hits = matcher.matches(in: MatchStream(text, mode: .words)).map(\.term)
    #expect(hits == [42, 9999])
  }
}

@Suite struct WatchedNameTests {
  @Test func watchedSurnameTakesTheFullName() {
    let watch = WatchList(people: [WatchEntry(name: "Muqtada al-Sadr", aliases: ["as-Sadr"])])
    let result = Extractor(watchList: watch).extract(
      "Shia cleric Moqtada al-Sadr spoke. Later, Sadr left. Supporters of muqtada al-sadr cheered.")
    let sadr = result.entities.first { $0.name == "Muqtada al-Sadr" }
    #expect(sadr?.watched == true)
    #expect(sadr?.type == .PERSON)
    #expect(sadr?.mentions.map(\.text) == ["Moqtada al-Sadr", "Sadr", "muqtada al-sadr"])
    #expect(result.entities.filter { $0.type == .PERSON }.count == 1)
  }
}

@Suite struct TopicDefinitionTests {
  @Test func builtinTopicsHaveUniqueNames() {
    let names = TopicDefinition.builtin.map(\.name)
    #expect(names == ["withdrawal", "ceasefire", "attack", "election", "sanctions"])
  }

  @Test func groupsAreOptionalInJSONAndMatchUnderTheTopicName() throws {
    let json = #"{"name":"port","terms":["blockade"],"context":[],"exclude":[]}"#
    let decoded = try JSONDecoder().decode(TopicDefinition.self, from: Data(json.utf8))
    #expect(decoded.groups == nil)
    var topic = decoded
    topic.groups = [TopicDefinition(name: "ignored", terms: ["close"], context: ["harbour"])]
    let extractor = Extractor(watchList: WatchList(topics: [topic]))
    #expect(extractor.extract("They will close the harbour.").topics.map(\.name) == ["port"])
    #expect(extractor.extract("They will close the shop.").topics.isEmpty)
  }
}
