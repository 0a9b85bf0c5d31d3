// Parser benchmark: feedwatch's full parse (items, dates, HTML→text) against libxml2's raw
// SAX2 push parse of the same bytes (the floor), and peak memory while streaming large feeds.
//
//   swift run -c release --scratch-path .build-parser ParserBenchmark
import FeedParser

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

let chunkSize = 16 * 1024
let megabyte = 1_048_576.0

/// CPU time of this thread: the machine is shared, so wall time would measure the neighbours.
func now() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Runs `body` over `bytes` repeatedly for at least `minimum` seconds; returns MB/s.
func throughput(_ bytes: Int, minimum: Double = 1.0, _ body: () -> Void) -> Double {
  body()  // warm-up
  var runs = 0
  let start = now()
  var elapsed = 0.0
  repeat {
    body()
    runs += 1
    elapsed = now() - start
  } while elapsed < minimum
  return Double(bytes * runs) / megabyte / elapsed
}

func feedwatchParse(_ bytes: [UInt8]) -> Int {
  var count = 0
  let parser = FeedStreamParser { item in
    count += 1
    // The full parse includes HTML→text, which the parser leaves until the text is read.
    _ = (item.summary, item.content)
  }
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let end = min(offset + chunkSize, raw.count)
      parser.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
      offset = end
    }
  }
  _ = parser.finish()
  return count
}

func readFile(_ path: String) -> [UInt8]? {
  guard let file = fopen(path, "rb") else { return nil }
  defer { fclose(file) }
  var data: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count > 0 { data.append(contentsOf: buffer[0..<count]) }
    if count < buffer.count { break }
  }
  return data
}

func peakResidentMB() -> Double {
  guard let status = readFile("/proc/self/status") else { return -1 }
  for line in String(decoding: status, as: UTF8.self).split(separator: "\n")
  where line.hasPrefix("VmHWM:") {
    let digits = line.filter(\.isNumber)
    return (Double(digits) ?? 0) / 1024
  }
  return -1
}

/// Child mode: stream a generated feed of `size` bytes into the parser in 16 KB chunks,
/// never holding the document, and print the peak resident set.
func memoryChild(format: GeneratedFormat, size: Int) {
  let before = peakResidentMB()
  var items = 0
  var pending: [UInt8] = []
  let parser = FeedStreamParser { item in
    items += 1
    _ = (item.summary, item.content)
  }
  FeedGenerator(format: format).generate(size: size) { piece in
    pending.append(contentsOf: piece.utf8)
    while pending.count >= chunkSize {
      pending.withUnsafeBytes { parser.write(UnsafeRawBufferPointer(rebasing: $0[0..<chunkSize])) }
      pending.removeFirst(chunkSize)
    }
  }
  pending.withUnsafeBytes { parser.write($0) }
  _ = parser.finish()
  print("\(before) \(peakResidentMB()) \(items)")
}

func runChild(_ arguments: [String]) -> String {
  var pipeEnds: [Int32] = [0, 0]
  pipe(&pipeEnds)
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
  posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
  let executable = "/proc/self/exe"
  let argv = ([executable] + arguments).map { strdup($0) } + [nil]
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
  for pointer in argv { free(pointer) }
  posix_spawn_file_actions_destroy(&actions)
  close(pipeEnds[1])
  guard spawned == 0 else { return "" }
  var output: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = read(pipeEnds[0], &buffer, buffer.count)
    if count <= 0 { break }
    output.append(contentsOf: buffer[0..<count])
  }
  close(pipeEnds[0])
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return String(decoding: output, as: UTF8.self)
}

func megabytes(_ field: Substring) -> String { format(Double(field) ?? 0) }

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func format(_ value: Double, _ decimals: Int = 1) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  return String(rounded)
}

/// The XML feeds of a directory (JSON Feed has no libxml2 floor), sorted by name.
func readRealFeeds(_ directory: String) -> [(String, [UInt8])] {
  var feeds: [(String, [UInt8])] = []
  guard let listing = opendir(directory) else { return [] }
  while let entry = readdir(listing) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) {
      String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    guard [".xml", ".rss", ".atom", ".rdf"].contains(where: name.hasSuffix) else { continue }
    if let bytes = readFile(directory + "/" + name) { feeds.append((name, bytes)) }
  }
  closedir(listing)
  return feeds.sorted { $0.0 < $1.0 }
}

let arguments = CommandLine.arguments
/// The real publishers' feeds: $REALFEEDS, else ../shared/realfeeds beside the checkout (run
/// from the repository's top level).
let realFeedsDirectory = getenv("REALFEEDS").map { String(cString: $0) } ?? "../shared/realfeeds"
if arguments.count == 4, arguments[1] == "--memory-child",
  let format = GeneratedFormat(rawValue: arguments[2]),
  let size = Int(arguments[3])
{
  memoryChild(format: format, size: size)
  exit(0)
}
// `--compare-html [DIRECTORY]`: the HTML→text converter against libxml2's HTML parser.
if arguments.count >= 2, arguments[1] == "--compare-html" {
  compareHTMLText(
    directory: arguments.count >= 3 ? arguments[2] : realFeedsDirectory, soup: 200_000)
  exit(0)
}
// `--parse-loop FORMAT SIZE SECONDS`: feedwatch's full parse only, repeated (for a profiler).
if arguments.count == 5, arguments[1] == "--parse-loop",
  let kind = GeneratedFormat(rawValue: arguments[2]),
  let size = Int(arguments[3]), let seconds = Double(arguments[4])
{
  let bytes = FeedGenerator(format: kind).document(size: size)
  print(format(throughput(bytes.count, minimum: seconds) { _ = feedwatchParse(bytes) }), "MB/s")
  exit(0)
}
// `--floor-once FORMAT SIZE`: libxml2's raw parse of a generated feed, once (with
// `--parse-loop FORMAT SIZE 0`, which parses twice, for instruction counts under perf stat).
if arguments.count == 4, arguments[1] == "--floor-once",
  let kind = GeneratedFormat(rawValue: arguments[2]), let size = Int(arguments[3])
{
  let bytes = FeedGenerator(format: kind).document(size: size)
  _ = rawSAXParse(bytes, chunkSize: chunkSize)
  exit(0)
}
// `--realfeeds-loop SECONDS [DIRECTORY]`: the same over the real feeds, or the XML files of
// DIRECTORY (for a profiler).
if (3...4).contains(arguments.count), arguments[1] == "--realfeeds-loop",
  let seconds = Double(arguments[2])
{
  let feeds = readRealFeeds(arguments.count == 4 ? arguments[3] : realFeedsDirectory)
  let total = feeds.reduce(0) { $0 + $1.1.count }
  print(
    format(
      throughput(total, minimum: seconds) { for (_, bytes) in feeds { _ = feedwatchParse(bytes) } }),
    "MB/s")
  exit(0)
}
// `--generate FORMAT SIZE`: write a generated feed to standard output (for profiling).
if arguments.count == 4, arguments[1] == "--generate",
  let format = GeneratedFormat(rawValue: arguments[2]),
  let size = Int(arguments[3])
{
  FeedGenerator(format: format).generate(size: size) { print($0, terminator: "") }
  exit(0)
}

print(
  "ParserBenchmark: 16 KB chunks; MB/s of thread CPU time; floor = libxml2 SAX2 push parse with empty callbacks;\nfloor and feedwatch timed in 5 alternating rounds: medians of each and of the rounds' ratios\n"
)
print(
  pad("input", 34) + pad("MB", 8) + pad("items", 8) + pad("floor MB/s", 12)
    + pad("feedwatch MB/s", 16) + "ratio")

/// The floor and the full parse timed in alternating rounds: on a shared machine the speed drifts
/// over seconds, so two long measurements one after the other can each catch a different speed.
/// Prints the medians of the floor's and the full parse's throughput and of the rounds' ratios.
func row(
  _ name: String, bytes size: Int, items: Int, seconds: Double, floor: () -> Void,
  full: () -> Void
) {
  let rounds = 5
  var floors: [Double] = []
  var fulls: [Double] = []
  var ratios: [Double] = []
  for _ in 0..<rounds {
    let floorRate = throughput(size, minimum: seconds / Double(rounds), floor)
    let fullRate = throughput(size, minimum: seconds / Double(rounds), full)
    floors.append(floorRate)
    fulls.append(fullRate)
    ratios.append(fullRate / floorRate)
  }
  func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
  print(
    pad(name, 34) + pad(format(Double(size) / megabyte, 2), 8) + pad(String(items), 8)
      + pad(format(median(floors)), 12) + pad(format(median(fulls)), 16)
      + format(median(ratios) * 100, 0) + "%")
}

// Real feeds, all together (XML ones: JSON Feed has no libxml2 floor).
let realFeeds = readRealFeeds(realFeedsDirectory)
if !realFeeds.isEmpty {
  let total = realFeeds.reduce(0) { $0 + $1.1.count }
  row(
    "realfeeds (\(realFeeds.count) XML files)", bytes: total,
    items: realFeeds.reduce(0) { $0 + feedwatchParse($1.1) }, seconds: 2.0,
    floor: { for (_, bytes) in realFeeds { _ = rawSAXParse(bytes, chunkSize: chunkSize) } },
    full: { for (_, bytes) in realFeeds { _ = feedwatchParse(bytes) } })
}

for format in GeneratedFormat.allCases {
  for size in [2_000_000, 20_000_000] {
    let bytes = FeedGenerator(format: format).document(size: size)
    row(
      "generated \(format.rawValue) \(size / 1_000_000) MB",
      bytes: bytes.count, items: feedwatchParse(bytes),
      seconds: size > 10_000_000 ? 3.0 : 2.0,
      floor: { _ = rawSAXParse(bytes, chunkSize: chunkSize) },
      full: { _ = feedwatchParse(bytes) })
  }
}

print("\nPeak memory (VmHWM) streaming a generated feed in 16 KB chunks, one child process per run")
print(pad("input", 34) + pad("before MB", 12) + pad("peak MB", 10) + "items")
for format in GeneratedFormat.allCases {
  for size in [2_000_000, 20_000_000] {
    let fields = runChild(["--memory-child", format.rawValue, String(size)]).split(separator: " ")
    guard fields.count == 3 else {
      print("child failed for \(format.rawValue) \(size)")
      continue
    }
    print(
      pad("generated \(format.rawValue) \(size / 1_000_000) MB", 34) + pad(megabytes(fields[0]), 12)
        + pad(megabytes(fields[1]), 10) + fields[2].filter(\.isNumber))
  }
}
