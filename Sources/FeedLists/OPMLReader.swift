import CLibXML2
import FeedParser
import TextTrimming

#if canImport(Glibc)
  import Glibc
#endif

/// Reads OPML 1.0/2.0 with libxml2's SAX2 push parser: an outline with an `xmlUrl` is a feed,
/// the outlines around it are folders whose names become its tags, as does its `category`.
/// libxml2 reads the encoding from the BOM or the XML declaration; it loads nothing (NONET,
/// no DTD) and expands no entity: HTML's named ones are read as HTML by `DisplayText`, any
/// other name is a well-formedness error.
final class OPMLReader {
  static func read(_ bytes: [UInt8]) throws(FeedListError) -> FeedList {
    let reader = OPMLReader()
    reader.parse(bytes)
    if let failure = reader.failure { throw failure }
    guard reader.sawBody else { throw FeedListError(line: reader.lastLine, cause: .noBody) }
    return reader.list
  }

  private struct OpenOutline {
    var line: Int
    /// The tag it gives the outlines inside it: a folder's name.
    var folderName: String?
    var type: String?
    /// `url`, for an outline of type `include` or `link`.
    var otherURL: String?
    var isFeed: Bool
    var hasOutlines = false
  }

  private var context: xmlParserCtxtPtr?
  private var entities: [String: xmlEntityPtr] = [:]
  /// The elements still open: nil for anything but an outline in the body.
  private var open: [OpenOutline?] = []
  private var bodyDepth: Int?
  private var sawBody = false
  private var list = FeedList(format: .opml(version: nil))
  private var failure: FeedListError?
  private var lastLine = 1

  private init() {}

  deinit {
    for entity in entities.values {
      free(UnsafeMutableRawPointer(mutating: entity.pointee.name))
      free(entity.pointee.content)
      free(entity)
    }
  }

  private func parse(_ bytes: [UInt8]) {
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = opmlStartElement
    sax.endElementNs = opmlEndElement
    sax.getEntity = opmlGetEntity
    sax.serror = opmlError
    let user = Unmanaged.passUnretained(self).toOpaque()
    guard let context = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else {
      failure = FeedListError(line: 1, cause: .notWellFormed("libxml2 could not start"))
      return
    }
    self.context = context
    xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
    bytes.withUnsafeBufferPointer { buffer in
      // xmlParseChunk takes an Int32 size: very large files go in slices.
      var offset = 0
      repeat {
        let size = min(buffer.count - offset, 1 << 20)
        let pointer = buffer.baseAddress.map {
          UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self)
        }
        xmlParseChunk(context, pointer, Int32(size), offset + size == buffer.count ? 1 : 0)
        offset += size
      } while offset < buffer.count && failure == nil
    }
    lastLine = Int(xmlSAX2GetLineNumber(context))
    // A DOCTYPE makes libxml2 build a document even in SAX mode; it is ours to free.
    if let document = context.pointee.myDoc {
      xmlFreeDoc(document)
      context.pointee.myDoc = nil
    }
    xmlFreeParserCtxt(context)
    self.context = nil
  }

  private var line: Int { context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0 }

  fileprivate func startElement(_ local: UnsafePointer<xmlChar>, attributes: OutlineAttributes) {
    var outline: OpenOutline?
    switch open.count {
    case 0:
      if isElement(local, "opml") {
        list.format = .opml(version: attributes.version)
      } else {
        fail(.notOPML(root: String(cString: local)))
      }
    case 1 where isElement(local, "body"):
      bodyDepth = 1
      sawBody = true
    default:
      if let bodyDepth, open.count > bodyDepth, isElement(local, "outline") {
        outline = startOutline(attributes)
      }
    }
    open.append(outline)
  }

  private func startOutline(_ attributes: OutlineAttributes) -> OpenOutline {
    if let parent = open.lastIndex(where: { $0 != nil }) { open[parent]?.hasOutlines = true }
    let title = DisplayText.clean(attributes.title) ?? DisplayText.clean(attributes.text)
    let type = attributes.type
    var outline = OpenOutline(line: line, type: type, isFeed: false)
    if let url = attributes.xmlURL?.trimmingWhitespace(), !url.isEmpty {
      outline.isFeed = true
      addFeed(url: url, title: title, type: type, category: attributes.category)
    } else {
      outline.folderName = title
      outline.otherURL = attributes.url?.trimmingWhitespace()
    }
    return outline
  }

  private func addFeed(url: String, title: String?, type: String?, category: String?) {
    if let type, type != "rss", !Self.feedTypes.contains(type.lowercased()) {
      list.skipped.append(SkippedEntry(line: line, reason: .notAFeed(type: type, url: url)))
      return
    }
    if let problem = WebURL.problem(url) {
      list.skipped.append(SkippedEntry(line: line, reason: problem))
      return
    }
    var tags: [String] = []
    for case let folder? in open.map({ $0?.folderName }) { tags.appendNew(folder) }
    for tag in Self.categories(category) { tags.appendNew(tag) }
    list.entries.append(FeedListEntry(url: url, title: title, tags: tags, line: line))
  }

  /// Outline types readers write for feeds; others (`link`, `include`, a scraper's
  /// `HTML+XPath`) are not polled.
  static let feedTypes: Set<String> = [
    "rss", "atom", "feed", "json", "jsonfeed", "text/xml", "application/rss+xml",
    "application/atom+xml", "application/feed+json",
  ]

  /// OPML 2's `category`: comma-separated, each a tag or a slash-delimited path whose parts
  /// are tags (as nested folders are).
  static func categories(_ attribute: String?) -> [String] {
    guard let attribute, !attribute.isEmpty else { return [] }
    return attribute.utf8.split { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "/") }
      .compactMap { DisplayText.clean(String(decoding: $0, as: UTF8.self)) }
  }

  fileprivate func endElement() {
    guard let element = open.popLast() else { return }
    if open.count == bodyDepth { bodyDepth = nil }
    guard let outline = element, !outline.isFeed, !outline.hasOutlines else { return }
    // An outline with nothing inside and no feed: a note, a link, an inclusion.
    if let type = outline.type, let url = outline.otherURL, !url.isEmpty,
      !Self.feedTypes.contains(type.lowercased())
    {
      list.skipped.append(SkippedEntry(line: outline.line, reason: .notAFeed(type: type, url: url)))
    } else {
      list.skipped.append(
        SkippedEntry(line: outline.line, reason: .noURL(title: outline.folderName)))
    }
  }

  private func fail(_ cause: FeedListError.Cause) {
    guard failure == nil else { return }
    failure = FeedListError(line: line, cause: cause)
    if let context { xmlStopParser(context) }
  }

  fileprivate func recordError(_ error: UnsafePointer<xmlError>) {
    // Fatal errors are the well-formedness ones; namespace complaints are not fatal.
    guard error.pointee.level == XML_ERR_FATAL, failure == nil else { return }
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    failure = FeedListError(
      line: Int(error.pointee.line), cause: .notWellFormed(message.trimmingWhitespace()))
  }

  /// An HTML entity name as a general entity, so libxml2 leaves the reference in the
  /// attribute value as written ("&eacute;") and `DisplayText` decodes it. (A predefined-type
  /// entity would be copied one byte only: libxml2 expects those to be one ASCII character.)
  fileprivate func entity(named name: String) -> xmlEntityPtr? {
    if let cached = entities[name] { return cached }
    guard let text = htmlNamedEntities[name],
      let entity = calloc(1, MemoryLayout<xmlEntity>.size)?.assumingMemoryBound(to: xmlEntity.self)
    else { return nil }
    entity.pointee.type = XML_ENTITY_DECL
    entity.pointee.etype = XML_INTERNAL_GENERAL_ENTITY
    entity.pointee.name = UnsafePointer(Self.duplicate(name))
    entity.pointee.content = Self.duplicate(text)
    entity.pointee.length = Int32(text.utf8.count)
    entities[name] = entity
    return entity
  }

  /// A copy of `text` in malloc'ed memory, as libxml2's strings are.
  private static func duplicate(_ text: String) -> UnsafeMutablePointer<xmlChar>? {
    strdup(text).map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: xmlChar.self) }
  }
}

/// The attributes OPML readers write, without a namespace, matched regardless of case
/// (exporters write `xmlUrl`, `xmlurl` and `XMLURL`). Only these become Strings: a 5,000-feed
/// list has tens of thousands of attributes.
struct OutlineAttributes {
  var xmlURL: String?
  var title: String?
  var text: String?
  var category: String?
  var type: String?
  var url: String?
  var version: String?

  init(_ raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
    guard let raw else { return }
    for index in 0..<count {
      let base = index * 5
      guard raw[base + 2] == nil, let name = raw[base] else { continue }
      func value() -> String {
        guard let start = raw[base + 3], let end = raw[base + 4], end > start else { return "" }
        return Self.decode(UnsafeBufferPointer(start: start, count: end - start))
      }
      if named(name, "xmlurl") {
        xmlURL = value()
      } else if named(name, "title") {
        title = value()
      } else if named(name, "text") {
        text = value()
      } else if named(name, "category") {
        category = value()
      } else if named(name, "type") {
        type = value()
      } else if named(name, "url") {
        url = value()
      } else if named(name, "version") {
        version = value()
      }
    }
  }

  /// Without entity replacement libxml2 writes an "&" that came from `&amp;` or `&#38;` in
  /// an attribute value as "&#38;"; everything else it has decoded.
  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
    let reference = Array("&#38;".utf8)
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "&") && bytes[index...].starts(with: reference) {
        decoded.append(UInt8(ascii: "&"))
        index += reference.count
      } else {
        decoded.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }
}

/// Whether libxml2's `name` is `lowercase` in any case.
@inline(__always)
private func named(_ name: UnsafePointer<xmlChar>, _ lowercase: StaticString) -> Bool {
  let expected = lowercase.utf8Start
  let count = lowercase.utf8CodeUnitCount
  for index in 0..<count where name[index] | 0x20 != expected[index] { return false }
  return name[count] == 0
}

/// Whether libxml2's element name is exactly `expected`.
@inline(__always)
func isElement(_ name: UnsafePointer<xmlChar>, _ expected: StaticString) -> Bool {
  strcmp(
    UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
    UnsafeRawPointer(expected.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
}

extension Array where Element == String {
  /// Appends `tag` unless the list has it already (ignoring case, as `tag:` rules match).
  mutating func appendNew(_ tag: String) {
    guard !contains(where: { $0.lowercased() == tag.lowercased() }) else { return }
    append(tag)
  }
}

/// Runs `body` with the reader behind a callback's context (it outlives the parse).
private func withReader<T>(_ context: UnsafeMutableRawPointer?, _ body: (OPMLReader) -> T) -> T {
  Unmanaged<OPMLReader>.fromOpaque(context!)._withUnsafeGuaranteedRef(body)
}

private let opmlStartElement: startElementNsSAX2Func = {
  context, localname, _, _, _, _, attributeCount, _, attributes in
  guard let localname else { return }
  withReader(context) { reader in
    reader.startElement(
      localname,
      attributes: OutlineAttributes(attributes, count: Int(attributeCount)))
  }
}

private let opmlEndElement: endElementNsSAX2Func = { context, _, _, _ in
  withReader(context) { $0.endElement() }
}

private let opmlGetEntity: getEntitySAXFunc = { context, name in
  guard let name else { return nil }
  return withReader(context) { $0.entity(named: String(cString: name)) }
}

private let opmlError: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  withReader(context) { $0.recordError(error) }
}
