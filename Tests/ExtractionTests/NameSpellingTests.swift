import Testing

@testable import Extraction

/// Watch-list and gazetteer names written in lowercase or with another spelling of the
/// Arabic article are still found, and found as the same entity.
@Suite struct NameSpellingTests {
  static let watchList = WatchList(
    factions: [WatchEntry(name: "Kataib Hezbollah", aliases: ["Kata'ib Hizballah", "KH"])],
    people: [WatchEntry(name: "Moqtada al-Sadr", aliases: ["as-Sadr", "Muqtada al-Sadr"])])

  private func mentions(of name: String, in result: ExtractionResult) -> [String] {
    result.entities.first { $0.name == name }?.mentions.map(\.text) ?? []
  }

  @Test func watchedNameInEveryArticleSpelling() {
    let text = """
      Supporters of Moqtada al-Sadr rallied in Baghdad. Later as-Sadr said the vote was \
      rigged, and Al Sadr met officials. Posters of alsadr and AlSadr covered the walls, \
      while moqtada al-sadr trended online.
      """
    let result = Extractor(watchList: Self.watchList).extract(text)
    #expect(
      mentions(of: "Moqtada al-Sadr", in: result) == [
        "Moqtada al-Sadr", "as-Sadr", "Al Sadr", "alsadr", "AlSadr", "moqtada al-sadr",
      ])
    #expect(result.entities.filter { $0.name == "Moqtada al-Sadr" }.count == 1)
  }

  @Test func watchedFactionInLowercase() {
    let text = "Supporters of kataib hezbollah marched, and a Kata'ib Hizballah commander spoke."
    let result = Extractor(watchList: Self.watchList).extract(text)
    #expect(
      mentions(of: "Kataib Hezbollah", in: result) == ["kataib hezbollah", "Kata'ib Hizballah"])
  }

  @Test func gazetteerNamesInLowercaseWithoutAWatchList() {
    let text = "Supporters of kataib hezbollah marched as hamas and hezbollah leaders met in iraq."
    let result = Extractor().extract(text)
    let kataib = result.entity(withMention: "kataib hezbollah")
    #expect(kataib?.type == .FACTION)
    // The gazetteer's name, not the lowercase spelling.
    #expect(kataib?.name == "Kataib Hezbollah")
    #expect(result.entities.first { $0.name == "Hamas" }?.type == .FACTION)
    #expect(result.entities.first { $0.name == "Iraq" }?.mentions.map(\.text) == ["iraq"])
  }

  @Test func lowercaseEnglishWordsAreNotNames() {
    // "homes" folds like "Hamas", "also" starts like a glued article: neither is a name.
    let text = "The homes were also shelled, and families had to leave."
    let result = Extractor().extract(text)
    #expect(result.entities.isEmpty)
  }

  @Test func gluedArticleInTheGazetteer() {
    let result = Extractor().extract("Analysts compared al-Qaeda with the Alqaeda cells in Yemen.")
    let qaeda = result.entity(withMention: "al-Qaeda")
    #expect(qaeda?.type == .FACTION)
    #expect(qaeda?.mentions.map(\.text) == ["al-Qaeda", "Alqaeda"])
  }
}
