// Article extraction throughput on one core over the article pages, next to libxml2's own
// HTML push parse of the same bytes (empty callbacks) in the same run; then peak memory
// while synthetic pages of growing size stream through the extractor.
//
//   swift run -c release --scratch-path .build-article ArticleBenchmark [PAGES_DIRECTORY]
//
// PAGES_DIRECTORY defaults to $ARTICLE_PAGES, else ../shared/article-pages/pages.
// --memory-only skips the throughput rows; --profile SECONDS runs only the extraction loop.
import Article

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

let chunkSize = 64 << 10

/// Peak resident set size (VmHWM) in MB, from /proc/self/status.
func peakRSSMegabytes() -> Double {
  guard let file = fopen("/proc/self/status", "r") else { return -1 }
  defer { fclose(file) }
  var line = [CChar](repeating: 0, count: 256)
  while fgets(&line, Int32(line.count), file) != nil {
    let text = String(
      decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if text.hasPrefix("VmHWM:") {
      return (text.split(separator: " ").compactMap { Double($0) }.first ?? -1) / 1024
    }
  }
  return -1
}

/// CPU time of this thread: the figures are per core even on a shared machine.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func extract(_ page: [UInt8]) -> Int {
  let reader = ArticleReader()
  page.withUnsafeBytes { bytes in
    var offset = 0
    while offset < bytes.count {
      let end = min(offset + chunkSize, bytes.count)
      reader.read(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
      offset = end
    }
  }
  return reader.finish().text.utf8.count
}

/// `value` with `digits` decimals, right-aligned in `width` characters.
func fixed(_ value: Double, _ digits: Int, width: Int = 0) -> String {
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let scaled = Int((value * scale).rounded())
  var text = String(scaled / Int(scale))
  if digits > 0 {
    let fraction = String(abs(scaled) % Int(scale))
    text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
  }
  return String(repeating: " ", count: max(0, width - text.count)) + text
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The pages, each with whether it is UTF-8 (the floor then reads it as the extractor does,
/// ignoring a stale charset declaration).
func loadPages(_ directory: String) -> [Page] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
  return names.compactMap { name in
    FileManager.default.contents(atPath: "\(directory)/\(name)/source.html").map {
      let bytes = Array($0)
      return Page(bytes: bytes, isUTF8: String(validating: bytes, as: UTF8.self) != nil)
    }
  }
}

struct Page {
  var bytes: [UInt8]
  var isUTF8: Bool
}

func throughput(_ pages: [Page]) {
  let bytes = Double(pages.reduce(0) { $0 + $1.bytes.count })
  print("\(pages.count) pages, \(fixed(bytes / 1e6, 1)) MB; 5 alternating rounds, medians")
  // Warm-up: page faults and the caches of both code paths.
  for page in pages {
    _ = libxml2Floor(page.bytes, utf8: page.isUTF8, chunkSize: chunkSize)
    _ = extract(page.bytes)
  }
  var floorTimes: [Double] = []
  var articleTimes: [Double] = []
  var ratios: [Double] = []
  var checksum = 0
  for _ in 0..<5 {
    var start = threadCPUSeconds()
    for page in pages {
      checksum &+= libxml2Floor(page.bytes, utf8: page.isUTF8, chunkSize: chunkSize)
    }
    let floor = threadCPUSeconds() - start
    start = threadCPUSeconds()
    for page in pages { checksum &+= extract(page.bytes) }
    let article = threadCPUSeconds() - start
    floorTimes.append(floor)
    articleTimes.append(article)
    ratios.append(floor / article)
  }
  func row(_ label: String, _ seconds: Double) {
    let pagesPerSecond = fixed(Double(pages.count) / seconds, 0, width: 7)
    let megabytesPerSecond = fixed(bytes / seconds / 1e6, 1, width: 6)
    print("  \(label)  \(pagesPerSecond) pages/s  \(megabytesPerSecond) MB/s")
  }
  row("libxml2 HTML parse (floor)", median(floorTimes))
  row("article extraction        ", median(articleTimes))
  print("  extraction / floor: \(fixed(median(ratios) * 100, 0)) % (target >= 50 %)")
  print("  (checksum \(checksum))")
}

/// A news page of about `size` bytes: header, navigation, a cookie banner, then story
/// paragraphs, related links and comments, written in chunks so the page is never held whole.
func streamSyntheticPage(size: Int, into reader: ArticleReader) -> Int {
  var written = 0
  func write(_ text: String) {
    var text = text
    text.withUTF8 { reader.read(UnsafeRawBufferPointer($0)) }
    written += text.utf8.count
  }
  write(
    """
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A long report | Example</title>
    <meta property="og:title" content="A long report"></head><body>
    <header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
    <div class="cookie-banner">We use cookies. <button>Accept</button></div>
    <main><article><h1>A long report</h1><div class="byline">By A. Writer</div>
    """)
  var paragraph = 0
  let bodyBudget = size * 8 / 10
  while written < bodyBudget {
    paragraph += 1
    write(
      "<p>Paragraph \(paragraph) of the report, in which officials said on Monday that the "
        + "talks, held over three days, had produced \"a framework, not a deal\", and that "
        + "<a href=\"/n/\(paragraph)\">further meetings</a> would follow within weeks.</p>\n")
    if paragraph % 40 == 0 { write("<h2>Part \(paragraph / 40)</h2>\n") }
  }
  write("</article><aside class=\"related\"><ul>")
  var link = 0
  while written < size * 9 / 10 {
    link += 1
    write("<li><a href=\"/story/\(link)\">Related story number \(link)</a></li>")
  }
  write("</ul></aside><section id=\"comments\">")
  while written < size {
    write("<div class=\"comment\"><p>A reader's comment, short and to the point.</p></div>")
  }
  write("</section></main><footer>© Example</footer></body></html>")
  return written
}

func memory() {
  print("peak memory streaming synthetic pages in \(chunkSize >> 10) KiB chunks (VmHWM):")
  print("  before: \(fixed(peakRSSMegabytes(), 1)) MB")
  for size in [1 << 20, 5 << 20, 20 << 20] {
    let reader = ArticleReader()
    let written = streamSyntheticPage(size: size, into: reader)
    let article = reader.finish()
    let pageSize = fixed(Double(written) / 1e6, 1, width: 5)
    let peak = fixed(peakRSSMegabytes(), 1)
    let note = article.truncated ? ", truncated at the limits" : ""
    print("  \(pageSize) MB page: peak \(peak) MB (text \(article.text.utf8.count) bytes\(note))")
  }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let directory =
  arguments.first { !$0.hasPrefix("--") && Double($0) == nil }
  ?? ProcessInfo.processInfo.environment["ARTICLE_PAGES"] ?? "../shared/article-pages/pages"
if let index = arguments.firstIndex(of: "--profile") {
  let seconds = index + 1 < arguments.count ? Double(arguments[index + 1]) ?? 10 : 10
  let pages = loadPages(directory)
  let start = threadCPUSeconds()
  var rounds = 0
  while threadCPUSeconds() - start < seconds {
    for page in pages { _ = extract(page.bytes) }
    rounds += 1
  }
  print("\(rounds) rounds")
  exit(0)
}
// Memory first, before the corpus is loaded, so the peak is the extractor's.
memory()
if !arguments.contains("--memory-only") {
  let pages = loadPages(directory)
  guard !pages.isEmpty else {
    print("no pages in \(directory)")
    exit(1)
  }
  throughput(pages)
}
