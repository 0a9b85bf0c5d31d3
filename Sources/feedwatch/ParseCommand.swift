import ArgumentParser
import Daemon
import FeedParser
import FeedparserCompat
import Fetcher
import Logging
import Polling

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// `feedwatch parse`: parse one feed file and print what the parser read.
struct ParseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse",
    abstract: "Parse a feed file or URL and print what feedwatch reads in it, as JSON.",
    discussion: """
      FILE may be a path, - for standard input, or an http(s) URL, which is fetched once (its \
      Content-Type and final address are then used as for --headers-file and --base-url).
      The JSON output's `truncated` is true for a document that ended before its root element \
      closed; the item open at the cut is left out (the daemon never takes it) and the exit \
      status is 1.
      Examples:
        feedwatch parse samples/seed-feed.xml | jq '.items[0].title'
        feedwatch parse https://example.org/rss.xml
      """)

  enum Format: String, ExpressibleByArgument {
    case json, feedparser
  }

  @Option(
    help:
      "Output shape: json (feedwatch's Feed and items) or feedparser (feedparser's result dictionary)."
  )
  var format: Format = .json

  @Option(help: "The URL the feed was fetched from (base for relative links). Empty means none.")
  var baseURL: String?

  @Option(help: "A file of HTTP response headers (`Name: value` lines). Empty means none.")
  var headersFile: String?

  @Argument(help: "The feed file, - for standard input, or an http(s) URL.")
  var file: String

  func run() throws {
    let data: [UInt8]
    var headers =
      try headersFile.map(readAll).map(ResponseHeaders.init(bytes:)) ?? ResponseHeaders()
    var baseURL = self.baseURL.flatMap { $0.isEmpty ? nil : $0 }
    let lower = file.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
      let logger = Logger(label: "feedwatch") { _ in SwiftLogNoOpLogHandler() }
      switch FeedDownload.fetch(file, logger: logger) {
      case .success(let download):
        data = download.body
        baseURL = baseURL ?? download.response.effectiveURL
        headers.fields += download.response.headers.map { (name: $0.key, value: $0.value) }
      case .failure(let error):
        throw ParseFailure(description: "\(file): \(error)")
      }
    } else {
      data = try readAll(file)
    }
    switch format {
    case .json:
      let options = FeedParserOptions(baseURL: baseURL, contentType: headers["content-type"])
      switch parseFeedDocument(data, options: options) {
      case .success(let (feed, items, isTruncated)):
        let encoder = JSONOutput.encoder()
        let output = try encoder.encode(
          ParsedDocument(feed: feed, items: items, truncated: isTruncated))
        print(String(decoding: output, as: UTF8.self))
        // What was read is printed, but the document was not read whole.
        if isTruncated {
          throw ParseFailure(
            description: "the document ended before its root element closed (truncated); "
              + "the item open at the cut is left out")
        }
      case .failure(let error):
        // Not a usage mistake: print the reason only, exit 1.
        throw ParseFailure(description: error.description)
      }
    case .feedparser:
      let rendered = FeedparserRendering.render(
        data, url: baseURL, headers: headers.fields)
      print(rendered)
    }
  }
}

private struct ParseFailure: Error, CustomStringConvertible {
  var description: String
}

private struct ParsedDocument: Encodable {
  var feed: Feed
  var items: [FeedItem]
  /// The document ended before its root element closed.
  var truncated: Bool
}

/// HTTP response headers from a `curl -D`-style file, looked up case-insensitively.
struct ResponseHeaders {
  var fields: [(name: String, value: String)] = []

  init() {}

  init(bytes: [UInt8]) {
    for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: {
      $0 == "\n" || $0 == "\r\n"
    }) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = trimmed(line[..<colon])
      let value = trimmed(line[line.index(after: colon)...])
      if !name.isEmpty { fields.append((name, value)) }
    }
  }

  subscript(name: String) -> String? {
    fields.last { $0.name.lowercased() == name }?.value
  }
}

private func trimmed(_ text: Substring) -> String {
  String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
}

/// The whole file (or standard input for "-") as bytes.
private func readAll(_ path: String) throws -> [UInt8] {
  let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
  guard descriptor >= 0 else {
    printError("cannot open \(path): \(String(cString: strerror(errno)))")
    throw ExitCode.failure
  }
  defer { if path != "-" { close(descriptor) } }
  var data: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count < 0 {
      printError("cannot read \(path): \(String(cString: strerror(errno)))")
      throw ExitCode.failure
    }
    if count == 0 { break }
    data.append(contentsOf: buffer[0..<count])
  }
  return data
}
