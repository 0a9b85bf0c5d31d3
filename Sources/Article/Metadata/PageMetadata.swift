/// The page's own statements about itself, as the parser met them: `<meta>` tags, links,
/// the document title, JSON-LD blocks, the first `<time>`. Nothing is judged here.
struct PageMetadata {
  /// `<meta name|property|itemprop=… content=…>`, keys lowercased; the first of a key wins.
  var meta: [String: String] = [:]
  var documentTitle = ""
  var htmlLanguage: String?
  var canonicalHref: String?
  var baseHref: String?
  /// The text of each `<script type="application/ld+json">`.
  var jsonLD: [String] = []
  /// `datetime` of the first `<time>` element, and of the first inside an `<article>`.
  var firstTime: String?
  var firstArticleTime: String?
  /// Text of the first `<h1>` (a title when the page states none).
  var firstHeading: String?

  /// JSON-LD is usually a few kilobytes; a page that pads it gets no more than this kept.
  static let jsonLDLimit = 1 << 20

  subscript(key: String) -> String? {
    guard let value = meta[key], !value.isEmpty else { return nil }
    return value
  }

  mutating func recordMeta(key: String, content: String) {
    let key = key.lowercased()
    if meta[key] == nil { meta[key] = content }
  }
}
