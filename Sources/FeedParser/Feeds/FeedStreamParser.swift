/// Push parser: feed bytes in chunks as they arrive; items come out through `onItem` as
/// each closes, so a whole feed is never held in memory (JSON Feed, which cannot be read
/// incrementally, is buffered and its items come out from `finish()`).
///
/// Use one instance from one thread or serial queue at a time; it is not `Sendable`.
public final class FeedStreamParser {
  private let options: FeedParserOptions
  /// From the pool, and back to it at the end: a new one costs four allocations, which matters
  /// when many small feeds are read.
  private let converter = HTMLTextConverter.takeFromPool()
  private var core: RecordStreamParser!
  private var result: Result<Feed, ParseError>?
  /// The XML errors the parser read past (0 for a well-formed document), known after `finish()`.
  public private(set) var recoveredErrorCount = 0
  /// Whether the document ended before its root element closed (a connection closed early, a
  /// generator that stopped), known after `finish()`. The items read whole were delivered; the
  /// one open at the cut was not.
  public private(set) var isTruncated = false

  public init(
    options: FeedParserOptions = FeedParserOptions(), onItem: @escaping (FeedItem) -> Void
  ) {
    self.options = options
    let defaultOffset = options.defaultTimeZoneOffset
    core = RecordStreamParser(options: options, converter: converter) {
      onItem(FeedItem(takingFrom: &$0, defaultOffset: defaultOffset))
    }
  }

  deinit { HTMLTextConverter.returnToPool(converter) }

  public func write(_ chunk: UnsafeRawBufferPointer) {
    core.write(chunk)
  }

  /// Ends the document. Returns the channel data, or the fatal error when no feed could be
  /// read. Items already delivered stay delivered.
  public func finish() -> Result<Feed, ParseError> {
    if let result { return result }
    let summary = core.finish()
    recoveredErrorCount = summary.errorCount
    isTruncated = summary.isTruncated
    let result = Self.outcome(summary, defaultOffset: options.defaultTimeZoneOffset)
    self.result = result
    return result
  }

  static func outcome(_ summary: DocumentSummary, defaultOffset: Int) -> Result<Feed, ParseError> {
    switch summary.format {
    case .empty: return .failure(.empty)
    case .notAFeed(let what): return .failure(.notAFeed(what))
    case .json, .xml: break
    }
    guard let kind = summary.kind else {
      if let root = summary.rootName {
        if root.lowercased() == "html" { return .failure(.notAFeed("an HTML page")) }
        if summary.entryCount == 0, let error = summary.firstError, summary.errorCount > 0 {
          return .failure(.malformed(line: error.line, message: error.message))
        }
        return .failure(.notAFeed("an XML document whose root element is <\(root)>"))
      }
      let error = summary.firstError ?? (1, "no root element")
      return .failure(.malformed(line: error.line, message: error.message))
    }
    // A document that broke before its first item is reported, even when its channel title was
    // read: "ok, 0 items" would hide a broken feed.
    if summary.entryCount == 0, summary.errorCount > 0, let error = summary.firstError {
      return .failure(.malformed(line: error.line, message: error.message))
    }
    return .success(
      Feed(kind: kind, channel: summary.channel, defaultOffset: defaultOffset)
    )
  }
}

/// Convenience for whole buffers (tests, CLI).
public func parseFeed(_ data: [UInt8], options: FeedParserOptions = FeedParserOptions()) -> Result<
  (feed: Feed, items: [FeedItem]), ParseError
> {
  parseFeedDocument(data, options: options).map { ($0.feed, $0.items) }
}

/// The same, also saying whether the document was truncated (`FeedStreamParser.isTruncated`).
public func parseFeedDocument(
  _ data: [UInt8], options: FeedParserOptions = FeedParserOptions()
) -> Result<(feed: Feed, items: [FeedItem], isTruncated: Bool), ParseError> {
  var items: [FeedItem] = []
  let parser = FeedStreamParser(options: options) { items.append($0) }
  data.withUnsafeBytes { parser.write($0) }
  return parser.finish().map { ($0, items, parser.isTruncated) }
}
