import Foundation  // Bundle.module

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Texts the extraction tests read: the seed story and stories in other styles of conflict
/// news (wire story, official statement, speech report…), one file each in Fixtures/. A
/// file holds the title on its first line (an empty line when the story has none), a
/// blank line, then the body. The extraction benchmark reads the same files.
enum Articles {
  static let seed = load("seed")
  static let seedTitle = seed.title!
  static let seedBody = seed.body

  /// A wire story: dateline, "said X", "according to", "Iran-backed", a transliterated
  /// faction name, a unit carried forward, times and years that are not quantities.
  static let wire = load("wire")
  static let wireTitle = wire.title!
  static let wireBody = wire.body

  /// An official statement: "the statement said", "it added", an acronym defined in
  /// parentheses, a place after "near".
  static let statementBody = load("statement").body

  /// A speech report: a quote continued in the next sentence, "he said" after a new
  /// person was named, a ceasefire and an election.
  static let speechBody = load("speech").body

  /// A wire story on a drone attack: an all-caps dateline, a name with "Shia" inside it,
  /// an umbrella faction name with "in", unnamed officials of named groups.
  static let drone = load("drone")
  static let droneTitle = drone.title!
  static let droneBody = drone.body

  /// Strikes on Yemen: a headline quote in single marks, "told AFP:", an appositive
  /// speaker, a quote continued in the next sentence.
  static let strikes = load("strikes")
  static let strikesTitle = strikes.title!
  static let strikesBody = strikes.body

  /// A Gaza story: "Rear Adm.", a role before a comma, a possessive wing, a quote running
  /// over two paragraphs, a ministry named with its place.
  static let gaza = load("gaza")
  static let gazaTitle = gaza.title!
  static let gazaBody = gaza.body

  /// An anniversary story: "Gen." and "Ayatollah" titles, a surname alone in a title-case
  /// headline, "the group said:" after an organisation spoke, an unnamed resident.
  static let anniversary = load("anniversary")
  static let anniversaryTitle = anniversary.title!
  static let anniversaryBody = anniversary.body

  /// Iraqi politics: a quote broken by "he said", "said X, a spokesman for…", "In a
  /// statement, X said:", an appositive with a relative clause, a dated dateline.
  static let politics = load("politics")
  static let politicsTitle = politics.title!
  static let politicsBody = politics.body

  private static func load(_ name: String) -> (title: String?, body: String) {
    guard
      let url = Bundle.module.url(
        forResource: name, withExtension: "txt", subdirectory: "Fixtures"),
      let data = try? Data(contentsOf: url)
    else { fatalError("missing fixture \(name).txt") }
    let text = String(decoding: data, as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
    let body = lines.count > 2 ? String(lines[2]) : ""
    let trimmed = body.hasSuffix("\n") ? String(body.dropLast()) : body
    return (lines[0].isEmpty ? nil : String(lines[0]), trimmed)
  }
}
