import ArgumentParser
import Article
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

/// `feedwatch article`: the article text and metadata of web pages.
struct ArticleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "article",
    abstract: "Read the article in web pages (files, URLs or standard input).",
    discussion: """
      Each INPUT is a file, - for standard input, or an http(s) URL fetched once. With \
      --format json (the default) each input gives one JSON object on its own line, in order: \
      url, input, title, text, byline, published, language, siteName, canonicalURL, and \
      reason when text is empty (not HTML, unreadable, no article). Exits 0 when every input \
      got its object.
      Examples:
        feedwatch article page.html
        feedwatch article --format text --base-url https://example.org/story page.html
      """)

  enum Format: String, ExpressibleByArgument {
    case text, json
  }

  @Option(help: "json: one object per input and line; text: title, blank line, the text.")
  var format: Format = .json

  @Option(help: "The address the files were fetched from (resolves relative links).")
  var baseURL: String?

  @Argument(help: ArgumentHelp("Files, - for standard input, or http(s) URLs.", valueName: "input"))
  var inputs: [String]

  func run() throws {
    let encoder = JSONOutput.encoder()
    for (index, input) in inputs.enumerated() {
      let record = readArticle(input)
      switch format {
      case .json:
        print(String(decoding: try encoder.encode(record), as: UTF8.self))
      case .text:
        if index > 0 { print("\n---\n") }
        if let reason = record.reason { print("\(input): \(reason)") }
        if let title = record.title { print("\(title)\n") }
        if !record.text.isEmpty { print(record.text) }
      }
    }
  }

  private func readArticle(_ input: String) -> ArticleRecord {
    let lower = input.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
      let logger = Logger(label: "feedwatch") { _ in SwiftLogNoOpLogHandler() }
      switch FeedDownload.fetch(input, logger: logger) {
      case .failure(let error):
        return ArticleRecord(input: input, url: input, reason: "cannot fetch: \(error)")
      case .success(let download):
        let url = download.response.effectiveURL
        guard download.response.status < 400 else {
          return ArticleRecord(
            input: input, url: url, reason: "HTTP status \(download.response.status)")
        }
        var page = download.body
        let article = page.withUnsafeMutableBytes { bytes in
          let reader = ArticleReader(options: ArticleOptions(baseURL: baseURL ?? url))
          reader.read(UnsafeRawBufferPointer(bytes))
          return reader.finish()
        }
        return ArticleRecord(input: input, url: url, article: article)
      }
    }
    let reader = ArticleReader(options: ArticleOptions(baseURL: baseURL))
    if let failure = stream(input, into: reader) {
      return ArticleRecord(input: input, url: baseURL, reason: failure)
    }
    return ArticleRecord(input: input, url: baseURL, article: reader.finish())
  }

  /// Feeds the file to the reader in chunks; the reason on failure.
  private func stream(_ path: String, into reader: ArticleReader) -> String? {
    let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
    guard descriptor >= 0 else { return "cannot open: \(String(cString: strerror(errno)))" }
    defer { if path != "-" { close(descriptor) } }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while reader.wantsMore {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 { return "cannot read: \(String(cString: strerror(errno)))" }
      if count == 0 { break }
      buffer.withUnsafeBytes { reader.read(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
    return nil
  }
}

/// One input's line of `feedwatch article --format json`.
private struct ArticleRecord: Encodable {
  var input: String
  var url: String?
  var title: String?
  var text = ""
  var byline: String?
  var published: String?
  var language: String?
  var siteName: String?
  var canonicalURL: String?
  var reason: String?
  var truncated = false

  init(input: String, url: String?, reason: String) {
    self.input = input
    self.url = url
    self.reason = reason
  }

  init(input: String, url: String?, article: Article) {
    self.input = input
    self.url = url
    title = article.title
    text = article.text
    byline = article.byline
    published = article.published
    language = article.language
    siteName = article.siteName
    canonicalURL = article.canonicalURL
    reason = article.absence?.description
    truncated = article.truncated
  }

  func encode(to encoder: Encoder) throws {
    // Absent fields are null, so every line has the same keys.
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(input, forKey: .input)
    try container.encode(url, forKey: .url)
    try container.encode(title, forKey: .title)
    try container.encode(text, forKey: .text)
    try container.encode(byline, forKey: .byline)
    try container.encode(published, forKey: .published)
    try container.encode(language, forKey: .language)
    try container.encode(siteName, forKey: .siteName)
    try container.encode(canonicalURL, forKey: .canonicalURL)
    try container.encode(reason, forKey: .reason)
    try container.encode(truncated, forKey: .truncated)
  }

  private enum Key: String, CodingKey {
    case input, url, title, text, byline, published, language, siteName, canonicalURL, reason
    case truncated
  }
}
