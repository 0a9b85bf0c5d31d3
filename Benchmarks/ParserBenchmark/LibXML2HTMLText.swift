import CLibXML2

// The reference for the HTML→text converter: libxml2's HTML parser with the SAX callbacks
// feedwatch used before its own converter. `--compare-html` reports every fragment where the
// two disagree.

/// Converts many HTML fragments with one libxml2 HTML parser context, reset between
/// fragments (creating a context per fragment cost as much as parsing a typical one).
/// Not thread-safe: one per parser.
final class LibXML2HTMLTextConverter {
  private var context: htmlParserCtxtPtr?
  private let collector = TextCollector()
  private static let options = Int32(
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
      | HTML_PARSE_NONET.rawValue)

  init() {}

  deinit { release() }

  func plainText(fromHTML html: String) -> String {
    var html = html
    return html.withUTF8 { bytes in
      collector.reset()
      // Text without markup needs no parser.
      if !bytes.contains(UInt8(ascii: "<")) && !bytes.contains(UInt8(ascii: "&")) {
        collector.append(bytes)
      } else {
        parse(bytes)
      }
      return collector.result()
    }
  }

  private func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
    if let context {
      // Reuse: a fresh push input on the same context.
      xmlCtxtResetPush(context, nil, 0, nil, "UTF-8")
      context.pointee.html = 1
      htmlCtxtUseOptions(context, Self.options)
    } else {
      var sax = Self.makeHandler()
      let user = Unmanaged.passUnretained(collector).toOpaque()
      context = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8)
      guard let context else { return }
      htmlCtxtUseOptions(context, Self.options)
    }
    guard let context else { return }
    var offset = 0
    repeat {
      let size = min(bytes.count - offset, 1 << 20)
      let pointer = UnsafeRawPointer(bytes.baseAddress! + offset).assumingMemoryBound(
        to: CChar.self)
      htmlParseChunk(context, pointer, Int32(size), offset + size == bytes.count ? 1 : 0)
      offset += size
    } while offset < bytes.count
    if let document = context.pointee.myDoc {
      xmlFreeDoc(document)
      context.pointee.myDoc = nil
    }
  }

  private static func makeHandler() -> htmlSAXHandler {
    var sax = htmlSAXHandler()
    sax.startElement = htmlStart
    sax.endElement = htmlEnd
    sax.characters = htmlCharacters
    sax.cdataBlock = htmlCharacters
    sax.ignorableWhitespace = htmlCharacters
    sax.serror = htmlIgnoreError
    return sax
  }

  private func release() {
    guard let context else { return }
    if let document = context.pointee.myDoc { xmlFreeDoc(document) }
    htmlFreeParserCtxt(context)
    self.context = nil
  }
}

/// Accumulates text with collapsed whitespace and line breaks at block boundaries.
private final class TextCollector {
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity = 4096
  private var count = 0
  private var pendingSpace = false
  private var pendingBreak = false
  var skipDepth = 0

  init() { buffer = .allocate(capacity: capacity) }

  deinit { buffer.deallocate() }

  func reset() {
    count = 0
    pendingSpace = false
    pendingBreak = false
    skipDepth = 0
  }

  private func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    var newCapacity = capacity * 2
    while newCapacity < count + extra { newCapacity *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    grown.update(from: buffer, count: count)
    buffer.deallocate()
    buffer = grown
    capacity = newCapacity
  }

  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard skipDepth == 0, let base = bytes.baseAddress else { return }
    // Worst case: every byte plus one separator.
    reserve(bytes.count + 1)
    let out = buffer
    var length = count
    var space = pendingSpace
    var lineBreak = pendingBreak
    let total = bytes.count
    var index = 0
    while index < total {
      let byte = base[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
        space = true
        index += 1
        continue
      }
      if byte == 0xC2 && index + 1 < total && base[index + 1] == 0xA0 {  // no-break space
        space = true
        index += 2
        continue
      }
      if length > 0 {
        if lineBreak {
          out[length] = 0x0A
          length += 1
        } else if space {
          out[length] = 0x20
          length += 1
        }
      }
      lineBreak = false
      space = false
      out[length] = byte
      length += 1
      index += 1
    }
    count = length
    pendingSpace = space
    pendingBreak = lineBreak
  }

  func lineBreak() { pendingBreak = true }

  func result() -> String {
    String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self)
  }
}

private func collector(_ context: UnsafeMutableRawPointer?) -> TextCollector {
  Unmanaged<TextCollector>.fromOpaque(context!).takeUnretainedValue()
}

private enum TagRole { case skipped, block }

/// A tag name of up to 10 characters packed 6 bits a character, case-folded (0 when longer).
private func packedTag(_ name: UnsafePointer<xmlChar>) -> UInt64 {
  var value: UInt64 = 0
  var index = 0
  while name[index] != 0 {
    if index == 10 { return 0 }
    value = value << 6 | tagCharacterCode(name[index])
    index += 1
  }
  return value
}

private func packedTag(_ name: String) -> UInt64 {
  name.utf8.reduce(0) { $0 << 6 | tagCharacterCode($1) }
}

private func tagCharacterCode(_ byte: UInt8) -> UInt64 {
  let lower = byte | 0x20
  if lower >= 97 && lower <= 122 { return UInt64(lower - 96) }
  if byte >= 48 && byte <= 57 { return UInt64(byte - 48 + 27) }
  return 37
}

/// Script, style and the like are never text a reader sees; block elements start a new line.
private let tagRoles: [UInt64: TagRole] = {
  var roles: [UInt64: TagRole] = [:]
  for tag in ["script", "style", "iframe", "noscript", "template", "head", "object", "svg"] {
    roles[packedTag(tag)] = .skipped
  }
  for tag in [
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre",
    "table", "tr", "thead", "tbody", "tfoot", "section", "article", "header", "footer", "aside",
    "nav", "hr",
    "figure", "figcaption", "address", "main", "details", "summary", "form", "fieldset", "center",
    "caption",
  ] {
    roles[packedTag(tag)] = .block
  }
  return roles
}()

private let htmlStart: startElementSAXFunc = { context, name, _ in
  guard let name else { return }
  let collector = collector(context)
  switch tagRoles[packedTag(name)] {
  case .skipped: collector.skipDepth += 1
  case .block: collector.lineBreak()
  case nil: break
  }
}

private let htmlEnd: endElementSAXFunc = { context, name in
  guard let name else { return }
  let collector = collector(context)
  switch tagRoles[packedTag(name)] {
  case .skipped: collector.skipDepth = max(0, collector.skipDepth - 1)
  case .block: collector.lineBreak()
  case nil: break
  }
}

private let htmlCharacters: charactersSAXFunc = { context, characters, length in
  guard let characters, length > 0 else { return }
  collector(context).append(UnsafeBufferPointer(start: characters, count: Int(length)))
}

private let htmlIgnoreError: xmlStructuredErrorFunc = { _, _ in }
