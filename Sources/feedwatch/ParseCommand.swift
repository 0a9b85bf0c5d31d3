import ArgumentParser
import FeedParser

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
    commandName: "parse", abstract: "Parse a feed file and print it as JSON.")

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

  @Argument(help: "The feed file, or - for standard input.")
  var file: String

  func run() throws {
    let data = try readAll(file)
    let headers =
      try headersFile.map(readAll).map(ResponseHeaders.init(bytes:)) ?? ResponseHeaders()
    let baseURL = self.baseURL.flatMap { $0.isEmpty ? nil : $0 }
    switch format {
    case .json:
      let options = FeedParserOptions(baseURL: baseURL, contentType: headers["content-type"])
      switch parseFeed(data, options: options) {
      case .success(let (feed, items)):
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let output = try encoder.encode(ParsedDocument(feed: feed, items: items))
        print(String(decoding: output, as: UTF8.self))
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
  guard descriptor >= 0 else { throw ValidationError("Cannot open \(path).") }
  defer { if path != "-" { close(descriptor) } }
  var data: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count < 0 { throw ValidationError("Cannot read \(path).") }
    if count == 0 { break }
    data.append(contentsOf: buffer[0..<count])
  }
  return data
}
