import CLibXML2
import FeedParser

#if canImport(Glibc)
  import Glibc
#endif

// `ParserBenchmark --compare-html [DIRECTORY]`: feedwatch's HTML→text converter against
// libxml2's HTML parser (LibXML2HTMLText.swift) on the text of every leaf element of the
// feeds in DIRECTORY (default $REALFEEDS, else ../shared/realfeeds) and on random tag soup. Prints each
// disagreement once.

/// The text of every element without element children, as libxml2 reads the document.
func leafTexts(_ bytes: [UInt8]) -> [String] {
  let options = Int32(
    XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
      | XML_PARSE_NOWARNING.rawValue)
  let document = bytes.withUnsafeBufferPointer { buffer in
    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
      xmlReadMemory($0, Int32(buffer.count), nil, nil, options)
    }
  }
  guard let document else { return [] }
  defer { xmlFreeDoc(document) }
  var texts: [String] = []
  var pending: [xmlNodePtr] = []
  if let root = xmlDocGetRootElement(document) { pending.append(root) }
  while let node = pending.popLast() {
    var child = node.pointee.children
    var hasElementChild = false
    while let current = child {
      if current.pointee.type == XML_ELEMENT_NODE {
        hasElementChild = true
        pending.append(current)
      }
      child = current.pointee.next
    }
    if !hasElementChild, let content = xmlNodeGetContent(node) {
      let text = String(cString: content)
      feedwatch_xmlFree(content)
      if !text.isEmpty { texts.append(text) }
    }
  }
  return texts
}

/// Random fragments built from pieces that exercise the parser's corner cases.
func tagSoup(count: Int) -> [String] {
  let pieces = [
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<i>", "<br>", "<br/>", "<script>",
    "</script>", "<style>", "</style>", "<iframe>", "</iframe>", "<noscript>", "</noscript>",
    "<head>", "</head>", "<title>", "</title>", "<a href=\"x>y\">", "</a>", "<li>", "</li>",
    "<ul>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "&amp;", "&lt;",
    "&bogus;", "&copy", "&#233;", "&#x41;", "&#0;", "&", "<", ">", "</", "<!-- c -->", "<!--",
    "-->", "<!DOCTYPE html>", "<?php x ?>", " ", "\n", "text", "word", "é",
    "\u{a0}", "&nbsp;", "<html>", "<body>", "<svg><path/></svg>", "<object>",
    "<template>", "<h1>", "</h1>", "<P>", "</P>", "<img src=x alt=y>", "<meta charset=utf-8>",
    "<link rel=x>", "<span>", "</span>", "<center>", "<form>", "</form>", "<dl><dt>", "<dd>",
    "<option>", "<x-y>", "</x-y>", "</zzz>", "<a b='c'>", "<p/>", "<br />", "<a title=x\"y>",
    "&#10;", "&#x20;", "&eacute;", "&Eacute", "&#;", "&#xD800;", "</ p>", "< p>",
    "<p\nclass=x>", "</script >", "</SCRIPT>", "<textarea>", "</textarea>", "<h2>", "<pre>",
    "<blockquote>", "</blockquote>", "<em>", "</em>", "<tbody>", "<th>",
  ]
  // Fragments start with text or an ordinary element: at the very start of a fragment
  // libxml2 differs on purpose (see TextTests: a leading end tag, '<' or head element).
  let firstPieces = [
    "x", "word ", "é", "<p>", "<div>", "<b>", "<span>", "<ul>", "<li>", "<table>", "<h1>",
    "&amp;", "&#233;", "<br>", "<a b='c'>", "<!-- c -->text", "<p\nclass=x>",
  ]
  var generator = SystemRandomNumberGenerator()
  return (0..<count).map { _ in
    let length = Int.random(in: 1...16, using: &generator)
    return firstPieces.randomElement(using: &generator)!
      + (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
  }
}

func escapedForDisplay(_ text: String) -> String {
  var result = ""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    case "\u{a0}": result += "\\u{a0}"
    default:
      if scalar.value < 0x20 {
        result += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
  }
  return result
}

func compareHTMLText(directory: String, soup: Int) {
  let reference = LibXML2HTMLTextConverter()
  var fragments: [(String, String)] = []
  if let listing = opendir(directory) {
    var names: [String] = []
    while let entry = readdir(listing) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if [".xml", ".rss", ".atom", ".rdf"].contains(where: name.hasSuffix) { names.append(name) }
    }
    closedir(listing)
    for name in names.sorted() {
      guard let bytes = readFile(directory + "/" + name) else { continue }
      fragments += leafTexts(bytes).map { (name, $0) }
    }
  }
  let corpusCount = fragments.count
  fragments += tagSoup(count: soup).map { ("soup", $0) }
  var differences = 0
  var corpusDifferences = 0
  var seen = Set<String>()
  for (index, (source, html)) in fragments.enumerated() {
    let expected = reference.plainText(fromHTML: html)
    let actual = HTMLText.plainText(fromHTML: html)
    guard expected != actual else { continue }
    differences += 1
    if index < corpusCount { corpusDifferences += 1 }
    guard seen.insert(html).inserted, seen.count <= 40 else { continue }
    print("--- \(source)")
    print("html:    \(escapedForDisplay(String(html.prefix(600))))")
    print("libxml2: \(escapedForDisplay(String(expected.prefix(600))))")
    print("ours:    \(escapedForDisplay(String(actual.prefix(600))))")
  }
  print(
    "\(corpusCount) corpus fragments, \(corpusDifferences) differ; \(soup) tag-soup fragments, \(differences - corpusDifferences) differ"
  )
}
