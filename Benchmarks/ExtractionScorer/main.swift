import CorpusScoring
import Extraction
import Foundation  // exit, String(format:)

// The extraction core's figures on an annotated corpus (Tests/ExtractionCorpusTests/
// AttributionCorpus by default): entity spans, names per article, per-type recall, quote
// detection, quote speakers end to end, topics, quantities.
//
//   swift run -c release ExtractionScorer [--misses] [DIRECTORY]
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") {
  print(
    """
    usage: ExtractionScorer [--misses] [DIRECTORY]
      DIRECTORY: annotated articles, NAME.txt (entities marked {text|TYPE|canonical}) and
      NAME.json (quotes with speakers, topics, quantities); default
      Tests/ExtractionCorpusTests/AttributionCorpus. --misses lists every wrong speaker and
      every missed or extra entity mention.
    """)
  exit(0)
}
let directory =
  arguments.first { !$0.hasPrefix("--") } ?? "Tests/ExtractionCorpusTests/AttributionCorpus"
let corpus: [AnnotatedArticle]
do {
  corpus = try AnnotatedArticle.loadAll(directory: directory)
} catch {
  FileHandle.standardError.write(Data("ExtractionScorer: \(error)\n".utf8))
  exit(1)
}
let score = CorpusScore.score(corpus)
func f(_ value: Double) -> String { String(format: "%.3f", value) }
func prf(_ counts: CorpusScore.Counts) -> String {
  "F1 \(f(counts.f1))  (P \(f(counts.precision))  R \(f(counts.recall)))"
}
print(
  "\(score.articles) articles, \(corpus.reduce(0) { $0 + $1.quotes.count }) quotes, "
    + "\(corpus.reduce(0) { $0 + $1.mentions.count }) entity mentions")
print("entity exact span + type       \(prf(score.entitySpans))")
print("entity names per article       \(prf(score.entityNames))")
for type in ["PERSON", "FACTION", "ORG", "GPE", "LOC", "FAC", "NORP"] {
  guard let entityType = EntityType(rawValue: type), let tally = score.typeRecall[entityType] else {
    continue
  }
  print(
    "  recall \(type.padding(toLength: 8, withPad: " ", startingAt: 0))             "
      + "\(f(score.recall(entityType)))  (\(tally.found)/\(tally.total))")
}
print("quote detection                \(prf(score.quoteSpans))")
print(
  "quote speaker end to end       \(f(score.speakerAccuracy))  "
    + "(\(score.speakersRight)/\(score.speakersTotal))")
for c in score.speakersByClass.keys.sorted() {
  let tally = score.speakersByClass[c]!
  print(
    "  speakers in class \(c) articles   "
      + "\(f(Double(tally.right) / Double(max(tally.total, 1))))  (\(tally.right)/\(tally.total))")
}
print("topic accuracy, macro          \(f(score.topicMacroAccuracy))")
for topic in CorpusScore.topicNames {
  print(
    "  \(topic.padding(toLength: 28, withPad: " ", startingAt: 0)) \(f(score.topicAccuracy(topic)))"
  )
}
print("quantities, value + unit       \(prf(score.quantities))")
print(
  "speaker affiliations           \(f(score.affiliationAccuracy))  "
    + "(\(score.affiliationsRight)/\(score.affiliationsTotal))")
if arguments.contains("--misses") {
  for miss in score.speakerMisses {
    print(
      "speaker  \(miss.article): “\(miss.quote)” expected \(miss.expected ?? "none"), "
        + (miss.detected ? "got \(miss.found ?? "none")" : "quote not detected"))
  }
  for line in score.entityMisses { print("entity   \(line)") }
  for line in score.quantityMisses { print("quantity \(line)") }
}
