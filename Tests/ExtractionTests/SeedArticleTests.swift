import Testing

@testable import Extraction

/// The behaviour the task requires on the seed story.
@Suite struct SeedArticleTests {
  static let result = Extractor().extract(Articles.seed.body, title: Articles.seed.title!)

  @Test func namedThingsAndTheirTypes() {
    let expected: [(String, EntityType)] = [
      ("Joe Biden", .PERSON), ("Mustafa al-Kadhimi", .PERSON), ("Moqtada al-Sadr", .PERSON),
      ("Nasr al-Shammari", .PERSON), ("Conquest Alliance", .FACTION),
      ("Popular Mobilization Units", .FACTION), ("Imam Ali Brigades", .FACTION),
      ("Al-Nujaba", .FACTION), ("AFP", .ORG), ("Press TV", .ORG), ("Iraq", .GPE),
      ("Baghdad", .GPE), ("Washington", .GPE), ("White House", .ORG), ("US Air Force", .ORG),
      ("Shia", .NORP), ("Iraqi", .NORP),
    ]
    for (name, type) in expected {
      #expect(Self.result.entity(withMention: name)?.type == type, "\(name)")
    }
  }

  @Test func oneEntityPerThingWithEveryMention() {
    let sadr = Self.result.entity(withMention: "Moqtada al-Sadr")
    #expect(sadr?.name == "Moqtada al-Sadr")
    #expect(sadr?.mentions.map(\.text) == ["Moqtada al-Sadr", "Sadr"])
    let kadhimi = Self.result.entity(withMention: "Mustafa al-Kadhimi")
    #expect(kadhimi?.mentions.map(\.text) == ["Mustafa al-Kadhimi", "Kadhimi"])
    let nujaba = Self.result.entity(withMention: "Al-Nujaba")
    #expect(nujaba?.name == "Al-Nujaba")
    #expect(nujaba?.mentions.map(\.text) == ["Al-Nujaba", "Nujaba"])
    // "Iraq-US" splits into its name parts.
    #expect(Self.result.entity(withMention: "Iraq")?.mentions.count == 7)
    #expect(Self.result.entity(withMention: "US")?.mentions.count == 7)
  }

  @Test func datesAndReligionsAreNotPeopleOrOrganisations() {
    for word in ["Tuesday", "Monday", "Shia"] {
      let found = Self.result.entities.filter { $0.mentions.contains { $0.text == word } }
      #expect(found.allSatisfy { $0.type != .PERSON && $0.type != .ORG }, "\(word)")
    }
    #expect(!Self.result.entities.contains { $0.mentions.contains { $0.text.contains("Tuesday") } })
  }

  @Test func rolesAndAffiliations() {
    #expect(Self.result.entity(withMention: "Joe Biden")?.roles == ["US President"])
    #expect(
      Self.result.entity(withMention: "Mustafa al-Kadhimi")?.roles == ["Iraqi Prime Minister"])
    let shammari = Self.result.entity(withMention: "Nasr al-Shammari")
    #expect(shammari?.roles == ["spokesman"])
    #expect(shammari?.affiliation == "Al-Nujaba")
    #expect(
      Self.result.entity(withMention: "Conquest Alliance")?.affiliation
        == "Popular Mobilization Units")
    #expect(Self.result.entity(withMention: "Conquest Alliance")?.roles == ["political wing"])
  }

  @Test func quotesAreCreditedToTheirSpeakers() {
    #expect(Self.result.speaker(ofQuoteStarting: "we’re not going to be") == "Joe Biden")
    #expect(Self.result.speaker(ofQuoteStarting: "to be a positive step") == "Conquest Alliance")
    #expect(
      Self.result.speaker(ofQuoteStarting: "We hope that it will materialize")
        == "Conquest Alliance")
    #expect(
      Self.result.speaker(ofQuoteStarting: "the end of the foreign presence") == "Imam Ali Brigades"
    )
    #expect(
      Self.result.speaker(ofQuoteStarting: "thanked the Iraqi government") == "Imam Ali Brigades")
    #expect(
      Self.result.speaker(ofQuoteStarting: "We are waiting for a complete withdrawal")
        == "Moqtada al-Sadr")
    #expect(
      Self.result.speaker(ofQuoteStarting: "The occupiers finally announced") == "Moqtada al-Sadr")
    #expect(
      Self.result.speaker(ofQuoteStarting: "We are waiting, just as you are") == "Moqtada al-Sadr")
    #expect(Self.result.speaker(ofQuoteStarting: "efforts aimed at striking") == "Moqtada al-Sadr")
    #expect(
      Self.result.speaker(ofQuoteStarting: "We have no confidence whatsoever") == "Nasr al-Shammari"
    )
    #expect(Self.result.speaker(ofQuoteStarting: "advisory role") == .some(nil))
  }

  @Test func quoteSpansCoverTheInnerTextAndCues() {
    let quote = Self.result.quotes.first { $0.text.hasPrefix("We hope") }
    #expect(quote?.text == "We hope that it will materialize on the ground,")
    #expect(quote?.cue == "it added")
    let tweet = Self.result.quotes.first { $0.text.hasPrefix("The occupiers") }
    #expect(
      tweet?.text
        == "The occupiers finally announced the start of the withdrawal of all their combat forces."
    )
    #expect(tweet?.topics == ["withdrawal"])
    #expect(Self.result.quotes.count == 13)
  }

  @Test func aboutTwoAndAHalfThousandTroops() {
    let troops = Self.result.quantities.first { $0.unit == "troops" }
    #expect(troops?.value == 2500)
    #expect(troops?.approximate == true)
    #expect(troops?.text == "about 2,500 troops")
    // "beyond 2021" is a year.
    #expect(!Self.result.quantities.contains { $0.value == 2021 })
  }

  @Test func withdrawalTopicWithPulloutEvidence() {
    let withdrawal = Self.result.topics.first { $0.name == "withdrawal" }
    #expect(withdrawal != nil)
    #expect(withdrawal?.evidence.contains { $0.text == "pullout" } == true)
    #expect(withdrawal?.evidence.contains { $0.text == "withdrawal" } == true)
    #expect(!Self.result.topics.contains { $0.name == "election" })
  }

  @Test func everyOffsetPointsAtItsText() {
    let scalars = Array(Self.result.text.unicodeScalars)
    func slice(_ start: Int, _ end: Int) -> String {
      var s = String()
      s.unicodeScalars.append(contentsOf: scalars[start..<end])
      return s
    }
    for entity in Self.result.entities {
      for mention in entity.mentions { #expect(slice(mention.start, mention.end) == mention.text) }
    }
    for quote in Self.result.quotes { #expect(slice(quote.start, quote.end) == quote.text) }
    for quantity in Self.result.quantities {
      #expect(slice(quantity.start, quantity.end) == quantity.text)
    }
    for topic in Self.result.topics {
      for evidence in topic.evidence {
        #expect(slice(evidence.start, evidence.end) == evidence.text)
      }
    }
    #expect(Self.result.sentences.first.map { slice($0.start, $0.end) } == Articles.seed.title!)
    #expect(Self.result.sentences.count == 17)
  }
}
