import Dispatch
import Synchronization

/// Both readings of every document of the corpus, and where they differ.
struct CorpusComparison: Sendable {
  var documents = 0
  /// Items the reader read (and so compared, where the renderer read as many).
  var items = 0
  var differences: [DifferenceContext] = []

  /// Reads the documents on every core: each reading is independent.
  static func run(_ corpus: [CorpusDocument]) -> CorpusComparison {
    let results = Mutex([CorpusComparison?](repeating: nil, count: corpus.count))
    DispatchQueue.concurrentPerform(iterations: corpus.count) { index in
      let one = compare(corpus[index])
      results.withLock { $0[index] = one }
    }
    return results.withLock { all in
      all.reduce(into: CorpusComparison()) { total, one in
        guard let one else { return }
        total.documents += one.documents
        total.items += one.items
        total.differences += one.differences
      }
    }
  }

  static func compare(_ document: CorpusDocument) -> CorpusComparison {
    let reader = ReaderReading.read(document)
    let renderer = RendererReading.read(document)
    let differences = FieldDifference.between(
      reader: reader, renderer: renderer, file: document.name
    ).map { difference in
      let index = difference.item
      return DifferenceContext(
        difference: difference,
        reader: index.map { reader.items[$0] } ?? reader.feed,
        renderer: index.map { renderer.items[$0] } ?? renderer.feed,
        rendererFeed: renderer.feed)
    }
    return CorpusComparison(documents: 1, items: reader.items.count, differences: differences)
  }
}
