import Testing

/// The daemon's reader (FeedStreamParser → FeedBuilder → Feed/FeedItem) against the
/// feedparser-compatible renderer that the conformance suite checks, field by field as plain
/// values, over every feed of the conformance suite and of the real publishers' feeds. Each
/// difference must be one of `IntendedDifferences.all`.
@Suite struct ReaderDifferentialTests {
  @Test func everyDifferenceIsListed() throws {
    let corpus = try SharedCorpus.load()
    let comparison = CorpusComparison.run(corpus)
    let rules = IntendedDifferences.all
    var uses = [Int](repeating: 0, count: rules.count)
    var unlisted: [FieldDifference] = []
    for context in comparison.differences {
      if let index = rules.firstIndex(where: { $0.explains(context) }) {
        uses[index] += 1
      } else {
        unlisted.append(context.difference)
      }
    }
    let shown = 50
    if !unlisted.isEmpty {
      Issue.record(
        """
        \(unlisted.count) differences between the reader and the renderer are not in \
        IntendedDifferences (\(comparison.documents) documents, \(comparison.items) items):
        \(unlisted.prefix(shown).map(\.description).joined(separator: "\n"))
        \(unlisted.count > shown ? "… and \(unlisted.count - shown) more" : "")
        """)
    }
    // A class nothing falls into any more is stale: its reason would mislead.
    let unused = zip(rules, uses).filter { $0.1 == 0 }.map(\.0.rule)
    #expect(unused.isEmpty, "intended differences that no difference matches: \(unused)")
    let tally = zip(rules, uses).map { "\($0.0.rule): \($0.1)" }.joined(separator: ", ")
    print(
      "reader differential: \(comparison.documents) documents, \(comparison.items) items, "
        + "\(comparison.differences.count) listed differences (\(tally))")
  }
}
