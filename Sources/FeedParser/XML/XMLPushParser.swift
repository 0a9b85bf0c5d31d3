package import CLibXML2
import TextTrimming

/// The attributes of one start tag, read straight from libxml2's arrays while the
/// callback runs (nothing is converted unless asked for).
package struct XMLAttributes {
  package let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  package let count: Int

  /// The value of the attribute `local` in namespace `namespace` (nil: no namespace).
  @inline(__always) func value(_ local: StaticString, namespace: StaticString? = nil) -> String? {
    guard count > 0 else { return nil }
    return find(local, namespace: namespace).map(Self.decode)
  }

  /// The raw bytes of that value, valid only while the callback runs: for values the caller
  /// only compares, so no String is made.
  @inline(__always) func bytes(_ local: StaticString, namespace: StaticString? = nil)
    -> UnsafeBufferPointer<UInt8>?
  {
    // Most elements have no attributes: that is known without a call.
    guard count > 0 else { return nil }
    return find(local, namespace: namespace)
  }

  private func find(_ local: StaticString, namespace: StaticString?) -> UnsafeBufferPointer<UInt8>?
  {
    guard let raw else { return nil }
    for index in 0..<count {
      let base = index * 5
      guard let name = raw[base], equalsASCII(name, local) else { continue }
      let uri = raw[base + 2]
      if let namespace {
        guard let uri, equalsASCII(uri, namespace) else { continue }
      } else if uri != nil {
        continue
      }
      return Self.valueBytes(raw, base)
    }
    return nil
  }

  /// Every attribute as (namespace URI, local name, value).
  package func all() -> [(namespace: String?, local: String, value: String)] {
    guard let raw, count > 0 else { return [] }
    return (0..<count).map { index in
      let base = index * 5
      return (
        raw[base + 2].map { String(cString: $0) }, raw[base].map { String(cString: $0) } ?? "",
        Self.decode(Self.valueBytes(raw, base))
      )
    }
  }

  /// The value of the attribute whose five pointers start at `base` (libxml2 gives its start
  /// and end).
  private static func valueBytes(_ raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ base: Int)
    -> UnsafeBufferPointer<UInt8>
  {
    guard let start = raw[base + 3], let end = raw[base + 4], end > start else {
      return UnsafeBufferPointer(start: nil, count: 0)
    }
    return UnsafeBufferPointer(start: start, count: end - start)
  }

  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // Without entity replacement libxml2 writes "&" from an entity as "&#38;" in attribute values.
    guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x26 && bytes[index...].starts(with: "&#38;".utf8) {
        decoded.append(0x26)
        index += 5
      } else {
        decoded.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }
}

private func equalsASCII(_ c: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
  let count = s.utf8CodeUnitCount
  let bytes = s.utf8Start
  for index in 0..<count where c[index] != bytes[index] { return false }
  return c[count] == 0
}

extension String {
  package func replacingAll(_ target: String, with replacement: String) -> String {
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    result += rest
    return result
  }
}

/// An element's names with the handler's key and code for them. One instance per distinct
/// name in a document, shared by all its elements, so an event passes one reference.
package final class XMLElementName {
  package let key: String
  let code: Int
  package let local: String
  package let namespace: String?
  let prefix: String?

  init(key: String, code: Int, local: String, namespace: String?, prefix: String?) {
    self.key = key
    self.code = code
    self.local = local
    self.namespace = namespace
    self.prefix = prefix
  }
}

private struct ElementIdentity: Hashable {
  var local: UnsafeRawPointer
  var namespace: UnsafeRawPointer?
  var prefix: UnsafeRawPointer?
}

/// Receives the SAX events of `XMLPushParser`.
package protocol XMLEventHandler: AnyObject {
  /// The handler's name for an element; computed once per distinct name and cached.
  func elementKey(local: String, namespace: String?, prefix: String?) -> String
  /// A number the handler attaches to an element key (computed once per distinct name).
  func elementCode(forKey key: String) -> Int
  func startElement(
    _ name: XMLElementName, attributes: XMLAttributes,
    namespaceDeclarations: [(prefix: String?, uri: String)])
  func endElement()
  func characters(_ bytes: UnsafeBufferPointer<UInt8>)
  /// Returns false to stop parsing (for example when the root element is not a feed).
  var wantsMore: Bool { get }
}

/// A libxml2 SAX2 push parser over UTF-8 input, with the safety settings feeds need:
/// no network, recovery from errors, no DTD loading, no entity expansion (our own
/// `getEntity` answers every reference with literal or HTML-decoded text).
///
/// Not thread-safe: use from one thread or serial queue at a time.
package final class XMLPushParser {
  private var context: xmlParserCtxtPtr?
  // Unsafe: checked unowned costs a reference-count operation per SAX event, and the handler
  // is the owner's, which outlives this parser (`RecordStreamParser`, the feedparser renderer).
  fileprivate unowned(unsafe) let handler: any XMLEventHandler
  private var entities: [String: xmlEntityPtr] = [:]
  private var names: [UnsafeRawPointer: String] = [:]
  private var keys: [ElementIdentity: XMLElementName] = [:]
  private var recentNames = [(identity: ElementIdentity, name: XMLElementName)?](
    repeating: nil, count: 64)
  package private(set) var errors = XMLErrorLog()
  private(set) var stopped = false
  /// References to entities XML does not predefine (HTML names, DTD-declared or unknown).
  package private(set) var undeclaredEntityCount = 0
  /// Entities the caller allows to expand (name → replacement text), e.g. the safe
  /// declarations feedparser keeps from a DOCTYPE.
  package var declaredEntities: [String: String] = [:]
  /// While true, events do not reach the handler: for the start tags that reopen the elements
  /// `XMLScanner` had open when it handed over.
  var muted = false

  /// Whether a CDATA section cut off by the end of the document is read to its end. libxml2
  /// hands CDATA out in blocks of 300 bytes until it sees the section's end, drops the last
  /// block of one that never ends and reports the document's end where that block starts;
  /// `XMLScanner` reads on to the end, and so does this parser for the daemon.
  var keepsTruncatedCDATA = false

  package init(handler: any XMLEventHandler) {
    self.handler = handler
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = saxStartElement
    sax.endElementNs = saxEndElement
    sax.characters = saxCharacters
    sax.cdataBlock = saxCharacters
    sax.getEntity = saxGetEntity
    sax.serror = saxError
    let user = Unmanaged.passUnretained(self).toOpaque()
    context = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil)
    // IGNORE_ENC: the input has already been transcoded to UTF-8 by `CharsetDecoder`.
    let options = Int32(
      XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
    if let context { xmlCtxtUseOptions(context, options) }
  }

  deinit {
    release()
    for entity in entities.values { feedwatch_freeTextEntity(entity) }
  }

  package func parse(_ bytes: UnsafeBufferPointer<UInt8>, last: Bool = false) {
    guard let context, !stopped else { return }
    var offset = 0
    // xmlParseChunk takes an Int32 size: feed very large buffers in slices.
    repeat {
      let size = min(bytes.count - offset, 1 << 20)
      let pointer = bytes.baseAddress.map {
        UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self)
      }
      let isLast = last && offset + size == bytes.count
      xmlParseChunk(context, pointer, Int32(size), isLast ? 1 : 0)
      offset += size
    } while offset < bytes.count && !stopped
  }

  package func finish() {
    if let context, !stopped {
      if keepsTruncatedCDATA { handOutTruncatedCDATA(context) }
      xmlParseChunk(context, nil, 0, 1)
    }
    release()
  }

  private func handOutTruncatedCDATA(_ context: xmlParserCtxtPtr) {
    guard context.pointee.instate == XML_PARSER_CDATA_SECTION, let input = context.pointee.input,
      let start = input.pointee.cur, let end = input.pointee.end, end > start
    else { return }
    let rest = UnsafeBufferPointer(start: start, count: end - start)
    if !muted { handler.characters(rest) }
    // Where libxml2 reports the document's end, as if it had read these bytes.
    input.pointee.line += Int32(rest.count { $0 == 0x0A })
    input.pointee.cur = end
  }

  fileprivate func stop() {
    stopped = true
    if let context { xmlStopParser(context) }
  }

  private func release() {
    guard let context else { return }
    // A DOCTYPE makes libxml2 build a document even in SAX mode; it is ours to free.
    if let document = context.pointee.myDoc {
      xmlFreeDoc(document)
      context.pointee.myDoc = nil
    }
    xmlFreeParserCtxt(context)
    self.context = nil
  }

  // MARK: callbacks

  fileprivate func name(_ pointer: UnsafePointer<xmlChar>) -> String {
    // libxml2 interns names in its dictionary, so the pointer identifies the name.
    let key = UnsafeRawPointer(pointer)
    if let known = names[key] { return known }
    let name = String(cString: pointer)
    names[key] = name
    return name
  }

  /// The names and handler's key for an element, cached by libxml2's interned name pointers
  /// (one lookup per element).
  fileprivate func names(
    local: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
    prefix: UnsafePointer<xmlChar>?
  ) -> XMLElementName {
    let identity = ElementIdentity(
      local: UnsafeRawPointer(local), namespace: namespace.map(UnsafeRawPointer.init),
      prefix: prefix.map(UnsafeRawPointer.init))
    // Most documents use a dozen names over and over: the last one seen for each local name
    // pointer answers without hashing.
    let slot = Int(bitPattern: UInt(bitPattern: local) >> 3) & (recentNames.count - 1)
    if let recent = recentNames[slot], recent.identity == identity { return recent.name }
    if let known = keys[identity] {
      recentNames[slot] = (identity, known)
      return known
    }
    let localName = name(local)
    let namespaceName = namespace.map { name($0) }
    let prefixName = prefix.map { name($0) }
    let key = handler.elementKey(local: localName, namespace: namespaceName, prefix: prefixName)
    let entry = XMLElementName(
      key: key, code: handler.elementCode(forKey: key), local: localName,
      namespace: namespaceName, prefix: prefixName)
    keys[identity] = entry
    recentNames[slot] = (identity, entry)
    return entry
  }

  /// After an error libxml2 (2.9) silently drops later entity references, even `&amp;`,
  /// because it checks `wellFormed`. The error is recorded; clearing the flag keeps the text whole.
  fileprivate func keepEntitiesAfterError() {
    if let context, context.pointee.wellFormed == 0 { context.pointee.wellFormed = 1 }
  }

  fileprivate func entity(named rawName: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
    let name = String(cString: rawName)
    if let cached = entities[name] {
      if declaredEntities[name] == nil { undeclaredEntityCount += 1 }
      return cached
    }
    if let declared = declaredEntities[name] {
      guard let entity = feedwatch_makeTextEntity(name, declared) else { return nil }
      entities[name] = entity
      return entity
    }
    undeclaredEntityCount += 1
    // HTML named entities decode to their character; anything else (including entities a
    // DTD declares: XXE, billion laughs) stays literal text and is never expanded.
    let text = undeclaredEntityText(name)
    guard let entity = feedwatch_makeTextEntity(name, text) else { return nil }
    entities[name] = entity
    return entity
  }

  fileprivate func recordError(_ error: UnsafeMutablePointer<xmlError>) {
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    errors.record(
      line: Int(error.pointee.line),
      message: (error.pointee.message.map { String(cString: $0) } ?? "unknown error")
        .trimmingWhitespace())
  }

}

/// Runs `body` with the parser behind a callback's context. The parser outlives every
/// callback (it owns the libxml2 context), so no reference is counted per SAX event.
private func withParser<T>(_ context: UnsafeMutableRawPointer?, _ body: (XMLPushParser) -> T) -> T {
  Unmanaged<XMLPushParser>.fromOpaque(context!)._withUnsafeGuaranteedRef(body)
}

private let saxStartElement: startElementNsSAX2Func = {
  context, localname, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
  withParser(context) { parser in
    startElement(
      parser, localname: localname, prefix: prefix, uri: uri, namespaceCount: namespaceCount,
      namespaces: namespaces, attributeCount: attributeCount, attributes: attributes)
  }
}

private func startElement(
  _ parser: XMLPushParser, localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
  uri: UnsafePointer<xmlChar>?, namespaceCount: Int32,
  namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributeCount: Int32,
  attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
  parser.keepEntitiesAfterError()
  guard let localname, !parser.muted else { return }
  var declarations: [(prefix: String?, uri: String)] = []
  if namespaceCount > 0, let namespaces {
    for index in 0..<Int(namespaceCount) {
      let declaredPrefix = namespaces[2 * index].map { parser.name($0) }
      let declaredURI = namespaces[2 * index + 1].map { String(cString: $0) } ?? ""
      declarations.append((declaredPrefix, declaredURI))
    }
  }
  parser.handler.startElement(
    parser.names(local: localname, namespace: uri, prefix: prefix),
    attributes: XMLAttributes(raw: attributes, count: Int(attributeCount)),
    namespaceDeclarations: declarations)
  // Right at the element that decides it (the root), so what is read does not depend on how
  // the input was cut into chunks.
  if !parser.handler.wantsMore { parser.stop() }
}

private let saxEndElement: endElementNsSAX2Func = { context, _, _, _ in
  withParser(context) { parser in
    if !parser.muted { parser.handler.endElement() }
  }
}

private let saxCharacters: charactersSAXFunc = { context, characters, length in
  guard let characters, length > 0 else { return }
  withParser(context) { parser in
    parser.keepEntitiesAfterError()
    if !parser.muted {
      parser.handler.characters(UnsafeBufferPointer(start: characters, count: Int(length)))
    }
  }
}

private let saxGetEntity: getEntitySAXFunc = { context, name in
  guard let name else { return nil }
  return withParser(context) { $0.entity(named: name) }
}

private let saxError: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  withParser(context) { $0.recordError(error) }
}
