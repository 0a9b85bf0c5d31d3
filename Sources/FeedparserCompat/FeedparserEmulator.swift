import FeedParser
import TextTrimming

/// Reads SAX events the way feedparser 6's strict parser does (its `_FeedParserMixin` and
/// the base, Dublin Core and iTunes namespace handlers), producing feedparser's result
/// dictionaries. Used only for the feedparser-shaped rendering; the daemon's parse goes
/// through `FeedBuilder`.
final class FeedparserEmulator: XMLEventHandler {
  private struct StackEntry {
    var element: String
    var expectingText: Bool
    var pieces: [String]
  }

  let feeddata = PyDict()
  private(set) var entries: [PyDict] = []
  var version = ""
  let namespacesInUse = PyDict()
  /// "UndeclaredNamespace: …" when an element used a prefix nobody declared.
  private(set) var namespaceComplaint: String?

  private var baseuri: String
  private var lang: String?
  private var infeed = false, inentry = false, incontent = 0, intextinput = false, inimage = false
  private var inauthor = false, incontributor = false, inpublisher = false, insource = false
  private var sourcedata = PyDict()
  private var contentparams = PyDict()
  private var summaryKey: String?
  private var namespacemap: [String: String] = [:]
  private var elementstack: [StackEntry] = []
  private var basestack: [String] = []
  private var langstack: [String?] = []
  private var svgOK = 0
  private var titleDepth = -1
  private var depth = 0
  private var hasContent = false
  private var guidislink = false
  private var propertyDepth: [ObjectIdentifier: [String: Int]] = [:]

  init(baseURI: String, language: String?) {
    baseuri = baseURI
    lang = language
    if let language { feeddata["language"] = .string(language.replacingAll("_", with: "-")) }
  }

  var wantsMore: Bool { true }

  // MARK: SAX front end (feedparser's _StrictFeedParser)

  func elementKey(local: String, namespace: String?, prefix: String?) -> String {
    var lowerNamespace = (namespace ?? "").lowercased()
    if lowerNamespace.contains("backend.userland.com/rss") {
      lowerNamespace = "http://backend.userland.com/rss"
    }
    var local = local
    var givenPrefix = prefix
    if givenPrefix == nil, namespace == nil, let colon = local.firstIndex(of: ":") {
      givenPrefix = String(local[..<colon])
      local = String(local[local.index(after: colon)...])
    }
    let mapped = matchNamespaces[lowerNamespace] ?? givenPrefix
    if let givenPrefix, mapped == nil || (mapped == "" && lowerNamespace.isEmpty),
      namespacesInUse[givenPrefix] == nil
    {
      namespaceComplaint =
        namespaceComplaint
        ?? "UndeclaredNamespace: '\(givenPrefix)' is not associated with a namespace"
      return givenPrefix.lowercased() + ":" + local.lowercased()
    }
    if let mapped, !mapped.isEmpty { return mapped.lowercased() + ":" + local.lowercased() }
    return local.lowercased()
  }

  func elementCode(forKey key: String) -> Int { 0 }

  func startElement(
    _ name: XMLElementName, attributes: XMLAttributes,
    namespaceDeclarations: [(prefix: String?, uri: String)]
  ) {
    let (key, local, namespace) = (name.key, name.local, name.namespace)
    for declaration in namespaceDeclarations where !declaration.uri.isEmpty {
      trackNamespace(declaration.prefix.flatMap { $0.isEmpty ? nil : $0 }, declaration.uri)
    }
    var attrs: [(String, String)] = []
    func add(_ name: String, _ value: String) {
      if let index = attrs.firstIndex(where: { $0.0 == name }) {
        attrs[index].1 = value
      } else {
        attrs.append((name, value))
      }
    }
    if local == "math" && namespace == "http://www.w3.org/1998/Math/MathML" {
      add("xmlns", namespace!)
    }
    if local == "svg" && namespace == "http://www.w3.org/2000/svg" { add("xmlns", namespace!) }
    for attribute in attributes.allWithPrefix() {
      let mapped = matchNamespaces[(attribute.namespace ?? "").lowercased()] ?? ""
      add(
        (mapped.isEmpty ? attribute.local : mapped + ":" + attribute.local).lowercased(),
        attribute.value)
    }
    for attribute in attributes.allWithPrefix() {
      let qname = attribute.prefix.map { $0 + ":" + attribute.local } ?? attribute.local
      add(qname.lowercased(), attribute.value)
    }
    unknownStartTag(key, attrs)
  }

  func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    handleData(String(decoding: bytes, as: UTF8.self))
  }

  func endElement() {
    guard let tag = openTags.popLast() else { return }
    unknownEndTag(tag)
  }

  private var openTags: [String] = []

  // MARK: _FeedParserMixin

  private func unknownStartTag(_ tag: String, _ rawAttributes: [(String, String)]) {
    openTags.append(tag)
    depth += 1
    var attrs = rawAttributes.map { key, value -> (String, String) in
      let lower = key.lowercased()
      return (lower, lower == "rel" || lower == "type" ? value.lowercased() : value)
    }
    var attrsD = PyDict()
    for (key, value) in attrs { attrsD[key] = .string(value) }
    let given = attrsD["xml:base"]?.string ?? attrsD["base"]?.string
    let base = (given?.isEmpty == false ? given : nil) ?? baseuri
    if !baseuri.isEmpty {
      let safe = makeSafeAbsoluteURI(baseuri, base)
      if !safe.isEmpty { baseuri = safe }
    } else {
      baseuri = pythonURLJoin(baseuri, base)
    }
    var language = attrsD["xml:lang"]?.string ?? attrsD["lang"]?.string
    if language == "" {
      language = nil
    } else if language == nil {
      language = lang
    }
    if let language, !language.isEmpty, tag == "feed" || tag == "rss" {
      feeddata["language"] = .string(language.replacingAll("_", with: "-"))
    }
    lang = language
    basestack.append(baseuri)
    langstack.append(language)

    if incontent > 0 && !(contentparams["type"]?.string ?? "xml").hasSuffix("xml") {
      if tag == "xhtml:div" || tag == "div" { return }
      contentparams["type"] = .string("application/xhtml+xml")
    }
    if incontent > 0 && contentparams["type"]?.string == "application/xhtml+xml" {
      var name = tag
      if let colon = tag.firstIndex(of: ":") {
        let prefix = String(tag[..<colon])
        name = String(tag[tag.index(after: colon)...])
        let namespace = namespacesInUse[prefix]?.string ?? ""
        if name == "math" && namespace == "http://www.w3.org/1998/Math/MathML" {
          attrs.append(("xmlns", namespace))
        }
        if name == "svg" && namespace == "http://www.w3.org/2000/svg" {
          attrs.append(("xmlns", namespace))
        }
      }
      if name == "svg" { svgOK += 1 }
      handleData("<\(name)\(strattrs(attrs))>", escape: false)
      return
    }

    var (prefix, suffix) = splitTag(tag)
    prefix = namespacemap[prefix] ?? prefix
    if !prefix.isEmpty { prefix += "_" }
    if prefix.isEmpty && !["title", "link", "description", "name"].contains(tag) {
      intextinput = false
    }
    if prefix.isEmpty
      && !["title", "link", "description", "url", "href", "width", "height"].contains(tag)
    {
      inimage = false
    }
    let method = (prefix + suffix).lowercased()
    if start(method, attrsD) { return }
    let unknownTag = prefix + suffix
    if attrsD.isEmpty {
      push(unknownTag, true)
    } else {
      context()[unknownTag] = .dict(attrsD)
      attrsD = PyDict()
    }
  }

  private func unknownEndTag(_ tag: String) {
    var (prefix, suffix) = splitTag(tag)
    prefix = namespacemap[prefix] ?? prefix
    if !prefix.isEmpty { prefix += "_" }
    if suffix == "svg" && svgOK > 0 { svgOK -= 1 }
    if svgOK > 0 || !end((prefix + suffix).lowercased()) {
      _ = pop(prefix + suffix)
    }
    var skipMarkup = false
    if incontent > 0 && !(contentparams["type"]?.string ?? "xml").hasSuffix("xml") {
      if tag == "xhtml:div" || tag == "div" {
        skipMarkup = true
      } else {
        contentparams["type"] = .string("application/xhtml+xml")
      }
    }
    if !skipMarkup && incontent > 0 && contentparams["type"]?.string == "application/xhtml+xml" {
      let name = tag.split(separator: ":").last.map(String.init) ?? tag
      handleData("</\(name)>", escape: false)
    }
    if !skipMarkup {
      if !basestack.isEmpty {
        basestack.removeLast()
        if let last = basestack.last, !last.isEmpty { baseuri = last }
      }
      if !langstack.isEmpty {
        langstack.removeLast()
        if let last = langstack.last { lang = last }
      }
      depth -= 1
    } else {
      // feedparser returns early here and leaves its stacks alone.
    }
  }

  private func splitTag(_ tag: String) -> (String, String) {
    guard let colon = tag.firstIndex(of: ":") else { return ("", tag) }
    return (String(tag[..<colon]), String(tag[tag.index(after: colon)...]))
  }

  private func handleData(_ text: String, escape: Bool = true) {
    guard !elementstack.isEmpty else { return }
    var text = text
    if escape && contentparams["type"]?.string == "application/xhtml+xml" { text = xmlEscape(text) }
    elementstack[elementstack.count - 1].pieces.append(text)
  }

  private func trackNamespace(_ prefix: String?, _ rawURI: String) {
    var uri = rawURI
    var lower = uri.lowercased()
    if version.isEmpty {
      if prefix == nil && lower == "http://my.netscape.com/rdf/simple/0.9/" {
        version = "rss090"
      } else if lower == "http://purl.org/rss/1.0/" {
        version = "rss10"
      } else if lower == "http://www.w3.org/2005/atom" {
        version = "atom10"
      }
    }
    if lower.contains("backend.userland.com/rss") {
      uri = "http://backend.userland.com/rss"
      lower = uri
    }
    if let canonical = matchNamespaces[lower] {
      // The default namespace (Python's None key) never matches an unprefixed tag's "" prefix.
      namespacemap[prefix ?? "\u{0}"] = canonical
      namespacesInUse[canonical] = .string(uri)
    } else {
      namespacesInUse[prefix ?? ""] = .string(uri)
    }
  }

  private func resolveURI(_ uri: String) -> String { pythonURLJoin(baseuri, uri) }

  private func strattrs(_ attrs: [(String, String)]) -> String {
    attrs.map { " \($0.0)=\"\(xmlEscape($0.1).replacingAll("\"", with: "&quot;"))\"" }.joined()
  }

  private func push(_ element: String, _ expectingText: Bool) {
    elementstack.append(StackEntry(element: element, expectingText: expectingText, pieces: []))
  }

  @discardableResult
  private func pop(_ element: String, stripWhitespace: Bool = true) -> String? {
    guard let last = elementstack.last, last.element == element else { return nil }
    elementstack.removeLast()
    var pieces = last.pieces
    if version == "atom10" && (contentparams["type"]?.string ?? "text") == "application/xhtml+xml" {
      while pieces.count > 1 && pieces.last!.trimmingWhitespace().isEmpty { pieces.removeLast() }
      while pieces.count > 1 && pieces.first!.trimmingWhitespace().isEmpty { pieces.removeFirst() }
      if let first = pieces.first, first == "<div>" || first.hasPrefix("<div "),
        pieces.last == "</div>"
      {
        var depth = 0
        var broke = false
        for piece in pieces.dropLast() {
          if piece.hasPrefix("</") {
            depth -= 1
            if depth == 0 {
              broke = true
              break
            }
          } else if piece.hasPrefix("<") && !piece.hasSuffix("/>") {
            depth += 1
          }
        }
        if !broke { pieces = Array(pieces.dropFirst().dropLast()) }
      }
    }
    var output = pieces.joined()
    if stripWhitespace { output = pythonStrip(output) }
    guard last.expectingText else { return output }

    if contentparams["base64"]?.isTruthy == true, let decoded = decodeBase64(output) {
      output = decoded
    }
    if Self.canBeRelativeURI.contains(element) && !output.isEmpty {
      if element != "id" || guidislink { output = resolveURI(output) }
    }
    if !version.hasPrefix("atom") && contentparams["type"]?.string == "text/plain"
      && looksLikeHTMLForFeedparser(output)
    {
      contentparams["type"] = .string("text/html")
    }
    contentparams["mode"] = nil
    contentparams["base64"] = nil
    let type = contentparams["type"]?.string ?? "text/html"
    let isHTMLish = ["application/xhtml+xml", "text/html"].contains(mapContentType(type))
    if isHTMLish && Self.canContainRelativeURIs.contains(element) {
      output = FeedparserHTML.resolveRelativeURIs(output, base: baseuri, type: type)
    }
    if isHTMLish && Self.canContainRelativeURIs.contains(element) {
      output = FeedparserHTML.sanitize(output, type: type)
    }
    output = undoDoubleEncoding(output)
    output = translateWindows1252(output)

    if ["category", "tags", "itunes_keywords"].contains(element) { return output }
    if element == "title" && titleDepth > -1 && titleDepth <= depth { return output }

    if inentry && !insource {
      let entry = entries[entries.count - 1]
      if element == "content" {
        let list = entry.setDefault(element, .list(PyList())).list!
        let params = contentparams.copy()
        params["value"] = .string(output)
        list.items.append(.dict(params))
      } else if element == "link" {
        if !inimage {
          output = output.replacingAll("&amp;", with: "&")
          output = unescapeBareReferences(output)
          entry[element] = .string(output)
          if !output.isEmpty, let links = entry["links"]?.list,
            let lastLink = links.items.last?.dict
          {
            lastLink["href"] = .string(output)
          }
        }
      } else {
        var key = element
        if key == "description" { key = "summary" }
        let identity = ObjectIdentifier(entry)
        let old = propertyDepth[identity]?[key]
        if old == nil || depth <= old! {
          propertyDepth[identity, default: [:]][key] = depth
          entry[key] = .string(output)
        }
        if incontent > 0 {
          let params = contentparams.copy()
          params["value"] = .string(output)
          entry[key + "_detail"] = .dict(params)
        }
      }
    } else if infeed || insource {
      let context = self.context()
      var key = element
      if key == "description" { key = "subtitle" }
      context[key] = .string(output)
      if key == "link" {
        output = unescapeBareReferences(output)
        context[key] = .string(output)
        if let links = context["links"]?.list, let lastLink = links.items.last?.dict {
          lastLink["href"] = .string(output)
        }
      } else if incontent > 0 {
        let params = contentparams.copy()
        params["value"] = .string(output)
        context[key + "_detail"] = .dict(params)
      }
    }
    return output
  }

  private func pushContent(
    _ tag: String, _ attrs: PyDict, _ defaultType: String, _ expectingText: Bool
  ) {
    incontent += 1
    if let language = lang { lang = language.replacingAll("_", with: "-") }
    contentparams = PyDict([
      ("type", .string(mapContentType(attrs["type"]?.string ?? defaultType))),
      ("language", lang.map(PyValue.string) ?? .none),
      ("base", .string(baseuri)),
    ])
    contentparams["base64"] = .bool(isBase64(attrs))
    push(tag, expectingText)
  }

  @discardableResult
  private func popContent(_ tag: String) -> String? {
    let value = pop(tag)
    incontent -= 1
    contentparams.removeAll()
    return value
  }

  private func isBase64(_ attrs: PyDict) -> Bool {
    if attrs["mode"]?.string == "base64" { return true }
    let type = contentparams["type"]?.string ?? ""
    if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") { return false }
    return true
  }

  private func mapContentType(_ raw: String) -> String {
    let type = raw.lowercased()
    switch type {
    case "text", "plain": return "text/plain"
    case "html": return "text/html"
    case "xhtml": return "application/xhtml+xml"
    default: return type
    }
  }

  private func enforceHref(_ attrs: PyDict) -> PyDict {
    if let href = attrs["url"] ?? attrs["uri"] ?? attrs["href"], href.isTruthy {
      attrs["url"] = nil
      attrs["uri"] = nil
      attrs["href"] = href
    }
    return attrs
  }

  private func save(_ key: String, _ value: PyValue, overwrite: Bool = false) {
    let context = self.context()
    if overwrite {
      context[key] = value
    } else {
      context.setDefault(key, value)
    }
  }

  private func context() -> PyDict {
    if insource { return sourcedata }
    if inimage, let image = feeddata["image"]?.dict { return image }
    if intextinput, let textinput = feeddata["textinput"]?.dict { return textinput }
    if inentry, let entry = entries.last { return entry }
    return feeddata
  }

  private func saveAuthor(_ key: String, _ value: String, prefix: String = "author") {
    let context = self.context()
    let detail = context.setDefault(prefix + "_detail", .dict(PyDict())).dict!
    detail[key] = .string(value)
    syncAuthorDetail()
    let authors = context.setDefault("authors", .list(PyList([.dict(PyDict())]))).list!
    if authors.items.isEmpty { authors.items.append(.dict(PyDict())) }
    authors.items.last!.dict![key] = .string(value)
  }

  private func saveContributor(_ key: String, _ value: String) {
    let context = self.context()
    let contributors = context.setDefault("contributors", .list(PyList([.dict(PyDict())]))).list!
    if contributors.items.isEmpty { contributors.items.append(.dict(PyDict())) }
    contributors.items.last!.dict![key] = .string(value)
  }

  private func syncAuthorDetail(_ key: String = "author") {
    let context = self.context()
    let detail = context["\(key)s"]?.list?.items.last?.dict ?? PyDict()
    if !detail.isEmpty {
      let name = detail["name"]?.string.flatMap { $0.isEmpty ? nil : $0 }
      let email = detail["email"]?.string.flatMap { $0.isEmpty ? nil : $0 }
      if let name, let email {
        context[key] = .string("\(name) (\(email))")
      } else if let name {
        context[key] = .string(name)
      } else if let email {
        context[key] = .string(email)
      }
    } else {
      guard var author = context[key]?.string, !author.isEmpty else { return }
      var email: String?
      if let match = findEmail(author) {
        email = match
        author = author.replacingAll(match, with: "")
        author = author.replacingAll("()", with: "").replacingAll("<>", with: "").replacingAll(
          "&lt;&gt;", with: "")
        author = pythonStrip(author)
        if author.first == "(" { author.removeFirst() }
        if author.last == ")" { author.removeLast() }
        author = pythonStrip(author)
      }
      if !author.isEmpty || email != nil { context.setDefault("\(key)_detail", .dict(detail)) }
      if !author.isEmpty { detail["name"] = .string(author) }
      if let email { detail["email"] = .string(email) }
    }
  }

  private func addTag(_ term: PyValue, _ scheme: PyValue, _ label: PyValue) {
    let context = self.context()
    let tags = context.setDefault("tags", .list(PyList())).list!
    if !term.isTruthy && !scheme.isTruthy && !label.isTruthy { return }
    let value = PyDict([("term", term), ("scheme", scheme), ("label", label)])
    if !tags.items.contains(where: { $0.dict?.equals(value) == true }) {
      tags.items.append(.dict(value))
    }
  }

  // MARK: element handlers (_start_*/_end_*)

  private func start(_ name: String, _ attrs: PyDict) -> Bool {
    switch name {
    case "rss":
      if version.isEmpty || !version.hasPrefix("rss") {
        let attrVersion = attrs["version"]?.string ?? ""
        let map = ["0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"]
        if let mapped = map[attrVersion] {
          version = mapped
        } else if attrVersion.hasPrefix("2.") {
          version = "rss20"
        } else {
          version = "rss"
        }
      }
    case "channel":
      infeed = true
      cdfCommon(attrs)
    case "feed":
      infeed = true
      if version.isEmpty {
        let map = ["0.1": "atom01", "0.2": "atom02", "0.3": "atom03"]
        version = attrs["version"]?.string.flatMap { map[$0] } ?? "atom"
      }
    case "image":
      if !inentry { context().setDefault("image", .dict(PyDict())) }
      inimage = true
      titleDepth = -1
      push("image", false)
    case "textinput":
      context().setDefault("textinput", .dict(PyDict()))
      intextinput = true
      titleDepth = -1
      push("textinput", false)
    case "author", "managingeditor", "dc_author", "dc_creator", "itunes_author":
      inauthor = true
      push("author", true)
      let authors = context().setDefault("authors", .list(PyList())).list!
      authors.items.append(.dict(PyDict()))
    case "contributor":
      incontributor = true
      let contributors = context().setDefault("contributors", .list(PyList())).list!
      contributors.items.append(.dict(PyDict()))
      push("contributor", false)
    case "dc_contributor":
      incontributor = true
      let contributors = context().setDefault("contributors", .list(PyList())).list!
      contributors.items.append(.dict(PyDict()))
      push("name", false)
    case "name", "itunes_name": push("name", false)
    case "itunes_owner":
      inpublisher = true
      push("publisher", false)
    case "itunes_category":
      addTag(attrs["text"] ?? .none, .string("http://www.itunes.com/"), .none)
      push("category", true)
    case "itunes_image", "itunes_link":
      push("itunes_image", false)
      if let href = attrs["href"], href.isTruthy {
        context()["image"] = .dict(PyDict([("href", href)]))
      } else if let url = attrs["url"], url.isTruthy {
        context()["image"] = .dict(PyDict([("href", url)]))
      }
    case "width": push("width", false)
    case "height": push("height", false)
    case "url", "homepage", "uri": push("href", true)
    case "email", "itunes_email": push("email", false)
    case "subtitle", "tagline", "itunes_subtitle":
      pushContent("subtitle", attrs, "text/plain", true)
    case "rights", "copyright", "dc_rights":
      pushContent("rights", attrs, "text/plain", true)
    case "item", "entry":
      entries.append(PyDict())
      push("item", false)
      inentry = true
      guidislink = false
      titleDepth = -1
      if let id = attrs["rdf:about"]?.string, !id.isEmpty { context()["id"] = .string(id) }
      cdfCommon(attrs)
    case "language", "dc_language": push("language", true)
    case "webmaster", "dc_publisher": push("publisher", true)
    case "published", "issued", "pubdate", "dcterms_issued": push("published", true)
    case "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified":
      push("updated", true)
    case "created", "dcterms_created": push("created", true)
    case "expirationdate": push("expired", true)
    case "dcterms_valid": push("validity", true)
    case "category", "keywords", "dc_subject":
      addTag(
        attrs["term"] ?? .none, attrs["scheme"] ?? attrs["domain"] ?? .none, attrs["label"] ?? .none
      )
      push("category", true)
    case "cloud": context()["cloud"] = .dict(attrs)
    case "link":
      if attrs["rel"] == nil { attrs["rel"] = .string("alternate") }
      if attrs["rel"]?.string == "self" {
        attrs.setDefault("type", .string("application/atom+xml"))
      } else {
        attrs.setDefault("type", .string("text/html"))
      }
      let context = self.context()
      let enforced = enforceHref(attrs)
      if let href = enforced["href"]?.string { enforced["href"] = .string(resolveURI(href)) }
      let expectingText = infeed || inentry || insource
      let links = context.setDefault("links", .list(PyList())).list!
      if !(inentry && inimage) { links.items.append(.dict(enforced.copy())) }
      if let href = enforced["href"]?.string {
        if enforced["rel"]?.string == "alternate",
          ["application/xhtml+xml", "text/html"].contains(
            mapContentType(enforced["type"]?.string ?? ""))
        {
          context["link"] = .string(href)
        }
      } else {
        push("link", expectingText)
      }
    case "guid", "id":
      guidislink = (attrs["ispermalink"]?.string ?? "true") == "true"
      push("id", true)
    case "title", "dc_title":
      if svgOK > 0 { return false }
      pushContent("title", attrs, "text/plain", infeed || inentry || insource)
    case "description", "dc_description":
      if context().contains("summary") && !hasContent {
        summaryKey = "content"
        startContent(attrs)
      } else {
        pushContent("description", attrs, "text/html", infeed || inentry || insource)
      }
    case "abstract":
      pushContent("description", attrs, "text/plain", infeed || inentry || insource)
    case "info", "feedburner_browserfriendly":
      pushContent("info", attrs, "text/plain", true)
    case "generator":
      let detail = attrs.isEmpty ? attrs : enforceHref(attrs)
      if let href = detail["href"]?.string { detail["href"] = .string(resolveURI(href)) }
      context()["generator_detail"] = .dict(detail)
      push("generator", true)
    case "summary":
      if context().contains("summary") && !hasContent {
        summaryKey = "content"
        startContent(attrs)
      } else {
        summaryKey = "summary"
        pushContent("summary", attrs, "text/plain", true)
      }
    case "enclosure":
      let enclosure = enforceHref(attrs)
      enclosure["rel"] = .string("enclosure")
      context().setDefault("links", .list(PyList())).list!.items.append(.dict(enclosure))
    case "source":
      if let url = attrs["url"] { sourcedata["href"] = url }
      push("source", true)
      insource = true
      titleDepth = -1
    case "content": startContent(attrs)
    case "body", "xhtml_body": pushContent("content", attrs, "application/xhtml+xml", true)
    case "content_encoded", "fullitem":
      hasContent = true
      pushContent("content", attrs, "text/html", true)
    case "newlocation": push("newlocation", true)
    case "tags": push("tags", true)
    case "cc_license":
      let license = PyDict([("rel", .string("license"))])
      if let resource = attrs["rdf:resource"], resource.isTruthy { license["href"] = resource }
      context().setDefault("links", .list(PyList())).list!.items.append(.dict(license))
    case "creativecommons_license": push("license", true)
    case "itunes_keywords": push("itunes_keywords", true)
    case "itunes_summary":
      if context().contains("summary") && !hasContent {
        summaryKey = "content"
        startContent(attrs)
      } else {
        summaryKey = "summary"
        pushContent("summary", attrs, "text/plain", true)
      }
    default: return false
    }
    return true
  }

  private func startContent(_ attrs: PyDict) {
    hasContent = true
    pushContent("content", attrs, "text/plain", true)
    if let src = attrs["src"], src.isTruthy { contentparams["src"] = src }
    push("content", true)
  }

  private func end(_ name: String) -> Bool {
    switch name {
    case "channel", "feed": infeed = false
    case "image":
      pop("image")
      inimage = false
    case "textinput":
      pop("textinput")
      intextinput = false
    case "author", "managingeditor", "dc_author", "dc_creator", "itunes_author":
      pop("author")
      inauthor = false
      syncAuthorDetail()
    case "contributor":
      pop("contributor")
      incontributor = false
    case "dc_contributor":
      endName()
      incontributor = false
    case "name", "itunes_name": endName()
    case "itunes_owner":
      pop("publisher")
      inpublisher = false
      syncAuthorDetail("publisher")
    case "itunes_block":
      let value = pop("itunes_block", stripWhitespace: false)
      context()["itunes_block"] = .int(value == "yes" || value == "Yes" ? 1 : 0)
    case "itunes_explicit":
      let value = pop("itunes_explicit", stripWhitespace: false)
      context()["itunes_explicit"] =
        value == "yes" ? .bool(true) : value == "clean" ? .bool(false) : PyValue.none
    case "width", "height":
      let value = pop(name) ?? ""
      if inimage { context()[name] = .int(Int(value) ?? 0) }
    case "url", "homepage", "uri":
      let value = pop("href") ?? ""
      if inauthor {
        saveAuthor("href", value)
      } else if incontributor {
        saveContributor("href", value)
      }
    case "email", "itunes_email":
      let value = pop("email") ?? ""
      if inpublisher {
        saveAuthor("email", value, prefix: "publisher")
      } else if inauthor {
        saveAuthor("email", value)
      } else if incontributor {
        saveContributor("email", value)
      }
    case "subtitle", "tagline", "itunes_subtitle": popContent("subtitle")
    case "rights", "copyright", "dc_rights": popContent("rights")
    case "item", "entry":
      pop("item")
      inentry = false
      hasContent = false
    case "language", "dc_language": lang = pop("language")
    case "webmaster", "dc_publisher":
      pop("publisher")
      syncAuthorDetail("publisher")
    case "published", "issued", "pubdate", "dcterms_issued":
      let value = pop("published")
      save("published_parsed", .date(value.flatMap(DateParser.parseComponents)), overwrite: true)
    case "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified":
      let value = pop("updated")
      save("updated_parsed", .date(value.flatMap(DateParser.parseComponents)), overwrite: true)
    case "created", "dcterms_created":
      let value = pop("created")
      save("created_parsed", .date(value.flatMap(DateParser.parseComponents)), overwrite: true)
    case "expirationdate":
      let value = pop("expired")
      save("expired_parsed", .date(value.flatMap(DateParser.parseComponents)), overwrite: true)
    case "dcterms_valid":
      for detail in (pop("validity") ?? "").split(separator: ";") {
        let parts = detail.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { continue }
        let value = String(parts[1])
        let key = String(parts[0])
        if key == "start" || key == "end" {
          save("validity_\(key)", .string(value), overwrite: true)
          save("validity_\(key)_parsed", .date(DateParser.parseComponents(value)), overwrite: true)
        }
      }
    case "category", "keywords", "dc_subject", "itunes_category":
      guard let value = pop("category"), !value.isEmpty else { return true }
      let tags = context()["tags"]?.list
      if let tags, let last = tags.items.last?.dict, !(last["term"]?.isTruthy ?? false) {
        last["term"] = .string(value)
      } else {
        addTag(.string(value), .none, .none)
      }
    case "link": pop("link")
    case "guid", "id":
      let value = pop("id")
      save("guidislink", .bool(guidislink && !context().contains("link")))
      if guidislink, let value { save("link", .string(value)) }
    case "title", "dc_title":
      if svgOK > 0 { return true }
      let value = popContent("title")
      if let value, !value.isEmpty { titleDepth = depth }
    case "description", "dc_description", "abstract":
      if summaryKey == "content" {
        endContent()
      } else {
        popContent("description")
      }
      summaryKey = nil
    case "info", "feedburner_browserfriendly": popContent("info")
    case "generator":
      let value = pop("generator")
      if let detail = context()["generator_detail"]?.dict {
        detail["name"] = value.map(PyValue.string) ?? PyValue.none
      }
    case "summary", "itunes_summary":
      if summaryKey == "content" {
        endContent()
      } else {
        popContent(summaryKey ?? "summary")
      }
      summaryKey = nil
    case "source":
      insource = false
      if let value = pop("source"), !value.isEmpty { sourcedata["title"] = .string(value) }
      context()["source"] = .dict(sourcedata.copy())
      sourcedata.removeAll()
    case "content", "body", "xhtml_body", "content_encoded", "fullitem": endContent()
    case "newlocation":
      let url = pop("newlocation") ?? ""
      guard context() === feeddata else { return true }
      feeddata["newlocation"] = .string(makeSafeAbsoluteURI(baseuri, pythonStrip(url)))
    case "tags":
      for term in (pop("tags") ?? "").split(separator: ",", omittingEmptySubsequences: false) {
        addTag(.string(pythonStrip(String(term))), .none, .none)
      }
    case "creativecommons_license":
      let value = pop("license")
      let context = self.context()
      let license = PyDict([("rel", .string("license"))])
      if let value, !value.isEmpty { license["href"] = .string(value) }
      context.setDefault("links", .list(PyList())).list!.items.append(.dict(license))
      context["license"] = nil
    case "itunes_keywords":
      for term in (pop("itunes_keywords") ?? "").split(separator: ",") {
        let trimmed = pythonStrip(String(term))
        if !trimmed.isEmpty { addTag(.string(trimmed), .string("http://www.itunes.com/"), .none) }
      }
    default: return false
    }
    return true
  }

  private func endName() {
    let value = pop("name") ?? ""
    if inpublisher {
      saveAuthor("name", value, prefix: "publisher")
    } else if inauthor {
      saveAuthor("name", value)
    } else if incontributor {
      saveContributor("name", value)
    } else if intextinput {
      context()["name"] = .string(value)
    }
  }

  private func endContent() {
    let type = mapContentType(contentparams["type"]?.string ?? "")
    let copyToSummary = ["text/plain", "text/html", "application/xhtml+xml"].contains(type)
    let value = popContent("content")
    if copyToSummary { save("summary", value.map(PyValue.string) ?? .none) }
  }

  private func cdfCommon(_ attrs: PyDict) {
    if let lastmod = attrs["lastmod"]?.string {
      push("updated", true)
      elementstack[elementstack.count - 1].pieces = [lastmod]
      _ = end("updated")
    }
    if let href = attrs["href"]?.string {
      _ = start("link", PyDict())
      if elementstack.last?.element == "link" {
        elementstack[elementstack.count - 1].pieces = [href]
      }
      _ = end("link")
    }
  }

  static let canBeRelativeURI: Set<String> = [
    "comments", "docs", "href", "icon", "id", "link", "logo", "url", "wfw_comment",
    "wfw_commentrss",
  ]
  static let canContainRelativeURIs: Set<String> = [
    "content", "copyright", "description", "info", "rights", "subtitle", "summary", "tagline",
    "title",
  ]
}

/// feedparser's namespace table, URIs lowercased: the prefix each namespace's elements get.
let matchNamespaces: [String: String] = [
  "": "",
  "http://backend.userland.com/rss": "",
  "http://blogs.law.harvard.edu/tech/rss": "",
  "http://purl.org/rss/1.0/": "",
  "http://my.netscape.com/rdf/simple/0.9/": "",
  "http://example.com/newformat#": "",
  "http://example.com/necho": "",
  "http://purl.org/echo/": "",
  "uri/of/echo/namespace#": "",
  "http://purl.org/pie/": "",
  "http://purl.org/atom/ns#": "",
  "http://www.w3.org/2005/atom": "",
  "http://purl.org/rss/1.0/modules/rss091#": "",
  "http://webns.net/mvcb/": "admin",
  "http://purl.org/rss/1.0/modules/aggregation/": "ag",
  "http://purl.org/rss/1.0/modules/annotate/": "annotate",
  "http://media.tangent.org/rss/1.0/": "audio",
  "http://backend.userland.com/blogchannelmodule": "blogChannel",
  "http://creativecommons.org/ns#license": "cc",
  "http://web.resource.org/cc/": "cc",
  "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html": "creativeCommons",
  "http://backend.userland.com/creativecommonsrssmodule": "creativeCommons",
  "http://purl.org/rss/1.0/modules/company": "co",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://my.theinfo.org/changed/1.0/rss/": "cp",
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://purl.org/rss/1.0/modules/email/": "email",
  "http://purl.org/rss/1.0/modules/event/": "ev",
  "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
  "http://freshmeat.net/rss/fm/": "fm",
  "http://xmlns.com/foaf/0.1/": "foaf",
  "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
  "http://www.georss.org/georss": "georss",
  "http://www.opengis.net/gml": "gml",
  "http://postneo.com/icbm/": "icbm",
  "http://purl.org/rss/1.0/modules/image/": "image",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://example.com/dtds/podcast-1.0.dtd": "itunes",
  "http://purl.org/rss/1.0/modules/link/": "l",
  "http://search.yahoo.com/mrss": "media",
  "http://search.yahoo.com/mrss/": "media",
  "http://madskills.com/public/xml/rss/module/pingback/": "pingback",
  "http://prismstandard.org/namespaces/1.2/basic/": "prism",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
  "http://purl.org/rss/1.0/modules/reference/": "ref",
  "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
  "http://purl.org/rss/1.0/modules/search/": "search",
  "http://purl.org/rss/1.0/modules/slash/": "slash",
  "http://schemas.xmlsoap.org/soap/envelope/": "soap",
  "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
  "http://hacks.benhammersley.com/rss/streaming/": "str",
  "http://purl.org/rss/1.0/modules/subscription/": "sub",
  "http://purl.org/rss/1.0/modules/syndication/": "sy",
  "http://schemas.pocketsoap.com/rss/mydescmodule/": "szf",
  "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
  "http://purl.org/rss/1.0/modules/threading/": "thr",
  "http://purl.org/rss/1.0/modules/textinput/": "ti",
  "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
  "http://wellformedweb.org/commentapi/": "wfw",
  "http://purl.org/rss/1.0/modules/wiki/": "wiki",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.w3.org/1999/xlink": "xlink",
  "http://www.w3.org/xml/1998/namespace": "xml",
  "http://podlove.org/simple-chapters": "psc",
]
