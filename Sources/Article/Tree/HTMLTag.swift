/// The elements the extractor tells apart; every other element is `.other` (an inline
/// container as far as reading is concerned) and text is `.text`.
enum HTMLTag: UInt8, Sendable {
  case text, other
  case html, head, body, title, meta, link, base
  case script, style, noscript, template, svg, math
  case div, p, section, article, main, header, footer, nav, aside, form, fieldset
  case h1, h2, h3, h4, h5, h6
  case ul, ol, li, dl, dt, dd
  case blockquote, pre, code, address, figure, figcaption, details, summary, center
  case table, thead, tbody, tfoot, tr, td, th, caption, colgroup, col
  case a, br, hr, img, picture, video, audio, source
  case iframe, object, embed, input, textarea, select, option, button, label
  case span, font, b, strong, i, em, u, small, sub, sup, mark, abbr, cite, q, time, del, ins,
    kbd, samp, `var`, dfn, wbr, data

  init(name: String) {
    self = Self.byName[name] ?? .other
  }

  private static let byName: [String: HTMLTag] = {
    var table: [String: HTMLTag] = [:]
    var raw: UInt8 = HTMLTag.html.rawValue
    while let tag = HTMLTag(rawValue: raw) {
      table["\(tag)"] = tag
      raw += 1
    }
    return table
  }()

  var isHeading: Bool { (HTMLTag.h1.rawValue...HTMLTag.h6.rawValue).contains(rawValue) }

  /// Content a reader never sees as text: scripts, styles, templates, drawings.
  var isUnread: Bool {
    switch self {
    case .script, .style, .noscript, .template, .svg, .head, .title, .textarea, .select, .option:
      true
    default: false
    }
  }

  /// Elements whose start and end break the text into lines.
  var breaksLine: Bool {
    switch self {
    case .div, .p, .section, .article, .main, .header, .footer, .nav, .aside, .form, .fieldset,
      .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .blockquote, .pre, .address,
      .figure, .figcaption, .details, .summary, .center, .table, .thead, .tbody, .tfoot, .tr,
      .td, .th, .caption, .br, .hr, .body, .html, .video, .audio, .iframe, .object:
      true
    default: false
    }
  }

  /// Readability's phrasing content: what may sit inside a paragraph.
  var isPhrasing: Bool {
    switch self {
    case .text, .other, .abbr, .audio, .b, .br, .button, .cite, .code, .data, .dfn, .em, .embed,
      .i, .img, .input, .kbd, .label, .mark, .math, .noscript, .object, .q, .samp, .script,
      .select, .small, .span, .strong, .sub, .sup, .textarea, .time, .var, .wbr, .font, .u,
      .picture, .source, .a, .del, .ins:
      true
    default: false
    }
  }

  /// The children that make a DIV a container rather than a paragraph.
  var isDivToParagraphBlock: Bool {
    switch self {
    case .blockquote, .dl, .div, .img, .ol, .p, .pre, .table, .ul: true
    default: false
    }
  }

  /// Void elements: no content, no end tag.
  var isVoid: Bool {
    switch self {
    case .br, .hr, .img, .input, .meta, .link, .base, .source, .col, .wbr, .embed: true
    default: false
    }
  }
}
