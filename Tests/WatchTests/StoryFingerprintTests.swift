import Foundation
import Testing

@testable import Watch

/// The evaluation set in Fixtures/stories (built by Benchmarks/StoryPrecision).
struct StorySet: Decodable {
  struct Story: Decodable {
    var id: String
    var title: String
    var text: String
  }
  struct Pair: Decodable {
    var a: String
    var b: String
    var same: Bool
  }
  var stories: [Story]
  var pairs: [Pair]

  static func load(_ name: String) throws -> StorySet {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/stories"))
    return try JSONDecoder().decode(StorySet.self, from: Data(contentsOf: url))
  }

  func fingerprint(_ id: String) throws -> StoryFingerprint {
    let story = try #require(stories.first { $0.id == id })
    return StoryFingerprint(title: story.title, text: story.text)
  }
}

@Suite struct StoryFingerprintTests {
  let seedTitle =
    "Iraqi factions renew calls for full pullout after US says will end combat mission"
  let seedLead =
    "Several resistance groups in Iraq Tuesday welcomed an agreement between Baghdad and Washington "
    + "that US combat operations in the country will end this year, and renewed demands for a full "
    + "withdrawal of foreign forces."

  @Test func identicalTextHasDistanceZero() throws {
    let set = try StorySet.load("handwritten")
    let seed = try #require(set.stories.first { $0.id == "seed" })
    let a = StoryFingerprint(title: seed.title, text: seed.text)
    let b = StoryFingerprint(title: seed.title, text: seed.text)
    #expect(a.distance(to: b) == 0)
    #expect(a.isSameStory(as: b))
  }

  /// Stored fingerprints stay comparable only if the value never changes for the same input.
  @Test func valueIsPinned() {
    #expect(StoryFingerprint(title: seedTitle, text: seedLead).value == 3_011_651_923_764_192_531)
    // Short items take the exact-words hash.
    #expect(StoryFingerprint(title: "Iraq withdrawal", text: "").value == 5_103_818_451_287_648_027)
  }

  @Test func syndicatedCopiesOfTheSeedArticleAreTheSameStory() throws {
    let set = try StorySet.load("handwritten")
    let seed = try set.fingerprint("seed")
    for copy in ["seed-afp", "seed-update", "seed-aggregator", "seed-rewrite"] {
      #expect(seed.isSameStory(as: try set.fingerprint(copy)), "\(copy)")
    }
  }

  @Test func differentStoriesOnTheSameSubjectAndDayAreDifferent() throws {
    let set = try StorySet.load("handwritten")
    let seed = try set.fingerprint("seed")
    for other in ["iraq-pentagon", "iraq-rocket", "iraq-explainer"] {
      #expect(!seed.isSameStory(as: try set.fingerprint(other)), "\(other)")
    }
    #expect(
      !(try set.fingerprint("iraq-pentagon")).isSameStory(as: try set.fingerprint("iraq-explainer"))
    )
  }

  @Test func datelineBylineAndCreditLinesDoNotChangeTheValue() {
    let plain = StoryFingerprint(title: seedTitle, text: seedLead)
    let wire = StoryFingerprint(
      title: "UPDATE 2-" + seedTitle + " | Reuters",
      text: "By Ahmed Rasheed\nBAGHDAD, July 27 (Reuters) - " + seedLead
        + "\nReporting by Ahmed Rasheed; Editing by Alex Richardson\nRead more at Reuters.")
    #expect(wire == plain)
  }

  @Test func caseAccentsQuotesAndDigitGroupsFold() {
    let a = StoryFingerprint(
      title: "Iraq’s troops",
      text: "The US has about 2,500 troops in Baghdād, officials said on Monday.")
    let b = StoryFingerprint(
      title: "IRAQ'S TROOPS",
      text: "the us has about 2500 troops in baghdad officials said on monday")
    #expect(a == b)
  }

  /// A headline of a few words has too few shingles for SimHash: only the same words match.
  @Test func shortItemsMatchOnlyOnTheSameNormalisedWords() {
    let headline = StoryFingerprint(title: "Iraq withdrawal", text: "")
    #expect(headline.isSameStory(as: StoryFingerprint(title: "IRAQ WITHDRAWAL", text: "")))
    #expect(
      !headline.isSameStory(as: StoryFingerprint(title: "Iraq withdrawal vote delayed", text: "")))
    #expect(!headline.isSameStory(as: StoryFingerprint(title: "Iraq", text: "withdrawal")))
    #expect(!headline.isSameStory(as: StoryFingerprint(title: seedTitle, text: seedLead)))
    #expect(
      StoryFingerprint(
        title: "UPDATE 1-Biden: US combat mission in Iraq to end this year", text: "")
        == StoryFingerprint(title: "Biden: US combat mission in Iraq to end this year", text: ""))
    #expect(
      !StoryFingerprint(title: "Apple earnings", text: "").isSameStory(
        as: StoryFingerprint(title: "Apple event", text: "")))
  }

  /// On the whole evaluation set, no two different stories are judged the same, and most
  /// syndicated copies are.
  @Test func evaluationSetPrecisionAndRecall() throws {
    let set = try StorySet.load("evaluation")
    var fingerprints: [String: StoryFingerprint] = [:]
    for story in set.stories {
      fingerprints[story.id] = StoryFingerprint(title: story.title, text: story.text)
    }
    var falsePositives: [String] = []
    var found = 0
    for pair in set.pairs {
      let same = try #require(fingerprints[pair.a]).isSameStory(
        as: try #require(fingerprints[pair.b]))
      if same && !pair.same { falsePositives.append("\(pair.a) / \(pair.b)") }
      if same && pair.same { found += 1 }
    }
    #expect(falsePositives.isEmpty)
    let recall = Double(found) / Double(set.pairs.filter(\.same).count)
    #expect(recall >= 0.7)
  }

  @Test func codableRoundTrip() throws {
    let fingerprint = StoryFingerprint(value: 0xDEAD_BEEF_0123_4567)
    let decoded = try JSONDecoder().decode(
      StoryFingerprint.self, from: try JSONEncoder().encode(fingerprint))
    #expect(decoded == fingerprint)
    #expect(decoded.distance(to: StoryFingerprint(value: 0xDEAD_BEEF_0123_4566)) == 1)
  }
}
