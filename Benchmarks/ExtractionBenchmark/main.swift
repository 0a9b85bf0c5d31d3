// Extraction throughput on one core, peak memory and watch-list compile time, each next
// to a baseline measured in the same run.
//
//   swift run -c release --scratch-path .build-extraction ExtractionBenchmark
//
// With --profile it only runs the extraction loop (for perf or valgrind).
import Extraction
import Foundation

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// Peak resident set size (VmHWM) in MB, from /proc/self/status.
func peakRSSMegabytes() -> Double {
  guard let file = fopen("/proc/self/status", "r") else { return -1 }
  defer { fclose(file) }
  var line = [CChar](repeating: 0, count: 256)
  while fgets(&line, Int32(line.count), file) != nil {
    let text = String(
      decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if text.hasPrefix("VmHWM:") {
      let kb = text.split(separator: " ").compactMap { Double($0) }.first ?? -1
      return kb / 1024
    }
  }
  return -1
}

/// CPU time of this thread, so the figure is per core even on a shared machine.
func threadCPUSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

struct Timing {
  var wall: Double
  var cpu: Double
}

/// Runs `body` three times and keeps the fastest run (wall and CPU time).
func measure(_ body: () -> Void) -> Timing {
  var best = Timing(wall: .infinity, cpu: .infinity)
  for _ in 0..<3 {
    let cpu0 = threadCPUSeconds()
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    best.wall = min(best.wall, wall)
    best.cpu = min(best.cpu, threadCPUSeconds() - cpu0)
  }
  return best
}

let articles: [(title: String?, body: String)]
do {
  articles = try Corpus.articles()
} catch {
  print("cannot read the corpus in \(Corpus.directory.path): \(error)")
  exit(1)
}
guard !articles.isEmpty else {
  print("no articles in \(Corpus.directory.path)")
  exit(1)
}
let articleBytes = articles.reduce(0) { $0 + ($1.title?.utf8.count ?? 0) + $1.body.utf8.count }
let targetBytes = 3_000_000
let rounds = targetBytes / articleBytes + 1
let totalMB = Double(rounds * articleBytes) / 1_000_000

// Warm up: load the resources and the gazetteer matcher once.
let extractor = Extractor()
_ = extractor.extract(articles[0].body, title: articles[0].title)

// With --dump DIR it writes each fixture's result as JSON (what `feedwatch extract`
// prints) under three watch lists, so output can be compared before and after a change.
if let flag = CommandLine.arguments.firstIndex(of: "--dump"),
  flag + 1 < CommandLine.arguments.count
{
  let directory = URL(filePath: CommandLine.arguments[flag + 1])
  try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  let watched = WatchList(
    factions: [
      WatchEntry(name: "Kataib Hezbollah", aliases: ["Kata'ib Hizballah", "KH"]),
      WatchEntry(
        name: "Popular Mobilization Forces",
        aliases: ["Popular Mobilization Units", "Hashd al-Shaabi", "PMF"]),
      WatchEntry(name: "Hamas"),
    ],
    people: [WatchEntry(name: "Moqtada al-Sadr", aliases: ["as-Sadr", "Muqtada al-Sadr"])],
    organisations: [WatchEntry(name: "Reuters")],
    keywords: ["drone", "rocket attack", "ceasefire", "pull out"]
      + (0..<10_000).map {
        "watch term \($0) alpha"
      })
  let lists: [(name: String, extractor: Extractor)] = [
    ("default", extractor), ("watched", Extractor(watchList: watched)),
  ]
  let names = try FileManager.default.contentsOfDirectory(atPath: Corpus.directory.path)
    .filter { $0.hasSuffix(".txt") }.sorted()
  for list in lists {
    for (name, article) in zip(names, articles) {
      let result = list.extractor.extract(article.body, title: article.title)
      let file = directory.appending(path: "\(list.name)-\(name).json")
      try encoder.encode(result).write(to: file)
    }
  }
  print("wrote \(lists.count * articles.count) results to \(directory.path)")
  exit(0)
}

if CommandLine.arguments.contains("--profile") {
  var entities = 0
  for _ in 0..<(rounds * 3) {
    for article in articles {
      entities += extractor.extract(article.body, title: article.title).entities.count
    }
  }
  print("\(entities) entities")
  exit(0)
}

// Baseline 1: a plain tokenizer pass (lowercase words split on non-letters).
var baselineWords = 0
let tokenizerTime = measure {
  for _ in 0..<rounds {
    for article in articles {
      baselineWords += article.body.lowercased().split { !$0.isLetter && !$0.isNumber }.count
    }
  }
}

// Baseline 2: naive lowercase String.contains over the built-in topic terms.
let topicTerms = TopicDefinition.builtin.flatMap { $0.terms }.map { $0.lowercased() }
var naiveHits = 0
let naiveTime = measure {
  for _ in 0..<rounds {
    for article in articles {
      let lower = article.body.lowercased()
      for term in topicTerms where lower.contains(term) { naiveHits += 1 }
    }
  }
}

// The extraction core, default watch list.
var entities = 0
let extractTime = measure {
  for _ in 0..<rounds {
    for article in articles {
      entities += extractor.extract(article.body, title: article.title).entities.count
    }
  }
}

// A 10,000-term watch list: compile time, and matching cost with it.
let tenThousand = (0..<10_000).map { "watch term \($0) alpha" }
let people = (0..<10_000).map { WatchEntry(name: "Person\($0) al-Name\($0 % 97)") }
var big = Extractor(watchList: WatchList(keywords: tenThousand))
let keywordBuild = measure { big = Extractor(watchList: WatchList(keywords: tenThousand)) }
let peopleBuild = measure { _ = Extractor(watchList: WatchList(people: people)) }
var bigEntities = 0
let bigTime = measure {
  for _ in 0..<rounds {
    for article in articles {
      bigEntities += big.extract(article.body, title: article.title).entities.count
    }
  }
}

let articleCount = rounds * articles.count
func report(_ name: String, _ time: Timing) {
  let line =
    name.padding(toLength: 44, withPad: " ", startingAt: 0)
    + String(
      format: "%7.2f MB/s %8.0f articles/s  (wall: %5.2f MB/s)", totalMB / time.cpu,
      Double(articleCount) / time.cpu, totalMB / time.wall)
  print(line)
}
print(
  "corpus: \(articles.count) articles × \(rounds) = \(String(format: "%.2f", totalMB)) MB;"
    + " one thread, CPU time, best of 3")
report("baseline: lowercase + split tokenizer", tokenizerTime)
report("baseline: naive contains, \(topicTerms.count) topic terms", naiveTime)
report("extract (default watch list)", extractTime)
report("extract (10,000-keyword watch list)", bigTime)
print(String(format: "build 10,000-keyword matcher:        %8.1f ms CPU", keywordBuild.cpu * 1000))
print(String(format: "build 10,000-person watch list:      %8.1f ms CPU", peopleBuild.cpu * 1000))
print(String(format: "peak RSS (VmHWM):                    %8.1f MB", peakRSSMegabytes()))
print(
  "checksums: \(baselineWords) words, \(naiveHits) naive hits, \(entities)/\(bigEntities) entities")
