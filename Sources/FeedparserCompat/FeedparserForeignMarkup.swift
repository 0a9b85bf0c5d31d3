import FeedParser

/// The SVG and MathML vocabularies feedparser's sanitiser lets through inside `<svg>` and
/// `<math>` (SVG names are case-sensitive; the HTML side sees them lowercased).
enum FeedparserForeignMarkup {
  static let mathMLElements: [String] = [
    "annotation", "annotation-xml", "maction", "maligngroup", "malignmark", "math", "menclose",
    "merror", "mfenced", "mfrac", "mglyph", "mi", "mlabeledtr", "mlongdiv", "mmultiscripts", "mn",
    "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mscarries",
    "mscarry", "msgroup", "msline", "mspace", "msqrt", "msrow", "mstack", "mstyle", "msub",
    "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none", "semantics",
  ]
  static let mathMLAttributes: [String] = [
    "accent", "accentunder", "actiontype", "align", "alignmentscope", "altimg", "altimg-height",
    "altimg-valign", "altimg-width", "alttext", "bevelled", "charalign", "close", "columnalign",
    "columnlines", "columnspacing", "columnspan", "columnwidth", "crossout", "decimalpoint",
    "denomalign", "depth", "dir", "display", "displaystyle", "edge", "encoding", "equalcolumns",
    "equalrows", "fence", "fontstyle", "fontweight", "form", "frame", "framespacing", "groupalign",
    "height", "href", "id", "indentalign", "indentalignfirst", "indentalignlast", "indentshift",
    "indentshiftfirst", "indentshiftlast", "indenttarget", "infixlinebreakstyle", "largeop",
    "length", "linebreak", "linebreakmultchar", "linebreakstyle", "lineleading", "linethickness",
    "location", "longdivstyle", "lquote", "lspace", "mathbackground", "mathcolor", "mathsize",
    "mathvariant", "maxsize", "minlabelspacing", "minsize", "movablelimits", "notation", "numalign",
    "open", "other", "overflow", "position", "rowalign", "rowlines", "rowspacing", "rowspan",
    "rquote", "rspace", "scriptlevel", "scriptminsize", "scriptsizemultiplier", "selection",
    "separator", "separators", "shift", "side", "src", "stackalign", "stretchy", "subscriptshift",
    "superscriptshift", "symmetric", "voffset", "width", "xlink:href", "xlink:show", "xlink:type",
    "xmlns", "xmlns:xlink",
  ]
  static let svgElements: [String] = [
    "a", "animate", "animateColor", "animateMotion", "animateTransform", "circle", "defs", "desc",
    "ellipse", "font-face", "font-face-name", "font-face-src", "foreignObject", "g", "glyph",
    "hkern", "line", "linearGradient", "marker", "metadata", "missing-glyph", "mpath", "path",
    "polygon", "polyline", "radialGradient", "rect", "set", "stop", "svg", "switch", "text",
    "title", "tspan", "use",
  ]
  static let svgAttributes: [String] = [
    "accent-height", "accumulate", "additive", "alphabetic", "arabic-form", "ascent",
    "attributeName", "attributeType", "baseProfile", "bbox", "begin", "by", "calcMode",
    "cap-height", "class", "color", "color-rendering", "content", "cx", "cy", "d", "descent",
    "display", "dur", "dx", "dy", "end", "fill", "fill-opacity", "fill-rule", "font-family",
    "font-size", "font-stretch", "font-style", "font-variant", "font-weight", "from", "fx", "fy",
    "g1", "g2", "glyph-name", "gradientUnits", "hanging", "height", "horiz-adv-x", "horiz-origin-x",
    "id", "ideographic", "k", "keyPoints", "keySplines", "keyTimes", "lang", "marker-end",
    "marker-mid", "marker-start", "markerHeight", "markerUnits", "markerWidth", "mathematical",
    "max", "min", "name", "offset", "opacity", "orient", "origin", "overline-position",
    "overline-thickness", "panose-1", "path", "pathLength", "points", "preserveAspectRatio", "r",
    "refX", "refY", "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "restart",
    "rotate", "rx", "ry", "slope", "stemh", "stemv", "stop-color", "stop-opacity",
    "strikethrough-position", "strikethrough-thickness", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
    "stroke-width", "systemLanguage", "target", "text-anchor", "to", "transform", "type", "u1",
    "u2", "underline-position", "underline-thickness", "unicode", "unicode-range", "units-per-em",
    "values", "version", "viewBox", "visibility", "width", "widths", "x", "x-height", "x1", "x2",
    "xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role", "xlink:show", "xlink:title",
    "xlink:type", "xml:base", "xml:lang", "xml:space", "xmlns", "xmlns:xlink", "y", "y1", "y2",
    "zoomAndPan",
  ]
  static let acceptableSVGProperties: [String] = [
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-linecap", "stroke-linejoin",
    "stroke-opacity", "stroke-width",
  ]

  static let mathMLElementSet = Set(mathMLElements)
  static let mathMLAttributeSet = Set(mathMLAttributes)
  static let svgElementSet = Set(svgElements.map { $0.lowercased() })
  static let svgAttributeSet = Set(svgAttributes.map { $0.lowercased() })
  /// lowercased → original spelling, for the names that have capitals.
  static let svgElementSpelling: [String: String] = Dictionary(
    svgElements.filter { $0 != $0.lowercased() }.map { ($0.lowercased(), $0) },
    uniquingKeysWith: { a, _ in a })
  static let svgAttributeSpelling: [String: String] = Dictionary(
    svgAttributes.filter { $0 != $0.lowercased() }.map { ($0.lowercased(), $0) },
    uniquingKeysWith: { a, _ in a })
}
