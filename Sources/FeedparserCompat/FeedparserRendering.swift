import FeedParser

/// feedparser's result shape (see the conformance README), for `feedwatch parse --format
/// feedparser`: the same bytes, URL and response headers feedparser would get, read with
/// feedparser's encoding rules and element semantics, printed as one JSON object.
public enum FeedparserRendering {
  public static func render(_ data: [UInt8], url: String?, headers: [(name: String, value: String)])
    -> String
  {
    var headerFields: [String: String] = [:]
    let headerObject = PyDict()
    for (name, value) in headers {
      headerFields[name.lowercased()] = value
      headerObject[name.lowercased()] = .string(value)
    }
    let result = PyDict([
      ("bozo", .bool(false)), ("entries", .list(PyList())), ("feed", .dict(PyDict())),
    ])
    if !headers.isEmpty { result["headers"] = .dict(headerObject) }
    if let url, !url.isEmpty { result["href"] = .string(url) }
    if let etag = headerFields["etag"] { result["etag"] = .string(etag) }
    guard !data.isEmpty else { return json(result) }

    let decoding = FeedparserDecoding(bytes: data, headers: headerFields)
    var complaint = decoding.complaint
    result["encoding"] = .string(decoding.encoding)
    // feedparser rewrites the XML declaration to say utf-8 once the text is decoded.
    let text = utf8Declaration(decoding.text ?? String(decoding: data, as: UTF8.self))

    let href = url ?? ""
    let contentLocation = headerFields["content-location"] ?? ""
    var base = makeSafeAbsoluteURI(href, contentLocation)
    if base.isEmpty { base = makeSafeAbsoluteURI(contentLocation) }
    if base.isEmpty { base = href }
    let emulator = FeedparserEmulator(baseURI: base, language: headerFields["content-language"])
    let parser = XMLPushParser(handler: emulator)
    var utf8 = Array(text.utf8)
    if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
    let isNetscape = netscapeDoctype(utf8)
    let (withoutDoctype, entities) = FeedparserMarkupRepair.replaceDoctype(utf8)
    parser.declaredEntities = entities
    utf8 = FeedparserMarkupRepair.escapeBareAmpersands(withoutDoctype)
    utf8.withUnsafeBufferPointer { parser.parse($0) }
    parser.finish()

    if let error = parser.errors.first {
      complaint = "SAXParseException: \(error.message) (line \(error.line))"
    } else if let namespaceComplaint = emulator.namespaceComplaint {
      complaint = namespaceComplaint
    } else if parser.undeclaredEntityCount > 0 && complaint == nil {
      complaint = "SAXParseException: undefined entity"
    }
    if let complaint {
      result["bozo"] = .bool(true)
      result["bozo_exception"] = .string(complaint)
    }
    result["feed"] = .dict(emulator.feeddata)
    result["entries"] = .list(PyList(emulator.entries.map(PyValue.dict)))
    result["version"] = .string(isNetscape ? "rss091n" : emulator.version)
    result["namespaces"] = .dict(emulator.namespacesInUse)
    return json(result)
  }

  private static func utf8Declaration(_ text: String) -> String {
    let declaration = "<?xml version='1.0' encoding='utf-8'?>"
    if text.hasPrefix("<?xml"), let end = text.firstIndex(of: ">") {
      return declaration + text[text.index(after: end)...]
    }
    return declaration + "\n" + text
  }

  private static func json(_ value: PyDict) -> String {
    var writer = JSONWriter()
    writer.write(.dict(value))
    return writer.output
  }

  /// A DOCTYPE naming Netscape's RSS 0.91 DTD, before the first element.
  private static func netscapeDoctype(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index + 1 < bytes.count {
      if bytes[index] == UInt8(ascii: "<") {
        let next = bytes[index + 1]
        if (next | 0x20) >= 97 && (next | 0x20) <= 122 { break }
      }
      index += 1
    }
    let head = String(decoding: bytes[0..<index], as: UTF8.self)
    guard let doctype = head.firstRange(of: "<!DOCTYPE") else { return false }
    let declaration = head[doctype.lowerBound...].prefix { $0 != ">" }
    return declaration.lowercased().contains("netscape")
  }
}
