/// Reads one page as it arrives, chunk by chunk, and gives its article at the end.
///
/// The first 64 KiB are held back to decide what the document is and its encoding (valid
/// UTF-8 with non-ASCII text is read as UTF-8 whatever charset the page declares: pages are
/// often re-saved without updating it); after that, chunks go straight to the parser.
/// Not thread-safe: one reader per page.
public final class ArticleReader {
  private let options: ArticleOptions
  private let builder: PageTreeBuilder
  private var parser: HTMLPushParser?
  private var prefix: [UInt8] = []
  private var kind: DocumentKind?
  private var decided = false

  public init(options: ArticleOptions = .init()) {
    self.options = options
    builder = PageTreeBuilder(maxNodes: options.maxNodes, maxTextBytes: options.maxTextBytes)
  }

  public func read(_ chunk: UnsafeRawBufferPointer) {
    guard kind == nil else { return }
    if decided {
      parser?.parse(chunk)
      return
    }
    prefix += chunk
    if prefix.count >= DocumentSniffer.prefixLength { decide() }
  }

  /// False once the document is known not to be HTML or the reader's limits are reached.
  public var wantsMore: Bool { kind == nil && !builder.isFull }

  public func finish() -> Article {
    if !decided { decide() }
    if let kind { return Article(absence: .notHTML(kind)) }
    parser?.finish()
    parser = nil
    var article = ArticleAssembler(
      tree: builder.tree, metadata: builder.metadata, baseURL: options.baseURL
    ).article()
    article.truncated = builder.truncated
    if article.truncated { article.text = Self.clipped(article.text, to: options.maxTextBytes) }
    return article
  }

  /// The page's text is capped, but its line breaks are the renderer's: the article keeps
  /// the cap too, cut after its last whole line that fits.
  private static func clipped(_ text: String, to limit: Int) -> String {
    let bytes = text.utf8
    guard bytes.count > limit else { return text }
    let fitting = bytes.prefix(limit)
    let end = fitting.lastIndex(of: 0x0A) ?? fitting.endIndex
    return String(decoding: bytes[..<end], as: UTF8.self)
  }

  private func decide() {
    decided = true
    prefix.withUnsafeBytes { bytes in
      kind = DocumentSniffer.nonHTMLKind(bytes)
      guard kind == nil else { return }
      let parser = HTMLPushParser(
        builder: builder, knownUTF8: DocumentSniffer.isEvidentlyUTF8(bytes))
      parser.parse(bytes)
      self.parser = parser
    }
    prefix = []
  }
}
