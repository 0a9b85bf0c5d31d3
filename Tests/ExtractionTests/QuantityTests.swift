import Testing

@testable import Extraction

@Suite struct QuantityTests {
  private func quantities(_ text: String) -> [String] {
    Extractor().extract(text).quantities.map {
      "\($0.value) \($0.unit ?? "-")\($0.approximate ? " ~" : "") [\($0.text)]"
    }
  }

  @Test func countsWithUnitsApproximatorsAndCarriedUnits() {
    #expect(
      quantities("The US has about 2,500 troops in Iraq and 900 in Syria.") == [
        "2500.0 troops ~ [about 2,500 troops]", "900.0 troops [900]",
      ])
    #expect(
      quantities("Two soldiers were killed and three rockets hit. More than 40 civilians died.")
        == [
          "2.0 soldiers [Two soldiers]", "3.0 rockets [three rockets]",
          "40.0 civilians ~ [More than 40 civilians]",
        ])
    #expect(
      quantities(
        "The US pledged $5 million; 30% went to twenty-five villages, some 1.5 million people.")
        == [
          "5000000.0 dollars [$5 million]", "30.0 percent [30%]",
          "25.0 villages [twenty-five villages]",
          "1500000.0 people ~ [some 1.5 million people]",
        ])
    #expect(
      quantities("A 1,000-strong force and some 300 US-trained fighters took 12 bases.") == [
        "1000.0 force [1,000-strong force]", "300.0 fighters ~ [some 300 US-trained fighters]",
        "12.0 bases [12 bases]",
      ])
  }

  @Test func aPluralAfterTheCountedWordIsTheHeadOfACompound() {
    #expect(
      quantities("They found two weapons caches and four fuel tankers always guarded.") == [
        "2.0 caches [two weapons caches]", "4.0 tankers [four fuel tankers]",
      ])
    // One counts a singular, which a verb in -s may follow.
    #expect(quantities("One drone hits the base.") == ["1.0 drone [One drone]"])
    #expect(quantities("Three soldiers always patrol.") == ["3.0 soldiers [Three soldiers]"])
  }

  @Test func anIndefiniteSourceIsNotACount() {
    #expect(quantities("“It will not pass,” one economist said; said one diplomat: no.") == [])
    #expect(quantities("One soldier was killed.") == ["1.0 soldier [One soldier]"])
  }

  @Test func datesYearsTimesDurationsAgesNamesAndVagueAmountsAreNot() {
    let text = """
      On July 26 at 10:30, in 2021, Tower 22 was hit by one drone. No one was hurt. One of the \
      men, aged 25, fled on a two-day trip. The 25-year-old had 3 days. Dozens and thousands \
      were hurt, the first of them at Brigade 30.
      """
    #expect(quantities(text) == ["1.0 drone [one drone]"])
  }
}
