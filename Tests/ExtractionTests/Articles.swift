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

  /// A wire story: dateline, "said X", "according to", "Iran-backed", a transliterated
  /// faction name, a unit carried forward, times and years that are not quantities.
  static let wire = load("wire")

  /// An official statement: "the statement said", "it added", an acronym defined in
  /// parentheses, a place after "near".
  static let statement = load("statement")

  /// A speech report: a quote continued in the next sentence, "he said" after a new
  /// person was named, a ceasefire and an election.
  static let speech = load("speech")

  /// A wire story on a drone attack: an all-caps dateline, a name with "Shia" inside it,
  /// an umbrella faction name with "in", unnamed officials of named groups.
  static let drone = load("drone")

  /// Strikes on Yemen: a headline quote in single marks, "told AFP:", an appositive
  /// speaker, a quote continued in the next sentence.
  static let strikes = load("strikes")

  /// A Gaza story: "Rear Adm.", a role before a comma, a possessive wing, a quote running
  /// over two paragraphs, a ministry named with its place.
  static let gaza = load("gaza")

  /// An anniversary story: "Gen." and "Ayatollah" titles, a surname alone in a title-case
  /// headline, "the group said:" after an organisation spoke, an unnamed resident.
  static let anniversary = load("anniversary")

  /// Iraqi politics: a quote broken by "he said", "said X, a spokesman for…", "In a
  /// statement, X said:", an appositive with a relative clause, a dated dateline.
  static let politics = load("politics")

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
