/// Everything the parser learned about a document once it has ended.
struct DocumentSummary {
  var format: DocumentFormat = .empty
  var kind: FeedKind?
  var rootName: String?
  var channel = EntryRecord()
  var entryCount = 0
  /// The document ended before its root element closed.
  var isTruncated = false
  var firstError: (line: Int, message: String)?
  var errorCount = 0
}

/// Sniffs, decodes and parses a document pushed in chunks, handing out each item as an
/// `EntryRecord` as soon as it closes. JSON Feed is buffered and handed out at the end.
/// Not thread-safe: use from one thread or serial queue at a time.
final class RecordStreamParser {
  private let options: FeedParserOptions
  private let converter: HTMLTextConverter
  /// Given each record to take its values from (what is left of it is dropped afterwards).
  private let onEntry: (inout EntryRecord) -> Void
  private var prefix: [UInt8] = []
  private var summary = DocumentSummary()
  private var decided = false
  private var jsonBuffer: [UInt8] = []
  private var builder: FeedBuilder?
  /// Reads the document first (a UTF-8 one as it arrives, another as `decoder` decodes it);
  /// libxml2 (`xml`) reads on from where it stops.
  private var scanner: XMLScanner<FeedBuilder>?
  private var xml: XMLPushParser?
  private var decoder: CharsetDecoder?
  /// The errors the scanner read past before libxml2 took over.
  private var scannerErrors = XMLErrorLog()
  private let ampersands = AmpersandRepair()
  private var finished = false
  /// The input's last bytes: whether an open root means a cut.
  private var tail = DocumentTail()

  init(
    options: FeedParserOptions, converter: HTMLTextConverter,
    onEntry: @escaping (inout EntryRecord) -> Void
  ) {
    self.options = options
    self.converter = converter
    self.onEntry = onEntry
  }

  func write(_ chunk: UnsafeRawBufferPointer) {
    guard !finished, chunk.count > 0 else { return }
    let bytes = chunk.bindMemory(to: UInt8.self)
    tail.append(bytes)
    if !decided {
      prefix.append(contentsOf: bytes)
      if prefix.count >= sniffLength { decide(isComplete: false) }
      return
    }
    push(bytes)
  }

  func finish() -> DocumentSummary {
    guard !finished else { return summary }
    finished = true
    if !decided { decide(isComplete: true) }
    switch summary.format {
    case .xml:
      // A partial character the decoder holds back goes to the reader reading then: before the
      // scanner's end, and again after a hand-over there (a no-op when it holds nothing).
      decoder?.finish(emit: parseDecoded)
      if let scanner, let handOver = scanner.finish() { takeOver(handOver) }
      decoder?.finish(emit: parseDecoded)
      if let xml {
        ampersands.process(UnsafeBufferPointer(start: nil, count: 0), final: true) {
          xml.parse($0)
        }
        xml.finish()
      }
      if let builder {
        builder.finish()
        summary.kind = builder.kind
        summary.rootName = builder.rootName
        summary.channel = builder.channel
        summary.entryCount = builder.entryCount
        // An element left open that the root's end tag came after is damage, not a cut.
        summary.isTruncated =
          builder.isTruncated
          && !tail.endsWithEndTag(localName: builder.rootName ?? "")
        let errors = (scanner?.errors ?? scannerErrors).followed(by: xml?.errors ?? XMLErrorLog())
        summary.firstError = errors.first
        summary.errorCount = errors.count
      }
      if summary.rootName == nil && summary.firstError == nil {
        summary.firstError = (1, "the document has no root element")
      }
    case .json:
      switch JSONFeedReader.read(
        jsonBuffer, baseURL: options.baseURL, converter: converter)
      {
      case .success(let document):
        summary.kind = .jsonFeed
        summary.channel = document.channel
        summary.entryCount = document.entries.count
        for var entry in document.entries { onEntry(&entry) }
      case .failure(let error):
        if case .notAFeed(let what) = error { summary.format = .notAFeed(what) }
      }
      jsonBuffer = []
    default: break
    }
    scanner = nil
    xml = nil
    builder = nil
    decoder = nil
    return summary
  }

  private func decide(isComplete: Bool) {
    decided = true
    summary.format = sniffFormat(prefix, contentType: options.contentType, isComplete: isComplete)
    let buffered = prefix
    prefix = []
    switch summary.format {
    case .xml:
      let charset = decideCharset(prefix: buffered, contentType: options.contentType)
      let decoder = CharsetDecoder(charset: charset.label)
      let builder = FeedBuilder(
        baseURL: options.baseURL, converter: converter, onEntry: onEntry)
      self.decoder = decoder
      self.builder = builder
      if options.libxml2Only {
        xml = makeLibxml2Parser(builder)
      } else {
        scanner = XMLScanner(handler: builder)
      }
      buffered.withUnsafeBufferPointer { bytes in
        push(UnsafeBufferPointer(rebasing: bytes[charset.byteOrderMarkLength...]))
      }
    case .json:
      jsonBuffer = buffered
    default: break
    }
  }

  private func push(_ bytes: UnsafeBufferPointer<UInt8>) {
    switch summary.format {
    case .xml:
      guard let decoder else { return }
      // The scanner makes the UTF-8 repairs itself, in the same pass.
      if let scanner, decoder.readsUTF8 {
        if let handOver = scanner.write(bytes) { takeOver(handOver) }
        return
      }
      decoder.decode(bytes, emit: parseDecoded)
    case .json:
      jsonBuffer.append(contentsOf: bytes)
    default: break
    }
  }

  /// UTF-8 from the decoder goes to the scanner while it reads, else through `AmpersandRepair` to
  /// libxml2.
  private func parseDecoded(_ utf8: UnsafeBufferPointer<UInt8>) {
    if let scanner {
      if let handOver = scanner.write(utf8) { takeOver(handOver) }
    } else if let xml {
      ampersands.process(utf8, final: false) { xml.parse($0) }
    }
  }

  private func makeLibxml2Parser(_ builder: FeedBuilder) -> XMLPushParser {
    let xml = XMLPushParser(handler: builder)
    xml.keepsTruncatedCDATA = true
    return xml
  }

  /// libxml2 reads on from where the scanner stopped: first, muted, the start tags that reopen
  /// the elements open there, then the rest of the input on the usual path.
  private func takeOver(_ handOver: XMLHandOver) {
    guard let builder else { return }
    scannerErrors = scanner?.errors ?? XMLErrorLog()
    scanner = nil
    let xml = makeLibxml2Parser(builder)
    self.xml = xml
    if !handOver.prefix.isEmpty {
      xml.muted = true
      handOver.prefix.withUnsafeBufferPointer {
        ampersands.process($0, final: false) { xml.parse($0) }
      }
      xml.muted = false
    }
    // The rest is the input as the scanner read it: decoded already, unless the document is
    // UTF-8 (which the decoder still checks for libxml2).
    handOver.rest.withUnsafeBufferPointer { rest in
      if decoder?.readsUTF8 ?? true { push(rest) } else { parseDecoded(rest) }
    }
  }
}
