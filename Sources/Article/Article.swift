/// The story a web page carries, as a reader sees it.
public struct Article: Sendable, Equatable {
  public var title: String?
  /// The body as paragraphs in reading order, one a line; headings, block quotes and list
  /// items are lines of their own. Empty when there is no article (`absence` says why).
  public var text: String
  public var byline: String?
  /// The publication time as the page states it (usually ISO 8601).
  public var published: String?
  /// The page's language tag (`en`, `pt-BR`).
  public var language: String?
  public var siteName: String?
  /// The page's canonical address, absolute when a base URL is known.
  public var canonicalURL: String?
  /// Why `text` is empty; nil when it is not.
  public var absence: ArticleAbsence?
  /// The page was larger than the extractor's limits: only its beginning was read.
  public var truncated: Bool

  public init(
    title: String? = nil, text: String = "", byline: String? = nil, published: String? = nil,
    language: String? = nil, siteName: String? = nil, canonicalURL: String? = nil,
    absence: ArticleAbsence? = nil, truncated: Bool = false
  ) {
    self.title = title
    self.text = text
    self.byline = byline
    self.published = published
    self.language = language
    self.siteName = siteName
    self.canonicalURL = canonicalURL
    self.absence = absence
    self.truncated = truncated
  }
}

/// Why a page gave no article text.
public enum ArticleAbsence: Sendable, Equatable, CustomStringConvertible {
  /// The bytes are not an HTML page.
  case notHTML(DocumentKind)
  /// The page has no visible text at all.
  case noText
  /// The page has text, but none of it reads as an article (only links, menus, short lines).
  case noArticle

  public var description: String {
    switch self {
    case .notHTML(let kind): "not an HTML page: \(kind)"
    case .noText: "the page has no text"
    case .noArticle: "no part of the page reads as an article"
    }
  }
}

/// What a document that is not HTML was taken for, from its first bytes.
public enum DocumentKind: String, Sendable, Equatable, CustomStringConvertible {
  case empty, pdf, image, feed, xml, json, binary

  public var description: String {
    switch self {
    case .empty: "empty document"
    case .pdf: "a PDF document"
    case .image: "an image"
    case .feed: "a news feed (RSS, Atom or RDF)"
    case .xml: "an XML document"
    case .json: "JSON"
    case .binary: "binary data"
    }
  }
}

public struct ArticleOptions: Sendable {
  /// The page's address: relative canonical links resolve against it.
  public var baseURL: String?
  /// Upper bounds on what one page may cost: elements kept and bytes of text. Past them the
  /// rest of the page is not read (`Article.truncated`), so memory stays flat in page size.
  public var maxNodes: Int
  public var maxTextBytes: Int

  public init(baseURL: String? = nil, maxNodes: Int = 200_000, maxTextBytes: Int = 3 << 20) {
    self.baseURL = baseURL
    self.maxNodes = maxNodes
    self.maxTextBytes = maxTextBytes
  }
}

/// The article in a whole page held in memory.
public func extractArticle(from page: some Collection<UInt8>, options: ArticleOptions = .init())
  -> Article
{
  let reader = ArticleReader(options: options)
  var page = Array(page)
  page.withUnsafeMutableBytes { reader.read(UnsafeRawBufferPointer($0)) }
  return reader.finish()
}
