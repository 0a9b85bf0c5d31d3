/// Builds `EntryRecord`s from SAX events: one for the channel, and one per item/entry,
/// handed to `onEntry` as soon as the item closes (or when the next one opens while it is
/// still open, which happens in broken feeds).
final class FeedBuilder: XMLEventHandler {
  private struct Frame {
    var key: String
    var textStart: Int
    var base: String?
    var language: String?
    /// Attributes the end handler needs (type, href, rel…), by name.
    var attributes: [String: String] = [:]
    /// True for the element that opened an item/entry.
    var opensEntry = false
    /// True for an element whose children are kept as markup (XHTML content).
    var capturesMarkup = false
    var isMarkupWrapper = false
    var namespace: String?
    /// False for elements whose text nobody reads.
    var isRead = true
    var element = FeedElement.other
  }

  private(set) var kind: FeedKind?
  private(set) var version = ""
  private(set) var rootName: String?
  private(set) var channel = EntryRecord()
  private(set) var entryCount = 0
  /// Namespace declarations seen (prefix → URI), for the feedparser rendering.
  private(set) var namespaces: [String: String] = [:]
  private(set) var sawUndeclaredPrefix = false
  private var entry: EntryRecord?
  private var stack: [Frame] = []
  private var text: [UInt8] = []
  private var markupDepth = 0
  private var prefixCache: [String: String] = [:]
  private var person: PersonValue?
  private var sourceRecord: EntryRecord?
  private let documentBase: String?
  private let documentLanguage: String?
  private let onEntry: (_ entry: EntryRecord, _ channel: EntryRecord) -> Void

  init(
    baseURL: String?, language: String? = nil,
    onEntry: @escaping (_ entry: EntryRecord, _ channel: EntryRecord) -> Void
  ) {
    documentBase = baseURL
    documentLanguage = language
    self.onEntry = onEntry
  }

  var wantsMore: Bool { rootName == nil || kind != nil }

  // MARK: events

  /// 1 for elements whose text the builder reads, 0 for the rest (their text is dropped unread).
  /// The key's `FeedElement` shifted left by one, plus 1 when the builder reads its text.
  func elementCode(forKey key: String) -> Int {
    Int(FeedElement(key: key).rawValue) << 1 | (Self.usedKeys.contains(key) ? 1 : 0)
  }

  private static let usedKeys: Set<String> = [
    "title", "dc:title", "description", "dc:description", "summary", "abstract", "subtitle",
    "tagline",
    "itunes:subtitle", "rights", "copyright", "dc:rights", "info", "content", "content:encoded",
    "body",
    "xhtml:body", "fullitem", "link", "guid", "id", "dc:identifier", "pubdate", "published",
    "issued",
    "dcterms:issued", "updated", "modified", "dc:date", "dcterms:modified", "lastbuilddate",
    "created",
    "dcterms:created", "expirationdate", "dcterms:valid", "author", "managingeditor", "dc:creator",
    "itunes:author", "contributor", "dc:contributor", "webmaster", "dc:publisher", "category",
    "dc:subject",
    "language", "dc:language", "ttl", "sy:updateperiod", "sy:updatefrequency", "sy:updatebase",
    "comments",
    "docs", "generator", "cloud", "source", "name", "itunes:name", "email", "itunes:email", "uri",
    "url",
    "homepage", "hour", "width", "height", "item", "entry",
  ]

  func startElement(
    key: String, code: Int, local: String, namespace: String?, prefix: String?,
    attributes: XMLAttributes,
    namespaceDeclarations: [(prefix: String?, uri: String)]
  ) {
    for declaration in namespaceDeclarations {
      let name = declaration.prefix ?? ""
      if namespaces[name] == nil { namespaces[name] = declaration.uri }
    }
    // Fields of the parent read in place: copying the whole frame costs a retain per field.
    let top = stack.count - 1
    var base = (top >= 0 ? stack[top].base : nil) ?? documentBase
    if let xmlBase = attributes.value("base", namespace: "http://www.w3.org/XML/1998/namespace") {
      base = URLResolver.resolve(xmlBase, against: base)
    }
    var language = (top >= 0 ? stack[top].language : nil) ?? documentLanguage
    if let xmlLang = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace") {
      language = xmlLang.isEmpty ? nil : xmlLang
    }

    if markupDepth > 0 {
      let wrapper =
        markupDepth == 1 && local == "div" && namespace == xhtmlNamespace
        && !(top >= 0 && stack[top].isMarkupWrapper)
      if !wrapper { appendStartTag(local: local, attributes: attributes) }
      var frame = Frame(key: local, textStart: text.count, base: base, language: language)
      frame.isMarkupWrapper = wrapper
      stack.append(frame)
      markupDepth += 1
      return
    }

    if rootName == nil {
      rootName = local
      detectKind(local: local, namespace: namespace, attributes: attributes)
    }
    var frame = Frame(key: key, textStart: text.count, base: base, language: language)
    frame.namespace = namespace
    frame.isRead = code & 1 == 1
    let element = FeedElement(rawValue: UInt8(truncatingIfNeeded: code >> 1)) ?? .other
    frame.element = element

    switch element {
    case .item, .entry:
      if entry != nil { closeEntry() }
      entry = EntryRecord()
      entry?.language = language
      frame.opensEntry = true
    case .link:
      if let href = attributes.value("href")
        ?? attributes.value("resource", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
      {
        frame.attributes["href"] = href
        frame.attributes["rel"] = attributes.value("rel")
        frame.attributes["type"] = attributes.value("type")
        frame.attributes["title"] = attributes.value("title")
        frame.attributes["length"] = attributes.value("length")
        frame.attributes["hreflang"] = attributes.value("hreflang")
      }
    case .title, .summary, .content, .subtitle, .tagline, .rights, .copyright, .info,
      .description,
      .contentEncoded, .body, .xhtmlBody, .fullitem:
      if let type = attributes.value("type") { frame.attributes["type"] = type }
      if let mode = attributes.value("mode") { frame.attributes["mode"] = mode }
      if let src = attributes.value("src") { frame.attributes["src"] = src }
      let type = (frame.attributes["type"] ?? "").lowercased()
      if type == "xhtml" || type == "application/xhtml+xml" || frame.attributes["mode"] == "xml"
        || element == .body
        || element == .xhtmlBody
      {
        frame.capturesMarkup = true
      }
    case .guid:
      if let permalink = attributes.value("isPermaLink") {
        frame.attributes["isPermaLink"] = permalink
      }
    case .category, .dcSubject:
      frame.attributes["term"] = attributes.value("term")
      frame.attributes["scheme"] = attributes.value("scheme")
      frame.attributes["label"] = attributes.value("label")
      frame.attributes["domain"] = attributes.value("domain")
    case .enclosure:
      var link = LinkValue(rel: "enclosure")
      link.href = attributes.value("url").map { URLResolver.resolve($0, against: base) }
      link.length = attributes.value("length")
      link.type = attributes.value("type")
      if link.href != nil || link.type != nil {
        if entry != nil { entry!.links.append(link) } else { channel.links.append(link) }
      }
    case .author, .contributor, .dcCreator, .dcContributor, .managingeditor, .webmaster,
      .dcPublisher,
      .itunesOwner:
      person = PersonValue()
    case .source:
      if entry != nil {
        sourceRecord = EntryRecord()
        if let url = attributes.value("url") { frame.attributes["url"] = url }
      }
    case .image, .textinput, .textInputMixedCase:
      if let resource = attributes.value(
        "resource", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
      {
        frame.attributes["resource"] = resource
      }
    case .cloud, .generator, .itunesImage, .mediaThumbnail, .mediaContent,
      .itunesCategory:
      for (_, name, value) in attributes.all() { frame.attributes[name] = value }
    default: break
    }
    stack.append(frame)
    if frame.capturesMarkup { markupDepth = 1 }
  }

  func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard !stack.isEmpty else { return }
    if markupDepth > 0 {
      appendEscaped(bytes)
    } else {
      text.append(contentsOf: bytes)
    }
  }

  func endElement() {
    guard let frame = stack.popLast() else { return }
    if markupDepth > 1 {
      markupDepth -= 1
      if !frame.isMarkupWrapper {
        text.append(contentsOf: "</".utf8)
        text.append(contentsOf: frame.key.utf8)
        text.append(UInt8(ascii: ">"))
      }
      return
    }
    if markupDepth == 1 { markupDepth = 0 }
    if !frame.isRead {
      text.removeSubrange(frame.textStart...)
      return
    }
    let value = String(decoding: text[frame.textStart...], as: UTF8.self)
    text.removeSubrange(frame.textStart...)
    if frame.opensEntry {
      closeEntry()
      return
    }
    let top = stack.count - 1
    handleEnd(
      frame, value: value, parentKey: top >= 0 ? stack[top].key : nil,
      parent: top >= 0 ? stack[top].element : nil)
  }

  /// Hands out the entry still open at the end of a truncated document.
  func finish() {
    if entry != nil { closeEntry() }
  }

  // MARK: element handling

  private func closeEntry() {
    guard let finished = entry else { return }
    entry = nil
    person = nil
    sourceRecord = nil
    entryCount += 1
    onEntry(finished, channel)
  }

  private func handleEnd(
    _ frame: Frame, value: String, parentKey: String?, parent: FeedElement?
  ) {
    let key = frame.key
    let element = frame.element
    // Sub-objects of the channel: image and text input.
    if parent == .image || parent == .textinput || parent == .textInputMixedCase,
      entry == nil
    {
      let object = parent == .image ? "image" : "textinput"
      var fields = channel.objects[object] ?? [:]
      let field = element == .link ? "link" : key
      if let href = frame.attributes["href"], element == .link {
        fields[field] = URLResolver.resolve(href, against: frame.base)
      } else if element == .link || element == .url {
        fields[field] = URLResolver.resolve(value.trimmingWhitespace(), against: frame.base)
      } else {
        fields[field] = value.trimmingWhitespace()
      }
      channel.objects[object] = fields
      return
    }
    // Atom person constructs and itunes:owner.
    if person != nil, let parent, parent.holdsPerson {
      let trimmed = value.trimmingWhitespace()
      switch element {
      case .name, .itunesName: person?.name = trimmed
      case .email, .itunesEmail: person?.email = trimmed
      case .uri, .url, .homepage:
        person?.href = URLResolver.resolve(trimmed, against: frame.base)
      default: break
      }
      return
    }
    // Atom <source> inside an entry.
    if parent == .source, sourceRecord != nil, entry != nil {
      var source = sourceRecord!
      apply(key: key, frame: frame, value: value, isEntry: true, to: &source)
      sourceRecord = source
      return
    }
    if element == .hour, parent == .skiphours || parent == .skipHoursMixedCase {
      if let hour = Int(value.trimmingWhitespace()), (0...24).contains(hour) {
        channel.skipHours.append(hour % 24)
      }
      return
    }
    if element == .source, var source = sourceRecord, entry != nil {
      if let url = frame.attributes["url"] {
        source.links.append(
          LinkValue(rel: "self", href: URLResolver.resolve(url, against: frame.base)))
        source.extras["href"] = URLResolver.resolve(url, against: frame.base)
        let title = value.trimmingWhitespace()
        if !title.isEmpty { source.texts["title"] = TextValue(value: title, type: "text/plain") }
      }
      sourceRecord = nil
      entry?.objects["source"] = sourceFields(source)
      entry?.extras["_source_present"] = "1"
      return
    }
    guard parentKey != nil, isContentLevel(parent ?? .other) else { return }
    // In place: a copy of the record would copy its dictionaries on the first change.
    if entry != nil {
      apply(key: key, frame: frame, value: value, isEntry: true, to: &entry!)
    } else {
      apply(key: key, frame: frame, value: value, isEntry: false, to: &channel)
    }
  }

  /// True when the parent is the channel, the item, or the root (RSS 1.0 puts items beside the channel).
  private func isContentLevel(_ parent: FeedElement) -> Bool {
    switch parent {
    case .channel, .item, .entry, .feed, .rss, .rdfRdf, .rdf, .redirect: return true
    default: return stack.count <= 2
    }
  }

  private func apply(
    key: String, frame: Frame, value: String, isEntry: Bool, to record: inout EntryRecord
  ) {
    let element = frame.element
    switch element {
    case .title, .dcTitle:
      if element == .dcTitle && record.texts["title"] != nil { return }
      record.texts["title"] = textValue(frame, value: value, defaultType: "text/plain")
    case .description:
      let textKey = isEntry ? "summary" : "subtitle"
      if record.texts[textKey] == nil || record.texts[textKey]!.value.isEmpty {
        record.texts[textKey] = textValue(frame, value: value, defaultType: "text/html")
      }
    case .dcDescription:
      let textKey = isEntry ? "summary" : "subtitle"
      if record.texts[textKey] == nil {
        record.texts[textKey] = textValue(frame, value: value, defaultType: "text/html")
      }
    case .summary, .abstract:
      record.texts["summary"] = textValue(frame, value: value, defaultType: "text/plain")
    case .subtitle, .tagline,
      .itunesSubtitle where !isEntry:
      if element == .itunesSubtitle && record.texts["subtitle"] != nil { break }
      record.texts["subtitle"] = textValue(frame, value: value, defaultType: "text/plain")
    case .rights, .copyright, .dcRights:
      record.texts["rights"] = textValue(frame, value: value, defaultType: "text/plain")
    case .info:
      record.texts["info"] = textValue(frame, value: value, defaultType: "text/plain")
    case .content, .contentEncoded, .body, .xhtmlBody, .fullitem:
      let defaultType =
        element == .content
        ? "text/plain"
        : (element == .contentEncoded || element == .fullitem)
          ? "text/html" : "application/xhtml+xml"
      var content = textValue(frame, value: value, defaultType: defaultType)
      if let src = frame.attributes["src"] {
        content.value = ""
        record.extras["_content_src"] = URLResolver.resolve(src, against: frame.base)
      }
      record.contents.append(content)
    case .link:
      if let href = frame.attributes["href"] {
        var link = LinkValue()
        link.rel = frame.attributes["rel"] ?? "alternate"
        link.type = frame.attributes["type"]
        link.href = URLResolver.resolve(href, against: frame.base)
        link.title = frame.attributes["title"]
        link.length = frame.attributes["length"]
        link.hreflang = frame.attributes["hreflang"]
        record.links.append(link)
      } else {
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { return }
        let href = URLResolver.resolve(trimmed, against: frame.base)
        if let index = record.links.firstIndex(where: { $0.rel == "alternate" && $0.extrasRSS }) {
          record.links[index].href = href
        } else {
          record.links.append(
            LinkValue(
              rel: "alternate", type: "text/html", href: href, title: nil, length: nil,
              hreflang: "rss"))
        }
      }
    case .guid, .id,
      .dcIdentifier where element != .dcIdentifier || record.id == nil:
      let trimmed = value.trimmingWhitespace()
      record.id = trimmed
      if element == .guid {
        let permalink = frame.attributes["isPermaLink"]?.lowercased() ?? "true"
        record.guidIsLink = permalink == "true" && !trimmed.isEmpty
        if record.guidIsLink == true {
          record.extras["_guid_link"] = URLResolver.resolve(trimmed, against: frame.base)
        }
      }
    case .pubdate, .published, .issued, .dctermsIssued:
      record.dates["published"] = value.trimmingWhitespace()
    case .updated, .modified, .dcDate, .dctermsModified, .lastbuilddate:
      if element == .dcDate && record.dates["updated"] != nil { return }
      record.dates["updated"] = value.trimmingWhitespace()
    case .created, .dctermsCreated:
      record.dates["created"] = value.trimmingWhitespace()
    case .expirationdate, .dctermsValid:
      record.dates["expired"] = value.trimmingWhitespace()
    case .author, .managingeditor, .dcCreator, .itunesAuthor:
      var person = self.person ?? PersonValue()
      if person.isEmpty { person = parsePerson(value) }
      self.person = nil
      if !person.isEmpty { record.authors.append(person) }
    case .contributor, .dcContributor:
      var person = self.person ?? PersonValue()
      if person.isEmpty { person = parsePerson(value) }
      self.person = nil
      if !person.isEmpty { record.contributors.append(person) }
    case .webmaster, .dcPublisher:
      var person = self.person ?? PersonValue()
      if person.isEmpty { person = parsePerson(value) }
      self.person = nil
      if !person.isEmpty { record.publisher = person }
    case .category, .dcSubject:
      var tag = TagValue()
      let trimmed = value.trimmingWhitespace()
      tag.term = frame.attributes["term"] ?? (trimmed.isEmpty ? nil : trimmed)
      tag.scheme = frame.attributes["scheme"] ?? frame.attributes["domain"]
      tag.label = frame.attributes["label"]
      if tag.term != nil { record.tags.append(tag) }
    case .language, .dcLanguage:
      let trimmed = value.trimmingWhitespace()
      if !trimmed.isEmpty { record.language = trimmed }
    case .ttl: record.extras["ttl"] = value.trimmingWhitespace()
    case .syUpdateperiod: record.extras["sy_updateperiod"] = value.trimmingWhitespace()
    case .syUpdatefrequency: record.extras["sy_updatefrequency"] = value.trimmingWhitespace()
    case .syUpdatebase: record.extras["sy_updatebase"] = value.trimmingWhitespace()
    case .comments:
      record.extras["comments"] = URLResolver.resolve(
        value.trimmingWhitespace(), against: frame.base)
    case .docs:
      record.extras["docs"] = URLResolver.resolve(value.trimmingWhitespace(), against: frame.base)
    case .generator:
      record.extras["generator"] = value.trimmingWhitespace()
      var detail: [String: String] = ["name": value.trimmingWhitespace()]
      if let uri = frame.attributes["uri"] ?? frame.attributes["url"] {
        detail["href"] = URLResolver.resolve(uri, against: frame.base)
      }
      if let version = frame.attributes["version"] { detail["version"] = version }
      record.objects["generator_detail"] = detail
    case .cloud:
      record.objects["cloud"] = frame.attributes
    default: break
    }
  }

  private func sourceFields(_ source: EntryRecord) -> [String: String] {
    var fields: [String: String] = [:]
    if let title = source.texts["title"] { fields["title"] = title.value }
    if let href = source.extras["href"] { fields["href"] = href }
    if let link = source.links.first(where: { $0.rel == "alternate" })?.href {
      fields["link"] = link
    }
    if let id = source.id { fields["id"] = id }
    if let updated = source.dates["updated"] { fields["updated"] = updated }
    return fields
  }

  private func textValue(_ frame: Frame, value: String, defaultType: String) -> TextValue {
    var type = defaultType
    if let raw = frame.attributes["type"]?.lowercased() {
      switch raw {
      case "text", "": type = "text/plain"
      case "html": type = "text/html"
      case "xhtml": type = "application/xhtml+xml"
      default: type = raw
      }
    }
    var text = frame.capturesMarkup ? value : value
    if frame.attributes["mode"] == "base64", let decoded = decodeBase64(text) { text = decoded }
    if !frame.capturesMarkup { text = text.trimmingWhitespace() }
    return TextValue(value: text, type: type, language: frame.language, base: frame.base)
  }

  private func detectKind(local: String, namespace: String?, attributes: XMLAttributes) {
    switch local.lowercased() {
    case "rss":
      let version = attributes.value("version") ?? ""
      switch version {
      case "0.90": kind = .rss090
      case "0.91": kind = .rss091
      case "0.92", "0.93", "0.94": kind = .rss092
      default: kind = .rss20
      }
      self.version = version
    case "rdf":
      kind = namespacesContain(rss090Namespace) ? .rss090 : .rss10
    case "feed":
      kind = namespace == atom03Namespace ? .atom03 : .atom10
      self.version = attributes.value("version") ?? ""
    case "channel":
      kind = .rss092
    default:
      kind = nil
    }
  }

  private func namespacesContain(_ uri: String) -> Bool { namespaces.values.contains(uri) }

  func elementKey(local: String, namespace: String?, prefix: String?) -> String {
    let lower = local.lowercased()
    guard let namespace, !namespace.isEmpty else {
      if let prefix, !prefix.isEmpty {
        sawUndeclaredPrefix = true
        return prefix.lowercased() + ":" + lower
      }
      return lower
    }
    let canonical: String
    if let cached = prefixCache[namespace] {
      canonical = cached
    } else {
      canonical = knownNamespacePrefixes[namespace.lowercased()] ?? (prefix?.lowercased() ?? "")
      prefixCache[namespace] = canonical
    }
    return canonical.isEmpty ? lower : canonical + ":" + lower
  }

  // MARK: markup capture (XHTML content)

  private func appendStartTag(local: String, attributes: XMLAttributes) {
    text.append(UInt8(ascii: "<"))
    text.append(contentsOf: local.utf8)
    for attribute in attributes.all() {
      text.append(UInt8(ascii: " "))
      text.append(contentsOf: attribute.local.utf8)
      text.append(contentsOf: "=\"".utf8)
      for byte in attribute.value.utf8 {
        switch byte {
        case UInt8(ascii: "&"): text.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "\""): text.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "<"): text.append(contentsOf: "&lt;".utf8)
        default: text.append(byte)
        }
      }
      text.append(UInt8(ascii: "\""))
    }
    text.append(UInt8(ascii: ">"))
  }

  private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
    // A local buffer: per-byte access to a stored property costs exclusivity checks.
    var buffer: [UInt8] = []
    swap(&buffer, &text)
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "&"): buffer.append(contentsOf: "&amp;".utf8)
      case UInt8(ascii: "<"): buffer.append(contentsOf: "&lt;".utf8)
      case UInt8(ascii: ">"): buffer.append(contentsOf: "&gt;".utf8)
      default: buffer.append(byte)
      }
    }
    swap(&buffer, &text)
  }
}

extension LinkValue {
  /// A link made from an RSS `<link>` text element (marked by hreflang "rss" until rendered).
  var extrasRSS: Bool { hreflang == "rss" }
}

/// "jo@example.com (Jo Doe)", "Jo Doe <jo@example.com>", or a bare name/e-mail.
func parsePerson(_ raw: String) -> PersonValue {
  let text = raw.trimmingWhitespace()
  guard !text.isEmpty else { return PersonValue() }
  var person = PersonValue()
  var rest = text
  if let at = text.firstIndex(of: "@") {
    // find the e-mail token around "@"
    let separators: Set<Character> = [" ", "<", ">", "(", ")", "\t", "\n", ",", ";", "\""]
    var start = at
    while start > text.startIndex, !separators.contains(text[text.index(before: start)]) {
      start = text.index(before: start)
    }
    var end = at
    while end < text.endIndex, !separators.contains(text[end]) { end = text.index(after: end) }
    var email = String(text[start..<end])
    if email.lowercased().hasPrefix("mailto:") { email = String(email.dropFirst(7)) }
    person.email = email
    rest = String(text[..<start]) + String(text[end...])
    rest = rest.replacingAll("()", with: "").replacingAll("<>", with: "")
  }
  var name = rest.trimmingWhitespace()
  if name.hasPrefix("(") && name.hasSuffix(")") {
    name = String(name.dropFirst().dropLast()).trimmingWhitespace()
  }
  if !name.isEmpty { person.name = name }
  return person
}

func decodeBase64(_ text: String) -> String? {
  var bits = 0
  var count = 0
  var bytes: [UInt8] = []
  for scalar in text.unicodeScalars {
    let value: Int
    switch scalar {
    case "A"..."Z": value = Int(scalar.value) - 65
    case "a"..."z": value = Int(scalar.value) - 97 + 26
    case "0"..."9": value = Int(scalar.value) - 48 + 52
    case "+", "-": value = 62
    case "/", "_": value = 63
    case "=", " ", "\n", "\r", "\t": continue
    default: return nil
    }
    bits = (bits << 6) | value
    count += 6
    if count >= 8 {
      count -= 8
      bytes.append(UInt8((bits >> count) & 0xFF))
    }
  }
  return String(validating: bytes, as: UTF8.self)
}
