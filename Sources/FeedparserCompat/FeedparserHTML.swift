import FeedParser

/// feedparser's HTML post-processing of text constructs (its sgmllib-based
/// `_BaseHTMLProcessor`): relative URIs made absolute, and markup sanitised to an allow-list.
/// Tags are re-serialised the way feedparser writes them (sorted, double-quoted attributes,
/// `<br />`), text and entity references pass through.
enum FeedparserHTML {
  static func resolveRelativeURIs(_ html: String, base: String, type: String) -> String {
    var processor = HTMLProcessor(mode: .resolve(base: base), type: type)
    processor.feed(html)
    return processor.output
  }

  static func sanitize(_ html: String, type: String) -> String {
    var processor = HTMLProcessor(mode: .sanitize, type: type)
    processor.feed(html.replacingAll("<![CDATA[", with: "&lt;![CDATA["))
    return pythonStrip(processor.output).replacingAll("\r\n", with: "\n")
  }

  static let elementsWithoutEndTag: Set<String> = [
    "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
    "isindex",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
  ]

  static let relativeURIAttributes: Set<String> = [
    "a href", "applet codebase", "area href", "audio src", "blockquote cite", "body background",
    "del cite",
    "form action", "frame longdesc", "frame src", "iframe longdesc", "iframe src", "head profile",
    "img longdesc", "img src", "img usemap", "input src", "input usemap", "ins cite", "link href",
    "object classid", "object codebase", "object data", "object usemap", "q cite", "script src",
    "source src",
    "video poster", "video src",
  ]
  static let acceptableElements: Set<String> = [
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
    "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
    "dt", "em", "event-source", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "keygen",
    "label", "legend", "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid", "noscript",
    "ol", "optgroup", "option", "output", "p", "pre", "progress", "q", "s", "samp", "section",
    "select", "small", "sound", "source", "spacer", "span", "strike", "strong", "sub", "sup",
    "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
    "var", "video",
  ]
  static let acceptableAttributes: Set<String> = [
    "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete",
    "autofocus", "axis", "background", "balance", "bgcolor", "bgproperties", "border",
    "bordercolor", "bordercolordark", "bordercolorlight", "bottompadding", "cellpadding",
    "cellspacing", "ch", "challenge", "char", "charoff", "charset", "checked", "choff", "cite",
    "class", "clear", "color", "cols", "colspan", "compact", "contenteditable", "controls",
    "coords", "data", "datafld", "datapagesize", "datasrc", "datetime", "default", "delay", "dir",
    "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form", "frame",
    "galleryimg", "gutter", "headers", "height", "hidden", "hidefocus", "high", "href", "hreflang",
    "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "lang", "leftspacing", "list",
    "longdesc", "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc", "max", "maxlength",
    "media", "method", "min", "multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum",
    "pattern", "ping", "point-size", "poster", "pqg", "preload", "prompt", "radiogroup", "readonly",
    "rel", "repeat-max", "repeat-min", "replace", "required", "rev", "rightspacing", "rows",
    "rowspan", "rules", "scope", "selected", "shape", "size", "span", "src", "start", "step",
    "style", "summary", "suppress", "tabindex", "target", "template", "title", "toppadding", "type",
    "unselectable", "urn", "usemap", "valign", "value", "variable", "volume", "vrml", "vspace",
    "width", "wrap", "xml:lang",
  ]
  static let unacceptableElementsWithEndTag: Set<String> = ["applet", "script", "style"]
  static let acceptableCSSProperties: Set<String> = [
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor",
    "direction", "display", "elevation", "float", "font", "font-family", "font-size", "font-style",
    "font-variant", "font-weight", "height", "letter-spacing", "line-height", "overflow", "pause",
    "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak", "speak-header",
    "speak-numeral", "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration",
    "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space",
    "width",
  ]
  static let acceptableCSSKeywords: Set<String> = [
    "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown",
    "center", "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left", "lime",
    "maroon", "medium", "navy", "none", "normal", "nowrap", "olive", "pointer", "purple", "red",
    "right", "silver", "solid", "teal", "top", "transparent", "underline", "white", "yellow",
  ]
}

private struct HTMLProcessor {
  enum Mode {
    case resolve(base: String)
    case sanitize
  }

  let mode: Mode
  let type: String
  var pieces: [String] = []
  var unacceptableDepth = 0
  var mathMLDepth = 0
  var svgDepth = 0

  init(mode: Mode, type: String) {
    self.mode = mode
    self.type = type
  }

  var output: String { pieces.joined() }

  private var sanitizing: Bool {
    if case .sanitize = mode { return true }
    return false
  }

  mutating func feed(_ source: String) {
    let data = preprocess(source)
    let s = Array(data.unicodeScalars)
    var i = 0
    var text = ""
    func flushText() {
      if !text.isEmpty {
        handleData(text)
        text = ""
      }
    }
    while i < s.count {
      let c = s[i]
      if c == "<" {
        flushText()
        if let (end, _) = parseMarkup(s, i) {
          i = end
          continue
        }
        text.unicodeScalars.append(c)
        i += 1
      } else if c == "&" {
        if let (end, piece) = parseReference(s, i) {
          flushText()
          if unacceptableDepth == 0 { pieces.append(piece) }
          i = end
          continue
        }
        text.unicodeScalars.append(c)
        i += 1
      } else {
        text.unicodeScalars.append(c)
        i += 1
      }
    }
    flushText()
  }

  /// feedparser's pre-pass: `<!x` that is no declaration is escaped, `<tag/>` expanded,
  /// `&#39;`/`&#34;` turned into quotes.
  private func preprocess(_ source: String) -> String {
    var result = ""
    let s = Array(source.unicodeScalars)
    var i = 0
    while i < s.count {
      if s[i] == "<" && i + 1 < s.count && s[i + 1] == "!" {
        let rest = String(String.UnicodeScalarView(s[(i + 2)..<min(s.count, i + 9)]))
        if !(rest.uppercased().hasPrefix("DOCTYPE") || rest.hasPrefix("--") || rest.hasPrefix("["))
        {
          result += "&lt;!"
          i += 2
          continue
        }
      }
      if s[i] == "<" {
        // <name/> or <name />
        var k = i + 1
        while k < s.count && s[k] != "<" && s[k] != ">" && !s[k].properties.isWhitespace
          && s[k] != "/"
        { k += 1 }
        if k > i + 1 {
          var m = k
          while m < s.count && s[m].properties.isWhitespace { m += 1 }
          if m + 1 < s.count && s[m] == "/" && s[m + 1] == ">" {
            let name = String(String.UnicodeScalarView(s[(i + 1)..<k]))
            if FeedparserHTML.elementsWithoutEndTag.contains(name) {
              result += "<\(name) />"
            } else {
              result += "<\(name)></\(name)>"
            }
            i = m + 2
            continue
          }
        }
      }
      result.unicodeScalars.append(s[i])
      i += 1
    }
    return result.replacingAll("&#39;", with: "'").replacingAll("&#34;", with: "\"")
  }

  /// A tag, comment, declaration or processing instruction at `i`; nil when `<` is text.
  private mutating func parseMarkup(_ s: [Unicode.Scalar], _ i: Int) -> (Int, Bool)? {
    guard i + 1 < s.count else { return nil }
    let next = s[i + 1]
    if next == ">" { return (i + 2, true) }  // SGML's empty tag "<>"
    if next == "!" {
      if i + 3 < s.count && s[i + 2] == "-" && s[i + 3] == "-" {
        // comment
        var k = i + 4
        while k + 2 < s.count && !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
        if k + 2 >= s.count {
          if sanitizing { return (s.count, true) }
          return nil
        }
        let body = String(String.UnicodeScalarView(s[(i + 4)..<k]))
        if unacceptableDepth == 0 { pieces.append("<!--\(body)-->") }
        return (k + 3, true)
      }
      guard let close = s[(i + 2)...].firstIndex(of: ">") else { return nil }
      let body = String(String.UnicodeScalarView(s[(i + 2)..<close]))
      if !sanitizing && unacceptableDepth == 0 { pieces.append("<!\(body)>") }
      return (close + 1, true)
    }
    if next == "?" {
      guard let close = s[(i + 2)...].firstIndex(of: ">") else { return nil }
      let body = String(String.UnicodeScalarView(s[(i + 2)..<close]))
      if !sanitizing && unacceptableDepth == 0 { pieces.append("<?\(body)>") }
      return (close + 1, true)
    }
    if next == "/" {
      var k = i + 2
      var name = ""
      while k < s.count && (isNameCharacter(s[k])) {
        name.unicodeScalars.append(s[k])
        k += 1
      }
      guard let close = s[k...].firstIndex(of: ">") else { return nil }
      finishEndTag(name.lowercased())
      return (close + 1, true)
    }
    guard next.properties.isAlphabetic else { return nil }
    var k = i + 1
    var name = ""
    while k < s.count && isNameCharacter(s[k]) {
      name.unicodeScalars.append(s[k])
      k += 1
    }
    // attributes up to '>'
    var attributes: [(String, String)] = []
    var selfClosing = false
    while k < s.count {
      while k < s.count && s[k].properties.isWhitespace { k += 1 }
      guard k < s.count else { return nil }
      if s[k] == ">" {
        k += 1
        break
      }
      if s[k] == "/" && k + 1 < s.count && s[k + 1] == ">" {
        selfClosing = true
        k += 2
        break
      }
      if s[k] == "<" { break }
      var attributeName = ""
      while k < s.count && !s[k].properties.isWhitespace && s[k] != "=" && s[k] != ">"
        && s[k] != "<"
        && !(s[k] == "/" && k + 1 < s.count && s[k + 1] == ">")
      {
        attributeName.unicodeScalars.append(s[k])
        k += 1
      }
      var m = k
      while m < s.count && s[m].properties.isWhitespace { m += 1 }
      var value: String? = nil
      if m < s.count && s[m] == "=" {
        m += 1
        while m < s.count && s[m].properties.isWhitespace { m += 1 }
        if m < s.count && (s[m] == "\"" || s[m] == "'") {
          let quote = s[m]
          guard let end = s[(m + 1)...].firstIndex(of: quote) else { return nil }
          value = String(String.UnicodeScalarView(s[(m + 1)..<end]))
          k = end + 1
        } else {
          var raw = ""
          while m < s.count && !s[m].properties.isWhitespace && s[m] != ">" {
            raw.unicodeScalars.append(s[m])
            m += 1
          }
          value = raw
          k = m
        }
      }
      if attributeName.isEmpty {
        k += 1
        continue
      }
      attributes.append((attributeName.lowercased(), value ?? attributeName.lowercased()))
    }
    let tag = name.lowercased()
    unknownStartTag(tag, attributes)
    if selfClosing && type == "application/xhtml+xml" { finishEndTag(tag) }
    return (k, true)
  }

  private func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
    c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "." || c == ":"
      || c == "_"
  }

  /// `&#123;`, `&#x1F;`, `&name;` (or `&name` before a non-name character).
  private func parseReference(_ s: [Unicode.Scalar], _ i: Int) -> (Int, String)? {
    var k = i + 1
    guard k < s.count else { return nil }
    if s[k] == "#" {
      k += 1
      var digits = ""
      let hex = k < s.count && (s[k] == "x" || s[k] == "X")
      if hex {
        digits = "x"
        k += 1
      }
      while k < s.count
        && (hex ? s[k].properties.isASCIIHexDigit : (s[k].value >= 48 && s[k].value <= 57))
      {
        digits.unicodeScalars.append(s[k])
        k += 1
      }
      guard digits.count > (hex ? 1 : 0), k < s.count, !s[k].properties.isAlphabetic else {
        return nil
      }
      if s[k] == ";" { k += 1 }
      let lower = digits.lowercased()
      let value = lower.hasPrefix("x") ? Int(lower.dropFirst(), radix: 16) : Int(lower)
      if let value, let mapped = windows1252Translation[UInt32(value)] {
        return (k, "&#x\(String(mapped.value, radix: 16));")
      }
      return (k, "&#\(lower);")
    }
    guard s[k].properties.isAlphabetic, s[k].isASCII else { return nil }
    var name = ""
    while k < s.count && s[k].isASCII
      && (s[k].properties.isAlphabetic || s[k].properties.numericType != nil || s[k] == "-"
        || s[k] == ".")
    {
      name.unicodeScalars.append(s[k])
      k += 1
    }
    guard k < s.count else { return nil }
    if s[k] == ";" { k += 1 }
    if htmlNamedEntities[name] != nil || name == "apos" { return (k, "&\(name);") }
    return (k, "&amp;\(name)")
  }

  private mutating func handleData(_ text: String) {
    if unacceptableDepth == 0 { pieces.append(text) }
  }

  /// sgmllib keeps no stack for tags it has no handler for: an end tag is written as it comes.
  private mutating func finishEndTag(_ tag: String) {
    unknownEndTag(tag)
  }

  private mutating func unknownStartTag(_ tag: String, _ rawAttributes: [(String, String)]) {
    var attributes = normalize(rawAttributes)
    switch mode {
    case .resolve(let base):
      attributes = attributes.map { key, value in
        FeedparserHTML.relativeURIAttributes.contains("\(tag) \(key)")
          ? (key, makeSafeAbsoluteURI(base, pythonStrip(value))) : (key, value)
      }
    case .sanitize:
      guard let (cleanTag, clean) = sanitizedStartTag(tag, rawAttributes) else { return }
      emitStartTag(cleanTag, clean)
      return
    }
    emitStartTag(tag, attributes)
  }

  /// feedparser's `_HTMLSanitizer.unknown_starttag`: nil when the tag is dropped.
  private mutating func sanitizedStartTag(_ tag: String, _ rawAttributes: [(String, String)]) -> (
    String, [(String, String)]
  )? {
    var tag = tag
    var attributes = rawAttributes
    var acceptable = FeedparserHTML.acceptableAttributes
    var keymap: [String: String] = [:]
    if !FeedparserHTML.acceptableElements.contains(tag) || svgDepth > 0 {
      if FeedparserHTML.unacceptableElementsWithEndTag.contains(tag) { unacceptableDepth += 1 }
      let svgNamespace = "http://www.w3.org/2000/svg"
      let mathNamespace = "http://www.w3.org/1998/Math/MathML"
      let declaresNamespace = !(attributes.last { $0.0 == "xmlns" }?.1 ?? "").isEmpty
      if type.hasSuffix("html") && !declaresNamespace {
        if tag == "svg" { attributes.append(("xmlns", svgNamespace)) }
        if tag == "math" { attributes.append(("xmlns", mathNamespace)) }
      }
      if tag == "math" && attributes.contains(where: { $0 == ("xmlns", mathNamespace) }) {
        mathMLDepth += 1
      }
      if tag == "svg" && attributes.contains(where: { $0 == ("xmlns", svgNamespace) }) {
        svgDepth += 1
      }
      if mathMLDepth > 0 && FeedparserForeignMarkup.mathMLElementSet.contains(tag) {
        acceptable = FeedparserForeignMarkup.mathMLAttributeSet
      } else if svgDepth > 0 && FeedparserForeignMarkup.svgElementSet.contains(tag) {
        acceptable = FeedparserForeignMarkup.svgAttributeSet
        tag = FeedparserForeignMarkup.svgElementSpelling[tag] ?? tag
        keymap = FeedparserForeignMarkup.svgAttributeSpelling
      } else if !FeedparserHTML.acceptableElements.contains(tag) {
        return nil
      }
    }
    if mathMLDepth > 0 || svgDepth > 0 {
      let xlink = "http://www.w3.org/1999/xlink"
      if attributes.contains(where: { $0.0.hasPrefix("xlink:") })
        && !attributes.contains(where: { $0 == ("xmlns:xlink", xlink) })
      {
        attributes.append(("xmlns:xlink", xlink))
      }
    }
    var clean: [(String, String)] = []
    for (key, value) in normalize(attributes) {
      if key == "style" && acceptable.contains("style") {
        let style = sanitizeStyle(value)
        if !style.isEmpty { clean.append((key, style)) }
      } else if acceptable.contains(key) {
        let name = keymap[key] ?? key
        clean.append((name, name == "href" ? makeSafeAbsoluteURI(value) : value))
      }
    }
    if unacceptableDepth > 0 { return nil }
    return (tag, clean)
  }

  private mutating func emitStartTag(_ tag: String, _ attributes: [(String, String)]) {
    if unacceptableDepth > 0 && sanitizing { return }
    var text = "<" + tag
    for (key, value) in attributes {
      var escaped = value.replacingAll(">", with: "&gt;").replacingAll("<", with: "&lt;")
        .replacingAll("\"", with: "&quot;")
      escaped = escapeBareAmpersands(escaped)
      text += " \(key)=\"\(escaped)\""
    }
    text += FeedparserHTML.elementsWithoutEndTag.contains(tag) ? " />" : ">"
    pieces.append(text)
  }

  private mutating func unknownEndTag(_ tag: String) {
    var tag = tag
    if sanitizing && !FeedparserHTML.acceptableElements.contains(tag) {
      if FeedparserHTML.unacceptableElementsWithEndTag.contains(tag) {
        unacceptableDepth = max(0, unacceptableDepth - 1)
      }
      if mathMLDepth > 0 && FeedparserForeignMarkup.mathMLElementSet.contains(tag) {
        if tag == "math" { mathMLDepth -= 1 }
      } else if svgDepth > 0 && FeedparserForeignMarkup.svgElementSet.contains(tag) {
        tag = FeedparserForeignMarkup.svgElementSpelling[tag] ?? tag
        if tag == "svg" { svgDepth -= 1 }
      } else {
        return
      }
    }
    if unacceptableDepth > 0 && sanitizing { return }
    if !FeedparserHTML.elementsWithoutEndTag.contains(tag) { pieces.append("</\(tag)>") }
  }

  /// Duplicate names collapse (last wins), rel/type values lowercase, sorted by name.
  private func normalize(_ attributes: [(String, String)]) -> [(String, String)] {
    var byName: [String: String] = [:]
    for (key, value) in attributes { byName[key.lowercased()] = value }
    return byName.map { key, value in
      (key, key == "rel" || key == "type" ? value.lowercased() : value)
    }
    .sorted { $0.0 < $1.0 }
  }

  /// `&` not starting a character or entity reference becomes `&amp;`.
  private func escapeBareAmpersands(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var result = ""
    let s = Array(text.unicodeScalars)
    for (index, c) in s.enumerated() {
      guard c == "&" else {
        result.unicodeScalars.append(c)
        continue
      }
      var k = index + 1
      var valid = false
      if k < s.count && s[k] == "#" {
        k += 1
        let hex = k < s.count && (s[k] == "x" || s[k] == "X")
        if hex { k += 1 }
        let start = k
        while k < s.count
          && (hex ? s[k].properties.isASCIIHexDigit : (s[k].value >= 48 && s[k].value <= 57))
        { k += 1 }
        valid = k > start && k < s.count && s[k] == ";"
      } else {
        let start = k
        while k < s.count
          && (s[k].properties.isAlphabetic || s[k].properties.numericType != nil || s[k] == "_")
        { k += 1 }
        valid = k > start && k < s.count && s[k] == ";"
      }
      result += valid ? "&" : "&amp;"
    }
    return result
  }

  /// feedparser's CSS allow-list for `style` attributes (URLs are never kept).
  private func sanitizeStyle(_ rawStyle: String) -> String {
    // URLs are never kept: `url(...)` is blanked out first, as feedparser does.
    var style = rawStyle
    while let open = style.firstRange(of: "url(") ?? style.firstRange(of: "url ("),
      let close = style[open.upperBound...].firstIndex(of: ")")
    {
      style.replaceSubrange(open.lowerBound...close, with: " ")
    }
    // The character gauntlet: anything outside plain CSS declarations rejects the whole style.
    let allowed = Set(":,;#%. \t\n\r!-'\"()_")
    guard style.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || allowed.contains($0) })
    else { return "" }
    var declarations: [String] = []
    for part in style.split(separator: ";") {
      let pieces = part.split(separator: ":", maxSplits: 1)
      guard pieces.count == 2 else {
        if pythonStrip(String(part)).isEmpty { continue }
        return ""
      }
      let property = pythonStrip(String(pieces[0]))
      let value = pythonStrip(String(pieces[1]))
      if value.lowercased().contains("url(") || value.contains("\\") || property.contains("\\") {
        return ""
      }
      guard !value.isEmpty else { continue }
      if FeedparserHTML.acceptableCSSProperties.contains(property.lowercased()) {
        declarations.append("\(property): \(value);")
      } else if ["background", "border", "margin", "padding"].contains(
        property.split(separator: "-").first.map { $0.lowercased() } ?? "")
      {
        let keywords = value.split(separator: " ")
        if keywords.allSatisfy({
          FeedparserHTML.acceptableCSSKeywords.contains(String($0)) || isCSSValue(String($0))
        }) {
          declarations.append("\(property): \(value);")
        }
      }
    }
    return declarations.joined(separator: " ")
  }

  private func isCSSValue(_ keyword: String) -> Bool {
    if keyword.hasPrefix("#") {
      return keyword.dropFirst().allSatisfy(\.isHexDigit) && keyword.count > 1
    }
    if keyword.hasPrefix("rgb(") { return true }
    let units = ["cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")"]
    var number = Substring(keyword)
    for unit in units where number.hasSuffix(unit) {
      number = number.dropLast(unit.count)
      break
    }
    return number.count <= 5 && number.allSatisfy { $0.isNumber || $0 == "." }
  }
}
