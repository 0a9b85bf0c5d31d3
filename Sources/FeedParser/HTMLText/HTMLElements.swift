// What the HTML→text converter knows about elements. The roles follow libxml2's HTML
// parser (HTMLparser.c: end-tag priorities, the start tags that close an open element,
// empty elements), so the converter's text matches what that parser's events gave.

/// One element's role in the text.
struct HTMLElementInfo {
  static let block: UInt8 = 1
  static let skipped: UInt8 = 2
  /// Content is raw text up to the matching end tag (script, style).
  static let rawText: UInt8 = 4
  /// Never has content or an end tag (br, img…).
  static let empty: UInt8 = 8

  var flags: UInt8 = 0
  /// libxml2's end-tag priority: an end tag never closes an element of higher priority.
  var priority: UInt8 = 100
  /// This element's bit in `closes` masks (0 when no start tag closes it implicitly).
  var closableBit: UInt64 = 0
  /// The open elements this start tag closes when they are the current element.
  var closes: UInt64 = 0

  func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// An element name as a number: up to 10 characters packed 6 bits each (case-folded),
/// longer names hashed (with the top bit set, so the two never meet).
struct HTMLNameKey {
  private(set) var value: UInt64 = 0
  private var length = 0
  private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

  @inline(__always) mutating func append(_ byte: UInt8) {
    let code = htmlNameCode(byte)
    if length < 10 { value = value << 6 | code }
    hash = (hash ^ code) &* 0x100_0000_01b3
    length += 1
    if length > 10 { value = hash | 1 << 63 }
  }

  init() {}

  init(_ name: String) {
    for byte in name.utf8 { append(byte) }
  }
}

/// Bytes that continue an HTML element or attribute name: letters, digits, ':', '-', '_', '.'.
@inline(__always) func isHTMLNameByte(_ byte: UInt8) -> Bool {
  let lower = byte | 0x20
  return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x3A) || byte == 0x2D
    || byte == 0x5F || byte == 0x2E
}

/// Bytes that may start an attribute name: letters, '_', ':', '.'.
@inline(__always) func isHTMLNameStart(_ byte: UInt8) -> Bool {
  let lower = byte | 0x20
  return (lower >= 0x61 && lower <= 0x7A) || byte == 0x5F || byte == 0x3A || byte == 0x2E
}

@inline(__always) private func htmlNameCode(_ byte: UInt8) -> UInt64 {
  let lower = byte | 0x20
  if lower >= 0x61 && lower <= 0x7A { return UInt64(lower - 0x60) }  // 1…26
  if byte >= 0x30 && byte <= 0x39 { return UInt64(byte - 0x30 + 27) }  // 27…36
  switch byte {
  case 0x3A: return 37
  case 0x2D: return 38
  case 0x5F: return 39
  default: return 40
  }
}

/// Known elements by name key.
final class HTMLElementTable: Sendable {
  static let shared = HTMLElementTable()

  private let infos: PackedKeyTable<8, HTMLElementInfo>

  let paragraph: UInt64 = HTMLNameKey("p").value
  let head: UInt64 = HTMLNameKey("head").value
  let body: UInt64 = HTMLNameKey("body").value
  let html: UInt64 = HTMLNameKey("html").value
  let script: UInt64 = HTMLNameKey("script").value

  private init() {
    var table: [UInt64: HTMLElementInfo] = [:]
    func update(_ names: [String], _ change: (inout HTMLElementInfo) -> Void) {
      for name in names { change(&table[HTMLNameKey(name).value, default: HTMLElementInfo()]) }
    }
    update(Self.blockElements) { $0.flags |= HTMLElementInfo.block }
    update(Self.skippedElements) { $0.flags |= HTMLElementInfo.skipped }
    update(["script", "style"]) { $0.flags |= HTMLElementInfo.rawText }
    update(Self.emptyElements) { $0.flags |= HTMLElementInfo.empty }
    for (names, priority) in Self.endPriorities {
      update(names) { $0.priority = priority }
    }
    // Every element some start tag closes gets a bit; each closing start tag a mask.
    precondition(Self.closedByStartTags.count <= 64)
    for (index, (closed, closers)) in Self.closedByStartTags.enumerated() {
      let bit: UInt64 = 1 << UInt64(index)
      update([closed]) { $0.closableBit = bit }
      update(closers) { $0.closes |= bit }
    }
    infos = PackedKeyTable(table)
  }

  /// The element's role (the default role for elements the table does not know).
  @inline(__always) func info(_ key: UInt64) -> HTMLElementInfo {
    infos.value(key) ?? HTMLElementInfo()
  }

  /// Elements that start a new line in the text.
  static let blockElements = [
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "thead", "tbody", "tfoot", "section", "article", "header",
    "footer", "aside", "nav", "hr", "figure", "figcaption", "address", "main", "details", "summary",
    "form", "fieldset", "center", "caption",
  ]

  /// Elements whose content a reader never sees as text.
  static let skippedElements = [
    "script", "style", "iframe", "noscript", "template", "head", "object", "svg",
  ]

  /// libxml2's empty elements: an end event follows the start at once.
  static let emptyElements = [
    "area", "base", "basefont", "br", "col", "frame", "hr", "img", "input", "isindex", "link",
    "meta", "param",
  ]

  static let endPriorities: [([String], UInt8)] = [
    (["div"], 150), (["td", "th"], 160), (["tr"], 170), (["thead", "tbody", "tfoot"], 180),
    (["table"], 190), (["head", "body"], 200), (["html"], 220),
  ]

  /// libxml2's htmlStartClose: an open element (left) that each start tag on the right
  /// closes when the element is the current one.
  static let closedByStartTags: [(String, [String])] = {
    let headings = ["h1", "h2", "h3", "h4", "h5", "h6"]
    let cells = ["td", "th"]
    let afterHeading = ["fieldset", "form", "li", "p", "table"]
    let afterPre = ["dd", "dl", "dt", "fieldset", "form", "li", "table", "ul"]
    var rules: [(String, [String])] = [
      ("a", ["a", "fieldset", "table"] + cells),
      ("address", ["dd", "dl", "dt", "form", "li", "ul"]),
      ("b", ["center", "p"] + cells), ("big", ["p"]),
      ("caption", ["col", "colgroup", "tbody", "tfoot", "thead", "tr"]),
      ("col", ["col", "colgroup", "tbody", "tfoot", "thead", "tr"]),
      ("colgroup", ["colgroup", "tbody", "tfoot", "thead", "tr"]),
      ("dd", ["dt"]), ("dir", ["dd", "dl", "dt", "form", "ul"]), ("dl", ["form", "li"]),
      ("dt", ["dd", "dl"]), ("font", ["center"] + cells), ("form", ["form"]),
      (
        "head",
        [
          "a", "abbr", "acronym", "address", "b", "bdo", "big", "blockquote", "body", "br",
          "center", "cite", "code", "dd", "dfn", "dir", "div", "dl", "dt", "em", "fieldset", "font",
          "form", "frameset",
        ] + headings + [
          "hr", "i", "iframe", "img", "kbd", "li", "listing", "map", "menu", "ol", "p", "pre", "q",
          "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tt", "u", "ul",
          "var", "xmp",
        ]
      ),
      ("hr", ["form"]), ("i", ["center", "p"] + cells), ("legend", ["fieldset"]), ("li", ["li"]),
      ("link", ["body", "frameset"]), ("listing", afterPre),
      ("menu", ["dd", "dl", "dt", "form", "ul"]),
      ("ol", ["form"]), ("option", ["optgroup", "option"]),
      (
        "p",
        [
          "address", "blockquote", "body", "caption", "center", "col", "colgroup", "dd", "dir",
          "div", "dl", "dt", "fieldset", "form", "frameset",
        ] + headings + [
          "head", "hr", "li", "listing", "menu", "ol", "p", "pre", "table", "tbody", "td", "tfoot",
          "th", "title", "tr", "ul", "xmp",
        ]
      ),
      ("pre", afterPre), ("s", ["p"]), ("script", ["noscript"]), ("small", ["p"]),
      ("span", cells), ("strike", ["p"]), ("style", ["body", "frameset"]),
      ("tbody", ["tbody", "tfoot"]), ("td", ["tbody", "td", "tfoot", "th", "tr"]),
      ("tfoot", ["tbody"]), ("th", ["tbody", "td", "tfoot", "th", "tr"]),
      ("thead", ["tbody", "tfoot"]), ("title", ["body", "frameset"]),
      ("tr", ["tbody", "tfoot", "tr"]), ("tt", ["p"]), ("u", ["p"] + cells),
      ("ul", ["address", "form", "menu", "pre"]), ("xmp", afterPre),
    ]
    rules += headings.map { ($0, afterHeading) }
    return rules
  }()
}
