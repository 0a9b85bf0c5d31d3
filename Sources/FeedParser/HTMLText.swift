import CLibXML2

/// HTML to plain text through libxml2's HTML parser: script, style, iframe, noscript and
/// template content is dropped (attributes such as event handlers never become text),
/// block elements become line breaks, and runs of whitespace collapse to one space.
public enum HTMLText {
  public static func plainText(fromHTML html: String) -> String {
    var html = html
    return html.withUTF8 { bytes in
      // Text without markup needs no parser.
      if !bytes.contains(UInt8(ascii: "<")) && !bytes.contains(UInt8(ascii: "&")) {
        let collector = TextCollector()
        collector.append(bytes)
        return collector.result()
      }
      return parse(bytes)
    }
  }

  /// Collapses whitespace in text that is already plain.
  static func collapsingWhitespace(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
      let collector = TextCollector()
      collector.append(bytes)
      return collector.result()
    }
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let collector = TextCollector()
    var sax = htmlSAXHandler()
    sax.startElement = htmlStart
    sax.endElement = htmlEnd
    sax.characters = htmlCharacters
    sax.cdataBlock = htmlCharacters
    sax.ignorableWhitespace = htmlCharacters
    sax.serror = htmlIgnoreError
    let user = Unmanaged.passUnretained(collector).toOpaque()
    guard let context = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8)
    else {
      return ""
    }
    let options =
      HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
      | HTML_PARSE_NONET.rawValue
    htmlCtxtUseOptions(context, Int32(options))
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
    htmlFreeParserCtxt(context)
    withExtendedLifetime(collector) {}
    return collector.result()
  }
}

/// Accumulates text with collapsed whitespace and line breaks at block boundaries.
private final class TextCollector {
  private var output: [UInt8] = []
  private var pendingSpace = false
  private var pendingBreak = false
  var skipDepth = 0

  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard skipDepth == 0, let base = bytes.baseAddress else { return }
    // Work on locals: per-byte access to stored properties costs exclusivity checks.
    var out: [UInt8] = []
    swap(&out, &output)
    var space = pendingSpace
    var lineBreak = pendingBreak
    let count = bytes.count
    var index = 0
    while index < count {
      let byte = base[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
        space = true
        index += 1
        continue
      }
      if byte == 0xC2 && index + 1 < count && base[index + 1] == 0xA0 {  // no-break space
        space = true
        index += 2
        continue
      }
      if !out.isEmpty {
        if lineBreak {
          out.append(0x0A)
        } else if space {
          out.append(0x20)
        }
      }
      lineBreak = false
      space = false
      // Copy the run up to the next whitespace in one go.
      var end = index + 1
      while end < count {
        let next = base[end]
        if next == 0x20 || next == 0x0A || next == 0x09 || next == 0x0D || next == 0x0C
          || next == 0xC2
        {
          break
        }
        end += 1
      }
      out.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
      index = end
    }
    pendingSpace = space
    pendingBreak = lineBreak
    swap(&out, &output)
  }

  func lineBreak() { pendingBreak = true }

  func result() -> String { String(decoding: output, as: UTF8.self) }
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
