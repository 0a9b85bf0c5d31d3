import CLibXML2

/// libxml2's HTML push parser with SAX callbacks into a `PageTreeBuilder`: the page streams
/// through in chunks and libxml2 keeps no document (only the handful of names it interns).
/// No network, errors recovered and not reported.
///
/// Not thread-safe: one parser per page.
final class HTMLPushParser {
  private var context: htmlParserCtxtPtr?
  // The builder belongs to the caller, which outlives the parse.
  fileprivate unowned(unsafe) let builder: PageTreeBuilder

  /// `encoding`: `.utf8` when the bytes are known to be UTF-8 (a charset the page declares
  /// is then ignored), else nil to let libxml2 follow the byte order mark and `<meta charset>`.
  init(builder: PageTreeBuilder, knownUTF8: Bool) {
    self.builder = builder
    var sax = htmlSAXHandler()
    sax.startElement = saxStart
    sax.endElement = saxEnd
    sax.characters = saxCharacters
    sax.cdataBlock = saxCharacters
    sax.ignorableWhitespace = saxCharacters
    sax.serror = saxIgnoreError
    let user = Unmanaged.passUnretained(self).toOpaque()
    let encoding = knownUTF8 ? XML_CHAR_ENCODING_UTF8 : XML_CHAR_ENCODING_NONE
    context = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, encoding)
    var options =
      HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
      | HTML_PARSE_NONET.rawValue
    if knownUTF8 { options |= HTML_PARSE_IGNORE_ENC.rawValue }
    if let context { htmlCtxtUseOptions(context, Int32(bitPattern: options)) }
  }

  deinit { release() }

  func parse(_ bytes: UnsafeRawBufferPointer) {
    guard let context, let base = bytes.baseAddress else { return }
    var offset = 0
    // htmlParseChunk takes an Int32 size.
    while offset < bytes.count && !builder.isFull {
      let size = min(bytes.count - offset, 1 << 20)
      htmlParseChunk(context, (base + offset).assumingMemoryBound(to: CChar.self), Int32(size), 0)
      offset += size
    }
    if builder.isFull { xmlStopParser(context) }
  }

  func finish() {
    if let context, !builder.isFull { htmlParseChunk(context, nil, 0, 1) }
    release()
  }

  private func release() {
    guard let context else { return }
    if let document = context.pointee.myDoc {
      xmlFreeDoc(document)
      context.pointee.myDoc = nil
    }
    htmlFreeParserCtxt(context)
    self.context = nil
  }
}

private func withBuilder(_ context: UnsafeMutableRawPointer?, _ body: (PageTreeBuilder) -> Void) {
  Unmanaged<HTMLPushParser>.fromOpaque(context!)._withUnsafeGuaranteedRef { body($0.builder) }
}

private let saxStart: startElementSAXFunc = { context, name, attributes in
  guard let name else { return }
  withBuilder(context) { $0.start(name, AttributeList(pairs: attributes)) }
}

private let saxEnd: endElementSAXFunc = { context, _ in
  withBuilder(context) { $0.end() }
}

private let saxCharacters: charactersSAXFunc = { context, characters, length in
  guard let characters, length > 0 else { return }
  withBuilder(context) { $0.characters(UnsafeBufferPointer(start: characters, count: Int(length))) }
}

private let saxIgnoreError: xmlStructuredErrorFunc = { _, _ in }
