import CLibXML2

/// The floor: libxml2's HTML push parser over the same bytes and chunks, with empty
/// callbacks and the options the extractor uses. Returns the bytes parsed.
func libxml2Floor(_ bytes: [UInt8], utf8: Bool, chunkSize: Int) -> Int {
  var sax = htmlSAXHandler()
  sax.startElement = { _, _, _ in }
  sax.endElement = { _, _ in }
  sax.characters = { _, _, _ in }
  sax.cdataBlock = { _, _, _ in }
  sax.ignorableWhitespace = { _, _, _ in }
  sax.serror = { _, _ in }
  guard
    let context = htmlCreatePushParserCtxt(
      &sax, nil, nil, 0, nil, utf8 ? XML_CHAR_ENCODING_UTF8 : XML_CHAR_ENCODING_NONE)
  else { return 0 }
  var options =
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
    | HTML_PARSE_NONET.rawValue
  if utf8 { options |= HTML_PARSE_IGNORE_ENC.rawValue }
  htmlCtxtUseOptions(context, Int32(bitPattern: options))
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let end = min(offset + chunkSize, raw.count)
      htmlParseChunk(
        context, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
        Int32(end - offset), 0)
      offset = end
    }
    htmlParseChunk(context, nil, 0, 1)
  }
  if let document = context.pointee.myDoc { xmlFreeDoc(document) }
  htmlFreeParserCtxt(context)
  return bytes.count
}
