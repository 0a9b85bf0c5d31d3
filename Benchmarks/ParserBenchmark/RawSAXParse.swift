import CLibXML2

/// The floor: libxml2's SAX2 push parser over the same bytes and chunks, with empty
/// callbacks and the same options.
func rawSAXParse(_ bytes: [UInt8], chunkSize: Int) -> Int {
  var sax = xmlSAXHandler()
  sax.initialized = UInt32(XML_SAX2_MAGIC)
  sax.startElementNs = { _, _, _, _, _, _, _, _, _ in }
  sax.endElementNs = { _, _, _, _ in }
  sax.characters = { _, _, _ in }
  sax.cdataBlock = { _, _, _ in }
  sax.serror = { _, _ in }
  guard let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else { return -1 }
  xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue))
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let end = min(offset + chunkSize, raw.count)
      xmlParseChunk(
        context, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
        Int32(end - offset), 0)
      offset = end
    }
    xmlParseChunk(context, nil, 0, 1)
  }
  let wellFormed = Int(context.pointee.wellFormed)
  if let document = context.pointee.myDoc { xmlFreeDoc(document) }
  xmlFreeParserCtxt(context)
  return wellFormed
}
