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
    guard skipDepth == 0 else { return }
    var index = 0
    let count = bytes.count
    output.reserveCapacity(output.count + count)
    while index < count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
        pendingSpace = true
        index += 1
        continue
      }
      if byte == 0xC2 && index + 1 < count && bytes[index + 1] == 0xA0 {  // no-break space
        pendingSpace = true
        index += 2
        continue
      }
      if !output.isEmpty {
        if pendingBreak {
          output.append(0x0A)
        } else if pendingSpace {
          output.append(0x20)
        }
      }
      pendingBreak = false
      pendingSpace = false
      output.append(byte)
      index += 1
    }
  }

  func lineBreak() { pendingBreak = true }

  func result() -> String { String(decoding: output, as: UTF8.self) }
}

private func collector(_ context: UnsafeMutableRawPointer?) -> TextCollector {
  Unmanaged<TextCollector>.fromOpaque(context!).takeUnretainedValue()
}

/// Elements whose content is never text a reader sees.
private let skippedElements: Set<String> = [
  "script", "style", "iframe", "noscript", "template", "head", "object", "svg",
]

/// Elements that start a new line.
private let blockElements: Set<String> = [
  "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
  "blockquote", "pre",
  "table", "tr", "thead", "tbody", "tfoot", "section", "article", "header", "footer", "aside",
  "nav", "hr",
  "figure", "figcaption", "address", "main", "details", "summary", "form", "fieldset", "center",
  "caption",
]

private let htmlStart: startElementSAXFunc = { context, name, _ in
  guard let name else { return }
  let collector = collector(context)
  let tag = String(cString: name)
  if skippedElements.contains(tag) {
    collector.skipDepth += 1
  } else if blockElements.contains(tag) {
    collector.lineBreak()
  }
}

private let htmlEnd: endElementSAXFunc = { context, name in
  guard let name else { return }
  let collector = collector(context)
  let tag = String(cString: name)
  if skippedElements.contains(tag) {
    collector.skipDepth = max(0, collector.skipDepth - 1)
  } else if blockElements.contains(tag) {
    collector.lineBreak()
  }
}

private let htmlCharacters: charactersSAXFunc = { context, characters, length in
  guard let characters, length > 0 else { return }
  collector(context).append(UnsafeBufferPointer(start: characters, count: Int(length)))
}

private let htmlIgnoreError: xmlStructuredErrorFunc = { _, _ in }
