import TextTrimming

/// Builds `EntryRecord`s from SAX events: one for the channel, and one per item/entry,
/// handed to `onEntry` as soon as the item closes (or when the next one opens while it is
/// still open, which happens in broken feeds). An item still open when the document ends is
/// dropped: cut short, it lacks what was after the cut (its guid, its date), and taken it would
/// come back under another key once the document arrives whole. Text constructs become plain
/// text straight from the parser's bytes as each element closes.
final class FeedBuilder: XMLEventHandler {
  private struct Frame {
    var element = FeedElement.other
    var textStart: Int
    /// True for an element that set xml:base or xml:lang (it pushed a scope).
    var opensScope = false
    /// True for the element that opened an item/entry.
    var opensEntry = false
    /// True for an element whose children are kept as markup (XHTML content).
    var capturesMarkup = false
    var isMarkupWrapper = false
    var isBase64 = false
    /// Atom content whose text is elsewhere (`src`).
    var hasSource = false
    /// A text construct's `type`.
    var textType = TextType.unspecified
    /// A link's `rel`.
    var linkRel = LinkRel.alternate
    /// A guid's `isPermaLink` (true when absent).
    var isPermaLink = true
    /// A link's `href`, a category's `term`; inside captured markup, the element's local
    /// name (for its end tag).
    var attribute: String?

    /// Whether a text construct is HTML (or XHTML): by its `type`, else by the element's default.
    func isHTML(byDefault: Bool) -> Bool {
      switch textType {
      case .unspecified: return byDefault
      case .html, .xhtml: return true
      case .other: return false
      }
    }
  }

  enum TextType {
    case unspecified, html, xhtml, other

    init(_ bytes: UnsafeBufferPointer<UInt8>?) {
      guard let bytes else {
        self = .unspecified
        return
      }
      if equalsIgnoringASCIICase(bytes, "html") || equalsIgnoringASCIICase(bytes, "text/html") {
        self = .html
      } else if equalsIgnoringASCIICase(bytes, "xhtml")
        || equalsIgnoringASCIICase(bytes, "application/xhtml+xml")
      {
        self = .xhtml
      } else {
        self = .other
      }
    }
  }

  /// The xml:base and xml:lang in force; an element that sets either pushes a new one.
  private struct Scope {
    var base: String?
    var language: String?
  }

  private(set) var kind: FeedKind?
  private(set) var rootName: String?
  private(set) var channel = EntryRecord()
  private(set) var entryCount = 0
  /// Whether the document ended with its root element still open (known after `finish()`).
  private(set) var isTruncated = false
  /// Namespace URIs declared in the document (tells RSS 0.90 from RSS 1.0).
  private var namespaceURIs: Set<String> = []
  // Per-event state: unchecked exclusivity, as nothing here is reentrant.
  @exclusivity(unchecked) private var entry: EntryRecord?
  @exclusivity(unchecked) private var stack: [Frame] = []
  @exclusivity(unchecked) private var scopes: [Scope]
  @exclusivity(unchecked) private var text = ByteBuffer()
  @exclusivity(unchecked) private var markupDepth = 0
  private var prefixCache: [String: String] = [:]
  /// The person an Atom person construct (or `itunes:owner`) is being read into.
  @exclusivity(unchecked) private var person: (name: String?, email: String?)?
  private let converter: HTMLTextConverter
  private let onEntry: (inout EntryRecord) -> Void

  init(
    baseURL: String?, converter: HTMLTextConverter,
    onEntry: @escaping (inout EntryRecord) -> Void
  ) {
    scopes = [Scope(base: baseURL)]
    self.converter = converter
    self.onEntry = onEntry
  }

  var wantsMore: Bool { rootName == nil || kind != nil }

  // MARK: events

  /// The key's `FeedElement` (the XML parser caches it per distinct name).
  func elementCode(forKey key: String) -> Int { Int(FeedElement(key: key).rawValue) }

  func startElement(
    _ name: XMLElementName, attributes: XMLAttributes,
    namespaceDeclarations: [(prefix: String?, uri: String)]
  ) {
    for declaration in namespaceDeclarations { namespaceURIs.insert(declaration.uri) }
    let top = stack.count - 1
    var frame = Frame(textStart: text.count)
    let xmlBase = attributes.value("base", namespace: "http://www.w3.org/XML/1998/namespace")
    let xmlLang = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace")
    if xmlBase != nil || xmlLang != nil {
      var scope = scopes[scopes.count - 1]
      if let xmlBase { scope.base = URLResolver.resolve(xmlBase, against: scope.base) }
      if let xmlLang { scope.language = LanguageTag.normalised(xmlLang) }
      scopes.append(scope)
      frame.opensScope = true
    }

    if markupDepth > 0 {
      let wrapper =
        markupDepth == 1 && name.local == "div" && name.namespace == xhtmlNamespace
        && !(top >= 0 && stack[top].isMarkupWrapper)
      if !wrapper { appendStartTag(local: name.local, attributes: attributes) }
      frame.attribute = name.local
      frame.isMarkupWrapper = wrapper
      stack.append(frame)
      markupDepth += 1
      return
    }

    if rootName == nil {
      rootName = name.local
      detectKind(local: name.local, namespace: name.namespace, attributes: attributes)
      // The root's xml:lang is the feed's language (Atom's way to say it); a <language>
      // element read later says it again.
      if let xmlLang, let language = LanguageTag.normalised(xmlLang) { channel.language = language }
    }
    let element = FeedElement(rawValue: UInt8(truncatingIfNeeded: name.code)) ?? .other
    frame.element = element

    switch element {
    case .item, .entry:
      if entry != nil { closeEntry() }
      entry = EntryRecord()
      entry?.language = scopes[scopes.count - 1].language
      frame.opensEntry = true
    case .link:
      frame.attribute =
        attributes.value("href")
        ?? attributes.value("resource", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
      if frame.attribute != nil { frame.linkRel = LinkRel(attributes.bytes("rel")) }
    case _ where element.isTextConstruct:
      frame.textType = TextType(attributes.bytes("type"))
      let mode = attributes.bytes("mode")
      frame.isBase64 =
        mode?.elementsEqual("base64".utf8)
        ?? (kind == .atom10 && isBase64MediaType(attributes.bytes("type")))
      frame.hasSource = attributes.bytes("src") != nil
      frame.capturesMarkup =
        frame.textType == .xhtml || mode?.elementsEqual("xml".utf8) ?? false
        || element == .body || element == .xhtmlBody
    case .guid:
      if let permalink = attributes.bytes("isPermaLink") {
        frame.isPermaLink = equalsIgnoringASCIICase(permalink, "true")
      }
    case .category, .dcSubject:
      frame.attribute = attributes.value("term")
    default:
      if element.startsPerson { person = (nil, nil) }
    }
    stack.append(frame)
    if frame.capturesMarkup { markupDepth = 1 }
  }

  func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard !stack.isEmpty else { return }
    if markupDepth > 0 {
      appendEscaped(bytes)
    } else if stack[stack.count - 1].element.readsText {
      // Text belongs to the innermost element only (each removes its own at its end), so
      // the text of one nobody reads need not be kept at all.
      text.append(bytes)
    }
  }

  func endElement() {
    guard let frame = stack.popLast() else { return }
    defer { if frame.opensScope { scopes.removeLast() } }
    if markupDepth > 1 {
      markupDepth -= 1
      if !frame.isMarkupWrapper {
        text.append("</")
        text.append(frame.attribute ?? "")
        text.append(UInt8(ascii: ">"))
      }
      return
    }
    if markupDepth == 1 { markupDepth = 0 }
    if frame.opensEntry {
      text.truncate(to: frame.textStart)
      closeEntry()
      return
    }
    // A person construct ends here whether or not it is used.
    let drafted = frame.element.startsPerson ? person : nil
    if frame.element.startsPerson { person = nil }
    if frame.element.readsText {
      let parent = stack.last?.element
      handleEnd(frame, bytes: text.bytes(from: frame.textStart), parent: parent, person: drafted)
    }
    text.truncate(to: frame.textStart)
  }

  /// Ends the document: an entry still open is dropped, and a root element still open makes
  /// the document truncated.
  func finish() {
    entry = nil
    isTruncated = rootName != nil && !stack.isEmpty
  }

  // MARK: element handling

  private func closeEntry() {
    // Moved out, not copied: a copy would retain each of the record's strings once more.
    guard var finished = entry.take() else { return }
    // Atom: an entry without an author has the feed's authors.
    if finished.authors.isEmpty { finished.authors = channel.authors }
    person = nil
    entryCount += 1
    onEntry(&finished)
  }

  private func handleEnd(
    _ frame: Frame, bytes: UnsafeBufferPointer<UInt8>, parent: FeedElement?,
    person drafted: (name: String?, email: String?)?
  ) {
    let element = frame.element
    // The channel's image and text input: their title and link are not the channel's.
    if entry == nil, parent == .image || parent == .textinput { return }
    // Atom person constructs and itunes:owner.
    if person != nil, let parent, parent.holdsPerson {
      switch element {
      case .name, .itunesName: person?.name = trimmedText(bytes)
      case .email, .itunesEmail: person?.email = trimmedText(bytes)
      default: break
      }
      return
    }
    // Atom <source> inside an entry describes another feed.
    if parent == .source, entry != nil { return }
    if element == .hour, parent == .skiphours {
      if let hour = Int(trimmedText(bytes)), (0...24).contains(hour) {
        channel.skipHours.append(hour % 24)
      }
      return
    }
    guard let parent, isContentLevel(parent) else { return }
    // In place: a copy of the record would copy its arrays on the first change.
    if entry != nil {
      apply(frame, bytes: bytes, isEntry: true, person: drafted, to: &entry!)
    } else {
      apply(frame, bytes: bytes, isEntry: false, person: drafted, to: &channel)
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
    _ frame: Frame, bytes: UnsafeBufferPointer<UInt8>, isEntry: Bool,
    person drafted: (name: String?, email: String?)?, to record: inout EntryRecord
  ) {
    let element = frame.element
    let base = scopes[scopes.count - 1].base
    switch element {
    case .title, .dcTitle:
      if element == .dcTitle && record.hasTitle { return }
      record.title = plainText(frame, bytes, htmlByDefault: false)
      record.hasTitle = true
    case .description, .dcDescription:
      // The first description wins over a later one only when it has text.
      let replaces = element == .description ? record.summary == nil : !record.hasSummary
      guard replaces else { return }
      record.summary = itemText(frame, bytes, htmlByDefault: true)
      record.hasSummary = true
    case .summary, .abstract:
      guard isEntry else { return }
      record.summary = itemText(frame, bytes, htmlByDefault: false)
      record.hasSummary = true
    case .subtitle, .tagline, .itunesSubtitle:
      guard !isEntry, element != .itunesSubtitle || !record.hasSummary else { return }
      record.summary = itemText(frame, bytes, htmlByDefault: false)
      record.hasSummary = true
    case .content, .contentEncoded, .body, .xhtmlBody, .fullitem:
      let isHTML = frame.isHTML(byDefault: element != .content)
      record.offerContent(
        frame.hasSource
          ? ContentCandidate(text: nil, isHTML: isHTML, sourceLength: 0)
          : ContentCandidate(
            text: itemText(frame, bytes, htmlByDefault: isHTML), isHTML: isHTML,
            sourceLength: bytes.count))
    case .link:
      if let href = frame.attribute {
        record.addLink(URLResolver.resolve(href, against: base), rel: frame.linkRel)
      } else {
        let trimmed = trimmedText(bytes)
        guard !trimmed.isEmpty else { return }
        record.setRSSLink(URLResolver.resolve(trimmed, against: base))
      }
    case .guid, .id, .dcIdentifier:
      if element == .dcIdentifier && record.id != nil { return }
      let trimmed = trimmedText(bytes)
      record.id = trimmed
      if element == .guid, !trimmed.isEmpty, frame.isPermaLink {
        record.guidLink = URLResolver.resolve(trimmed, against: base)
      }
    case .pubdate, .published, .issued, .dctermsIssued:
      record.published = trimmedText(bytes)
    case .updated, .modified, .dcDate, .dctermsModified, .lastbuilddate:
      if element == .dcDate && record.updated != nil { return }
      record.updated = trimmedText(bytes)
    case .author, .managingeditor, .dcCreator, .itunesAuthor:
      var author = drafted ?? (nil, nil)
      if author.name == nil && author.email == nil {
        let written = parsePerson(String(decoding: bytes, as: UTF8.self))
        author = (written.name, written.email)
      }
      if let name = author.name ?? author.email { record.authors.append(name) }
    case .category, .dcSubject:
      let trimmed = trimmedText(bytes)
      if let term = frame.attribute ?? (trimmed.isEmpty ? nil : trimmed) {
        record.categories.append(term)
      }
    case .language, .dcLanguage:
      if let language = LanguageTag.normalised(trimmedText(bytes)) { record.language = language }
    case .ttl: record.ttl = trimmedText(bytes)
    case .syUpdateperiod: record.updatePeriod = trimmedText(bytes)
    case .syUpdatefrequency: record.updateFrequency = trimmedText(bytes)
    default: break
    }
  }

  /// Plain text of a text construct's bytes (nil when it has none).
  private func plainText(_ frame: Frame, _ bytes: UnsafeBufferPointer<UInt8>, htmlByDefault: Bool)
    -> String?
  {
    let isHTML = frame.isHTML(byDefault: htmlByDefault)
    return decodingBase64(frame, bytes) {
      convertToPlainText($0, isHTML: isHTML, converter: converter)
    }
  }

  private func itemText(_ frame: Frame, _ bytes: UnsafeBufferPointer<UInt8>, htmlByDefault: Bool)
    -> ItemText?
  {
    let isHTML = frame.isHTML(byDefault: htmlByDefault)
    return decodingBase64(frame, bytes) { makeItemText($0, isHTML: isHTML, converter: converter) }
  }

  /// `body` over the element's text, decoded first when it is base64 (Atom 0.3 `mode`, Atom
  /// 1.0 media types).
  private func decodingBase64<T>(
    _ frame: Frame, _ bytes: UnsafeBufferPointer<UInt8>,
    _ body: (UnsafeBufferPointer<UInt8>) -> T
  ) -> T {
    guard frame.isBase64, var decoded = decodeBase64(String(decoding: bytes, as: UTF8.self))
    else { return body(bytes) }
    return decoded.withUTF8(body)
  }

  private func detectKind(local: String, namespace: String?, attributes: XMLAttributes) {
    switch local.lowercased() {
    case "rss":
      switch attributes.value("version") ?? "" {
      case "0.90": kind = .rss090
      case "0.91": kind = .rss091
      case "0.92", "0.93", "0.94": kind = .rss092
      default: kind = .rss20
      }
    case "rdf":
      kind = namespaceURIs.contains(rss090Namespace) ? .rss090 : .rss10
    case "feed":
      kind = namespace == atom03Namespace ? .atom03 : .atom10
    case "channel":
      kind = .rss092
    default:
      kind = nil
    }
  }

  func elementKey(local: String, namespace: String?, prefix: String?) -> String {
    let lower = local.lowercased()
    guard let namespace, !namespace.isEmpty else {
      if let prefix, !prefix.isEmpty { return prefix.lowercased() + ":" + lower }
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
    text.append(local)
    for attribute in attributes.all() {
      text.append(UInt8(ascii: " "))
      text.append(attribute.local)
      text.append("=\"")
      for byte in attribute.value.utf8 {
        switch byte {
        case UInt8(ascii: "&"): text.append("&amp;")
        case UInt8(ascii: "\""): text.append("&quot;")
        case UInt8(ascii: "<"): text.append("&lt;")
        default: text.append(byte)
        }
      }
      text.append(UInt8(ascii: "\""))
    }
    text.append(UInt8(ascii: ">"))
  }

  private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "&"): text.append("&amp;")
      case UInt8(ascii: "<"): text.append("&lt;")
      case UInt8(ascii: ">"): text.append("&gt;")
      default: text.append(byte)
      }
    }
  }
}

func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString)
  -> Bool
{
  guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
  let expected = lowercase.utf8Start
  for index in 0..<bytes.count {
    let byte = bytes[index]
    let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    if lowered != expected[index] { return false }
  }
  return true
}

/// The text with surrounding whitespace removed (ASCII from the bytes; Unicode spaces after).
func trimmedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  var start = 0
  var end = bytes.count
  while start < end, isASCIISpace(bytes[start]) { start += 1 }
  while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
  guard start < end else { return "" }
  let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  return bytes[start] < 0x80 && bytes[end - 1] < 0x80 ? text : text.trimmingWhitespace()
}

func isASCIISpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B
}

/// "jo@example.com (Jo Doe)", "Jo Doe <jo@example.com>", or a bare name/e-mail.
func parsePerson(_ raw: String) -> (name: String?, email: String?) {
  let text = raw.trimmingWhitespace()
  guard !text.isEmpty else { return (nil, nil) }
  var email: String?
  var rest = text
  // Most are a bare name: a byte search says so without walking Characters.
  let hasAt = text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "@")) } ?? true
  if !hasAt && text.utf8.first != UInt8(ascii: "(") { return (text, nil) }
  if hasAt, let at = text.firstIndex(of: "@") {
    // find the e-mail token around "@"
    let separators: Set<Character> = [" ", "<", ">", "(", ")", "\t", "\n", ",", ";", "\""]
    var start = at
    while start > text.startIndex, !separators.contains(text[text.index(before: start)]) {
      start = text.index(before: start)
    }
    var end = at
    while end < text.endIndex, !separators.contains(text[end]) { end = text.index(after: end) }
    var address = String(text[start..<end])
    if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
    email = address
    rest = String(text[..<start]) + String(text[end...])
    rest = rest.replacingAll("()", with: "").replacingAll("<>", with: "")
  }
  var name = rest.trimmingWhitespace()
  if name.hasPrefix("(") && name.hasSuffix(")") {
    name = String(name.dropFirst().dropLast()).trimmingWhitespace()
  }
  return (name.isEmpty ? nil : name, email)
}

/// Atom 1.0 content of a media type that is neither text nor XML is base64 (RFC 4287
/// §4.1.3.3); `text`, `html`, `xhtml`, `text/…`, `…/xml` and `…+xml` are not.
private func isBase64MediaType(_ type: UnsafeBufferPointer<UInt8>?) -> Bool {
  guard let type else { return false }
  let lower = String(decoding: type, as: UTF8.self).lowercased().trimmingWhitespace()
  guard let slash = lower.firstIndex(of: "/") else { return false }
  let subtype = lower[lower.index(after: slash)...].prefix { $0 != ";" }
  return !lower.hasPrefix("text/") && subtype != "xml" && !subtype.hasSuffix("+xml")
}

package func decodeBase64(_ text: String) -> String? {
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
