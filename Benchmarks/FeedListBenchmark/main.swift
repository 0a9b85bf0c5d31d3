// Loading a large feed list: a generated OPML file of 5,000 feeds (folders, categories,
// entity-escaped titles, a third of the titles shared), read by FeedListReader and loaded
// through the whole config, next to libxml2's own SAX2 parse of the same bytes (empty
// callbacks) measured in the same run.
//
//   swift run -c release FeedListBenchmark [FEEDS]
import CLibXML2
import Config
import FeedLists
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

let feedCount = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 5000
let runs = 15

/// An OPML export as readers write one: a folder per topic, feeds with titles, some of them
/// HTML-escaped twice, some titled alike, a `category` on every other feed.
func generatedOPML(feeds: Int) -> String {
  let folders = ["World", "Mideast", "Security &amp; Defence", "Economy", "Local"]
  var lines = [
    #"<?xml version="1.0" encoding="UTF-8"?>"#, #"<opml version="2.0">"#,
    "<head><title>Benchmark</title></head>", "<body>",
  ]
  let perFolder = (feeds + folders.count - 1) / folders.count
  for (number, folder) in folders.enumerated() {
    lines.append(#"  <outline text="\#(folder)" title="\#(folder)">"#)
    for index in (number * perFolder)..<min(feeds, (number + 1) * perFolder) {
      let title = index % 3 == 0 ? "News" : "Source \(index) &amp;#8211; \(folder)"
      let category = index % 2 == 0 ? #" category="wire,region/\#(number)""# : ""
      lines.append(
        #"    <outline type="rss" text="\#(title)" title="\#(title)" "#
          + #"xmlUrl="https://host\#(index % 400).example/feeds/\#(index).xml"\#(category)/>"#)
    }
    lines.append("  </outline>")
  }
  lines += ["</body>", "</opml>", ""]
  return lines.joined(separator: "\n")
}

/// The floor: libxml2's SAX2 push parser over the same bytes with empty callbacks.
func libxml2Floor(_ bytes: [UInt8]) -> Int {
  var sax = xmlSAXHandler()
  sax.initialized = UInt32(XML_SAX2_MAGIC)
  sax.startElementNs = { _, _, _, _, _, _, _, _, _ in }
  sax.endElementNs = { _, _, _, _ in }
  sax.serror = { _, _ in }
  guard let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else { return 0 }
  xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
  bytes.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) {
      _ = xmlParseChunk(context, $0.baseAddress, Int32($0.count), 1)
    }
  }
  xmlFreeParserCtxt(context)
  return bytes.count
}

func monotonicSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The median wall time of `runs` calls, in milliseconds.
func median(_ body: () throws -> Int) rethrows -> Double {
  var times: [Double] = []
  var check = 0
  for _ in 0..<runs {
    let start = monotonicSeconds()
    check &+= try body()
    times.append((monotonicSeconds() - start) * 1000)
  }
  precondition(check != 0)
  return times.sorted()[runs / 2]
}

let opml = generatedOPML(feeds: feedCount)
let bytes = Array(opml.utf8)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "feedwatch-feedlist-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
try Data(bytes).write(to: folder.appendingPathComponent("feeds.opml"))
let configPath = folder.appendingPathComponent("config.json").path
try Data(#"{"feedLists": ["feeds.opml"]}"#.utf8).write(to: URL(fileURLWithPath: configPath))

let floor = median { libxml2Floor(bytes) }
let read = try median { try FeedListReader.read(bytes).entries.count }
let loaded = try median { try ConfigLoader.load(path: configPath).feeds.count }
let config = try ConfigLoader.load(path: configPath)
precondition(config.feeds.count == feedCount, "expected \(feedCount) feeds")
precondition(Set(config.feeds.map(\.name)).count == feedCount, "names must be unique")

func row(_ label: String, _ milliseconds: Double) -> String {
  let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
  let figure = String(format: "%8.1f ms", milliseconds)
  return "\(padded)\(figure)   \(String(format: "%5.1f", milliseconds / floor))× the floor"
}
print("feed list: \(feedCount) feeds, \(bytes.count / 1024) KiB of OPML; median of \(runs) runs")
print(row("libxml2 SAX2 parse, empty callbacks (floor)", floor))
print(row("FeedListReader.read", read))
print(row("ConfigLoader.load (file read, feeds built)", loaded))
