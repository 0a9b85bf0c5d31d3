import Testing

@testable import Extraction

/// Feed text is hostile input: odd punctuation, unbalanced quotes, stray particles and
/// marks must never crash the core, and every offset must stay inside the text.
@Suite struct RobustnessTests {
  /// A small deterministic generator, so a failure reproduces.
  struct LinearCongruential: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  @Test func randomFragmentsKeepOffsetsInsideTheText() {
    let pieces = [
      "a", "B", " ", "-", "–", "'", "’", "‘", "“", "”", "\"", ".", ",", ";", ":", "(", ")", "\n",
      "\n\n", "0", "7", "2,500", "al-", "Sadr", "US", "U.S.", "Iraq", "Hezbollah", "said", "he",
      "it added", "according to", "about", "one", "two", "$", "%", "Gen.", "Mr.", "The", "’s",
      "s'", "ḥ", "é", "中", "—", "KH", "Kata'ib", "pull-out", "withdrawal",
    ]
    var rng = LinearCongruential(state: 42)
    let extractor = Extractor(
      watchList: WatchList(
        factions: [WatchEntry(name: "Kataib Hezbollah", aliases: ["KH"])], keywords: ["pull out"]))
    for round in 0..<1500 {
      var text = ""
      for _ in 0..<Int.random(in: 0..<60, using: &rng) {
        text += pieces.randomElement(using: &rng)!
      }
      let result = extractor.extract(text, title: round % 3 == 0 ? String(text.prefix(8)) : nil)
      let count = result.text.unicodeScalars.count
      for entity in result.entities {
        for mention in entity.mentions {
          #expect(0 <= mention.start && mention.start < mention.end && mention.end <= count)
        }
      }
      for quote in result.quotes {
        #expect(0 <= quote.start && quote.start <= quote.end && quote.end <= count)
      }
      for quantity in result.quantities { #expect(0 <= quantity.start && quantity.end <= count) }
      for sentence in result.sentences { #expect(0 <= sentence.start && sentence.end <= count) }
    }
  }
}
