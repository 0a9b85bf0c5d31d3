import Foundation

/// Hostile documents, generated on the fly (the big ones never live in the repository).
enum HostileFeeds {
  /// A well-formed feed with one undated item, polled next to each attack.
  static let controlFeed = rss(items: [
    item(title: "Control item", description: "Nothing hostile here.")
  ])

  /// The text planted in a local file that external entities point at.
  static let secret = "TOPSECRET-7f3a91"

  static func rss(items: [String], prolog: String = #"<?xml version="1.0" encoding="UTF-8"?>"#)
    -> String
  {
    """
    \(prolog)
    <rss version="2.0"><channel><title>Hostile</title><link>https://example.org/</link>
    \(items.joined(separator: "\n"))
    </channel></rss>
    """
  }

  static func item(title: String, description: String, guid: String? = nil, extra: String = "")
    -> String
  {
    let id = guid ?? "urn:item:\(title.hashValue)"
    return
      "<item><title>\(title)</title><guid>\(id)</guid><description>\(description)</description>\(extra)</item>"
  }

  /// Nine levels of ten references each: 10^9 "lol"s (3 GB) if entities were expanded.
  static var billionLaughs: String {
    var entities = #"<!ENTITY lol0 "lol">"# + "\n"
    for level in 1...9 {
      let value = String(repeating: "&lol\(level - 1);", count: 10)
      entities += "<!ENTITY lol\(level) \"\(value)\">\n"
    }
    let prolog = #"<?xml version="1.0"?>"# + "\n<!DOCTYPE rss [\n\(entities)]>"
    return rss(items: [item(title: "Laughs &lol9;", description: "&lol9;")], prolog: prolog)
  }

  /// One 100 KB entity referenced 20,000 times: 2 GB if expanded, no nesting to detect.
  static var quadraticBlowup: String {
    let prolog =
      #"<?xml version="1.0"?>"#
      + "\n<!DOCTYPE rss [<!ENTITY a \"\(String(repeating: "A", count: 100_000))\">]>"
    return rss(
      items: [item(title: "Blowup", description: String(repeating: "&a;", count: 20_000))],
      prolog: prolog)
  }

  /// External entities: one to a local file, one to a URL (both must stay unread).
  static func externalEntities(file: String, url: String) -> String {
    let prolog =
      #"<?xml version="1.0"?>"#
      + "\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://\(file)\"><!ENTITY net SYSTEM \"\(url)\">"
      + "<!ENTITY % pe SYSTEM \"\(url)/pe\"> %pe;]>"
    return rss(
      items: [
        item(
          title: "Entity &xxe;", description: "file: &xxe; url: &net;",
          extra: "<author>&xxe;</author>")
      ],
      prolog: prolog)
  }

  /// A DOCTYPE whose DTD lives on a server (must not be fetched).
  static func remoteDTD(url: String) -> String {
    let prolog = #"<?xml version="1.0"?>"# + "\n<!DOCTYPE rss SYSTEM \"\(url)\">"
    return rss(
      items: [item(title: "Remote DTD &ext;", description: "A DTD that is never loaded.")],
      prolog: prolog)
  }

  /// Elements nested `depth` deep inside an item, then a second, ordinary item.
  static func deepNesting(_ depth: Int) -> String {
    let nested = String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
    return rss(items: [
      item(title: "Before", description: "before"), "<item><title>Deep</title>\(nested)</item>",
      item(title: "After", description: "after"),
    ])
  }

  /// One description of `bytes` bytes of words (built in a few large copies: a byte-wise loop
  /// takes minutes under ThreadSanitizer).
  static func bigTextNode(bytes: Int) -> [UInt8] {
    let opening = "<item><title>Big</title><description>"
    let document = rss(items: [opening + "\u{0}" + "</description></item>"])
    let parts = document.split(separator: "\u{0}", maxSplits: 1)
    return Array(parts[0].utf8) + Array(String(repeating: "words ", count: bytes / 6).utf8)
      + Array(parts[1].utf8)
  }

  /// `count` minimal items.
  static func manyItems(_ count: Int) -> [UInt8] {
    let items = (0..<count).map { "<item><guid>i\($0)</guid></item>" }.joined()
    return Array(#"<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>"#.utf8)
      + Array(items.utf8)
      + Array("</channel></rss>\n".utf8)
  }

  /// Invalid UTF-8 sequences and NUL bytes inside titles and descriptions.
  static var invalidUTF8AndNUL: [UInt8] {
    var out = Array(
      #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bad bytes</title>"#
        .utf8)
    out +=
      Array("<item><guid>bad-1</guid><title>Broken ".utf8) + [
        0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80,
      ]
    out +=
      Array(" title</title><description>NUL".utf8) + [0x00, 0x00] + Array("here ".utf8) + [
        0xF8, 0x88, 0x80,
      ]
    out += Array(" overlong ".utf8) + [0xC0, 0xAF] + Array("</description></item>".utf8)
    out += Array("<item><guid>bad-2</guid><title>Second item</title></item></channel></rss>".utf8)
    return out
  }

  /// Declares UTF-16 but is UTF-8 (and is served as ISO-8859-1).
  static var lyingEncoding: String {
    rss(
      items: [
        item(title: "Café crème — naïve", description: "Ünïcödé text declared as something else.")
      ],
      prolog: #"<?xml version="1.0" encoding="UTF-16"?>"#)
  }

  static let htmlPage =
    "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Not a feed</h1><p>Hello.</p></body></html>"

  /// A valid 1×1 PNG.
  static let png: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
  ]

  /// Item HTML carrying every kind of active content, and a javascript: item link.
  static var activeContent: String {
    let html = """
      <p onclick="steal()">Readable <b>text</b> stays.</p>
      <script>alert('script-body')</script><style>p { color: style-body }</style>
      <iframe src="https://evil.example/frame">iframe-body</iframe>
      <img src="x" onerror="alert('onerror-handler')">
      <a href="javascript:alert('js-link')">click</a> <a href="https://example.org/ok">fine link</a>
      <noscript>noscript-body</noscript><svg><script>alert('svg-script')</script></svg>
      """
    let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
      of: "<", with: "&lt;")
    return rss(items: [
      "<item><title>Active &lt;script&gt;alert('title-script')&lt;/script&gt;content</title>"
        + "<link>javascript:alert('item-link')</link><guid isPermaLink=\"false\">active-1</guid>"
        + "<description>\(escaped)</description></item>"
    ])
  }

  /// Strings that must never reach an alert from `activeContent`.
  static let activeMarkers = [
    "script-body", "style-body", "iframe-body", "onerror", "js-link", "item-link", "noscript-body",
    "svg-script",
    "title-script", "javascript:", "steal()", "<script",
  ]

  /// Dates no calendar can hold, or that are no number at all.
  static var absurdDates: String {
    let dates = [
      "Sat, 01 Jan 99999 00:00:00 GMT", "-0001-01-01T00:00:00Z", "NaN", "Infinity", "-Infinity",
      "1e308",
      "9999999999999999999999", "0000-00-00T00:00:00Z", "2024-13-45T25:61:61Z",
      "Mon, 32 Foo 2024 99:99:99 +9999",
      "+275760-09-13T00:00:00Z", "-271821-04-20T00:00:00Z",
    ]
    let items = dates.enumerated().map { index, date in
      "<item><title>Date \(index)</title><guid>date-\(index)</guid><pubDate>\(date)</pubDate>"
        + "<atom:updated xmlns:atom=\"http://www.w3.org/2005/Atom\">\(date)</atom:updated></item>"
    }
    return rss(items: items)
  }
}
