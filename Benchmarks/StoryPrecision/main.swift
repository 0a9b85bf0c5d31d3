// Story fingerprint precision and recall on the evaluation set for thresholds 0…12, and
// fingerprint throughput on one core next to a baseline measured in the same run (lowercasing
// and splitting the same texts into words).
//
//   swift run -c release --scratch-path .build-story StoryPrecision [evaluation.json]
//
// The evaluation set is rebuilt with Benchmarks/StoryPrecision/build_evaluation_set.py.
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

struct EvaluationSet: Decodable {
  struct Story: Decodable {
    var id: String
    var title: String
    var text: String
  }
  struct Pair: Decodable {
    var a: String
    var b: String
    var same: Bool
    var kind: String
  }
  var stories: [Story]
  var pairs: [Pair]
}

/// CPU time of this thread, so the figure is per core even on a shared machine.
func threadCPUSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Fastest CPU time of three runs of `body`.
func measure(_ body: () -> Void) -> Double {
  var best = Double.infinity
  for _ in 0..<3 {
    let start = threadCPUSeconds()
    body()
    best = min(best, threadCPUSeconds() - start)
  }
  return best
}

func format(_ value: Double, _ digits: Int = 3) -> String {
  let scale = (0..<digits).reduce(1.0) { result, _ in result * 10 }
  let rounded = (value * scale).rounded() / scale
  var text = String(rounded)
  if let dot = text.firstIndex(of: ".") {
    let decimals = text.distance(from: dot, to: text.endIndex) - 1
    text += String(repeating: "0", count: max(0, digits - decimals))
  }
  return text
}

let path =
  CommandLine.arguments.dropFirst().first ?? "Tests/WatchTests/Fixtures/stories/evaluation.json"
let set: EvaluationSet
do {
  set = try JSONDecoder().decode(
    EvaluationSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
} catch {
  print("cannot read \(path): \(error)")
  exit(1)
}

var fingerprints: [String: StoryFingerprint] = [:]
for story in set.stories {
  fingerprints[story.id] = StoryFingerprint(title: story.title, text: story.text)
}
let distances = set.pairs.map { pair in
  fingerprints[pair.a]!.distance(to: fingerprints[pair.b]!)
}
let sameCount = set.pairs.filter(\.same).count
print(
  "Evaluation set: \(set.stories.count) stories, \(sameCount) same-story pairs, "
    + "\(set.pairs.count - sameCount) different-story pairs (\(path))")
print("")
print("threshold  precision  recall  F1     false+  false-")
for threshold in 0...12 {
  var truePositives = 0
  var falsePositives = 0
  var falseNegatives = 0
  for (pair, distance) in zip(set.pairs, distances) {
    let predicted = distance <= threshold
    if predicted && pair.same { truePositives += 1 }
    if predicted && !pair.same { falsePositives += 1 }
    if !predicted && pair.same { falseNegatives += 1 }
  }
  let precision =
    truePositives + falsePositives == 0
    ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
  let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
  let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
  let marker = threshold == StoryFingerprint.threshold ? "  <- chosen" : ""
  print(
    "\(String(threshold).padding(9))  \(format(precision).padding(9))  \(format(recall).padding(6))  "
      + "\(format(f1).padding(5))  \(String(falsePositives).padding(6))  \(falseNegatives)\(marker)"
  )
}

print("")
print("At the chosen threshold \(StoryFingerprint.threshold), by kind of pair:")
let kinds = Array(Set(set.pairs.map { "\($0.kind) (\($0.same ? "same" : "different"))" })).sorted()
for kind in kinds {
  let members = zip(set.pairs, distances).filter {
    "\($0.0.kind) (\($0.0.same ? "same" : "different"))" == kind
  }
  let right = members.filter { ($0.1 <= StoryFingerprint.threshold) == $0.0.same }.count
  let sorted = members.map(\.1).sorted()
  print(
    "  \(kind.padding(26)) \(right)/\(members.count) right; distances min \(sorted.first!) "
      + "median \(sorted[sorted.count / 2]) max \(sorted.last!)")
}
let wrong = zip(set.pairs, distances).filter { ($0.1 <= StoryFingerprint.threshold) != $0.0.same }
if !wrong.isEmpty {
  print("Misjudged pairs:")
  for (pair, distance) in wrong {
    print(
      "  \(pair.same ? "same" : "different") \(pair.kind): \(pair.a) / \(pair.b), distance \(distance)"
    )
  }
}

/// Fingerprint and baseline throughput over `texts`, `rounds` times over, on this thread.
func throughput(_ label: String, _ texts: [(title: String, text: String)], rounds: Int) {
  let megabytes =
    Double(rounds * texts.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }) / 1e6
  var sink: UInt64 = 0
  let fingerprintSeconds = measure {
    for _ in 0..<rounds {
      for item in texts { sink &+= StoryFingerprint(title: item.title, text: item.text).value }
    }
  }
  let baselineSeconds = measure {
    for _ in 0..<rounds {
      for item in texts {
        let words = (item.title + "\n" + item.text).lowercased().split {
          !$0.isLetter && !$0.isNumber
        }
        sink &+= UInt64(words.count)
      }
    }
  }
  let items = Double(rounds * texts.count)
  print("")
  print("\(label): \(Int(items)) items, \(format(megabytes, 1)) MB (checksum \(sink & 0xff))")
  print(
    "  fingerprint:                 \(Int(items / fingerprintSeconds)) items/s, "
      + "\(format(megabytes / fingerprintSeconds, 1)) MB/s")
  print(
    "  baseline (lowercase+split):  \(Int(items / baselineSeconds)) items/s, "
      + "\(format(megabytes / baselineSeconds, 1)) MB/s")
}

print("")
print("Throughput on one core (thread CPU time, best of 3):")
let texts = set.stories.map { (title: $0.title, text: $0.text) }
throughput("Evaluation-set items (up to 180 words)", texts, rounds: 40)
// Long items: 25 stories joined, about 3,000 words each (the fingerprint reads the first 2,000).
let longTexts = stride(from: 0, to: texts.count - 25, by: 25).map { start in
  (title: texts[start].title, text: texts[start..<(start + 25)].map(\.text).joined(separator: "\n"))
}
throughput("Long items (25 stories joined)", longTexts, rounds: 40)

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
