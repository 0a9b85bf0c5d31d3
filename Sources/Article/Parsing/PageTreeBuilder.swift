import CLibXML2

/// Turns the HTML parser's events into a `PageTree` and `PageMetadata`: scripts, styles and
/// the head never become nodes; each element's attributes are read once into flags.
final class PageTreeBuilder {
  private(set) var tree = PageTree()
  private(set) var metadata = PageMetadata()
  /// Set when the page outgrew the limits: the rest is not read.
  private(set) var truncated = false
  private let maxNodes: Int
  private let maxTextBytes: Int

  private struct Open {
    var node: Int32
    var tag: HTMLTag
    var unread: Bool
  }
  private var stack: [Open] = [Open(node: 0, tag: .html, unread: false)]
  private var tableOrCodeDepth = 0
  private var articleDepth = 0
  private var capture: Capture = .none
  private var captured: [UInt8] = []
  private var hintCache: [UInt64: ClassHints] = [:]
  private var tagCache: [UnsafeRawPointer: HTMLTag] = [:]

  private enum Capture { case none, title, jsonLD, heading }

  init(maxNodes: Int, maxTextBytes: Int) {
    self.maxNodes = maxNodes
    self.maxTextBytes = maxTextBytes
  }

  var isFull: Bool { truncated }

  func tag(for name: UnsafePointer<xmlChar>) -> HTMLTag {
    let key = UnsafeRawPointer(name)
    if let known = tagCache[key] { return known }
    let tag = HTMLTag(name: String(cString: name))
    tagCache[key] = tag
    return tag
  }

  func start(_ name: UnsafePointer<xmlChar>, _ attributes: AttributeList) {
    let tag = tag(for: name)
    let top = stack[stack.count - 1]
    if tag == .html || tag == .body {
      if tag == .html, let lang = attributes["lang"], metadata.htmlLanguage == nil {
        metadata.htmlLanguage = lang
      }
      // The root stands for both: one container for the whole page.
      stack.append(Open(node: top.node, tag: tag, unread: top.unread))
      return
    }
    readMetadata(tag, attributes)
    if top.unread || tag.isUnread {
      if tag == .title && capture == .none && metadata.documentTitle.isEmpty {
        startCapture(.title)
      } else if tag == .script, capture == .none,
        attributes["type"]?.lowercased().contains("ld+json") == true
      {
        startCapture(.jsonLD)
      }
      stack.append(Open(node: top.node, tag: tag, unread: true))
      return
    }
    if tag == .h1, metadata.firstHeading == nil, capture == .none { startCapture(.heading) }
    guard tree.count < maxNodes else {
      truncated = true
      stack.append(Open(node: top.node, tag: tag, unread: true))
      return
    }
    var (flags, weight, classKey) = elementHints(tag, attributes)
    if tableOrCodeDepth > 0 { flags.insert(.inTableOrCode) }
    let node = tree.appendElement(
      tag, flags: flags, weight: weight, classKey: classKey, to: top.node)
    if tag == .table || tag == .code || tag == .pre { tableOrCodeDepth += 1 }
    if tag == .article { articleDepth += 1 }
    stack.append(Open(node: node, tag: tag, unread: false))
  }

  func end() {
    guard stack.count > 1 else { return }
    let closed = stack.removeLast()
    if closed.unread || closed.tag == .h1 {
      finishCapture(closing: closed.tag)
    }
    guard !closed.unread, closed.tag != .html, closed.tag != .body else { return }
    if closed.tag == .table || closed.tag == .code || closed.tag == .pre { tableOrCodeDepth -= 1 }
    if closed.tag == .article { articleDepth -= 1 }
  }

  func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    if capture != .none {
      if captured.count + bytes.count <= PageMetadata.jsonLDLimit { captured += bytes }
      if capture != .heading { return }
    }
    let top = stack[stack.count - 1]
    guard !top.unread, !truncated else { return }
    guard tree.text.count + bytes.count <= maxTextBytes else {
      truncated = true
      return
    }
    tree.appendText(bytes, to: top.node)
  }

  // MARK: captures

  private func startCapture(_ kind: Capture) {
    capture = kind
    captured.removeAll(keepingCapacity: true)
  }

  private func finishCapture(closing tag: HTMLTag) {
    switch (capture, tag) {
    case (.title, .title):
      metadata.documentTitle = String(decoding: captured, as: UTF8.self)
    case (.jsonLD, .script):
      metadata.jsonLD.append(String(decoding: captured, as: UTF8.self))
    case (.heading, .h1):
      metadata.firstHeading = String(decoding: captured, as: UTF8.self)
    default: return
    }
    capture = .none
  }

  // MARK: attributes

  private func readMetadata(_ tag: HTMLTag, _ attributes: AttributeList) {
    switch tag {
    case .meta:
      guard let content = attributes["content"] else { return }
      for key in ["property", "name", "itemprop", "http-equiv"] {
        guard let names = attributes[key] else { continue }
        // `property="og:title dc:title"` names several.
        for name in names.split(separator: " ") {
          metadata.recordMeta(key: String(name), content: content)
        }
      }
    case .link:
      guard let rel = attributes["rel"]?.lowercased(), let href = attributes["href"] else { return }
      if rel.split(separator: " ").contains("canonical"), metadata.canonicalHref == nil {
        metadata.canonicalHref = href
      }
    case .base:
      if metadata.baseHref == nil { metadata.baseHref = attributes["href"] }
    case .time:
      guard let datetime = attributes["datetime"] else { return }
      if metadata.firstTime == nil { metadata.firstTime = datetime }
      if articleDepth > 0, metadata.firstArticleTime == nil { metadata.firstArticleTime = datetime }
    default:
      if let property = attributes["itemprop"],
        let value = attributes["content"] ?? attributes["datetime"]
      {
        metadata.recordMeta(key: property, content: value)
      }
    }
  }

  private func elementHints(_ tag: HTMLTag, _ attributes: AttributeList) -> (
    NodeFlags, Int16, UInt32
  ) {
    guard !attributes.isEmpty else { return ([], 0, 0) }
    var flags: NodeFlags = []
    var weight: Int16 = 0
    var classKey: UInt32 = 0
    let classBytes = attributes.lowercasedBytes("class")
    let idBytes = attributes.lowercasedBytes("id")
    if !classBytes.isEmpty || !idBytes.isEmpty {
      let hints = classHints(classBytes, idBytes)
      weight = hints.weight
      flags = hints.flags
      classKey = hints.classKey
      // A link or the page body is never furniture for its name alone.
      if tag == .a || tag == .body { flags.remove(.unlikely) }
    }
    if attributes.has("hidden") { flags.insert(.hidden) }
    if attributes["aria-hidden"] == "true", !classBytes.contains("fallback-image") {
      flags.insert(.hidden)
    }
    if let style = attributes.lowercasedBytes("style").nonEmpty {
      let compact = style.filter { $0 != 0x20 }
      if compact.contains("display:none") || compact.contains("visibility:hidden") {
        flags.insert(.hidden)
      }
    }
    if let role = attributes["role"]?.lowercased() {
      switch role {
      case "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog":
        flags.insert(.unlikelyRole)
      case "presentation": if tag == .table { flags.insert(.layoutTable) }
      default: break
      }
      if role == "dialog", attributes["aria-modal"] == "true" { flags.insert(.dialog) }
    }
    if attributes["rel"]?.lowercased() == "author" { flags.insert(.bylineHint) }
    if let itemprop = attributes["itemprop"]?.lowercased() {
      if itemprop.contains("author") { flags.insert(.bylineHint) }
      if itemprop == "name" { flags.insert(.itemName) }
      if itemprop == "articlebody" { flags.insert(.articleBody) }
    }
    if tag == .a, let href = attributes.lowercasedBytes("href").nonEmpty {
      if href.first == UInt8(ascii: "#") { flags.insert(.fragmentLink) }
      if href.starts(with: Array("javascript:".utf8)) { flags.insert(.scriptLink) }
    }
    if tag == .table {
      if attributes["datatable"] == "0" { flags.insert(.layoutTable) }
      if attributes.has("summary") { flags.insert(.summarizedTable) }
    }
    return (flags, weight, classKey)
  }

  private func classHints(_ classBytes: [UInt8], _ idBytes: [UInt8]) -> ClassHints {
    // Pages repeat the same few hundred class names: match each once.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in classBytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    hash = (hash ^ 0xFF) &* 0x100_0000_01b3
    for byte in idBytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    if let known = hintCache[hash] { return known }
    let hints = ClassHints(classBytes: classBytes, idBytes: idBytes)
    hintCache[hash] = hints
    return hints
  }
}

extension Array where Element == UInt8 {
  fileprivate var nonEmpty: [UInt8]? { isEmpty ? nil : self }

  fileprivate func contains(_ ascii: StaticString) -> Bool {
    let count = ascii.utf8CodeUnitCount
    guard count <= self.count else { return false }
    let needle = ascii.utf8Start
    outer: for start in 0...(self.count - count) {
      for offset in 0..<count where self[start + offset] != needle[offset] { continue outer }
      return true
    }
    return false
  }
}

/// A start tag's attributes as libxml2's HTML parser hands them: name, value, name, value, …,
/// then NULL. Names are lowercase already; values have entities decoded.
struct AttributeList {
  let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

  var isEmpty: Bool { pairs?[0] == nil }

  private func valuePointer(_ name: StaticString) -> UnsafePointer<xmlChar>?? {
    guard let pairs else { return nil }
    var index = 0
    while let attribute = pairs[index] {
      if equals(attribute, name) { return .some(pairs[index + 1]) }
      index += 2
    }
    return nil
  }

  func has(_ name: StaticString) -> Bool { valuePointer(name) != nil }

  subscript(name: StaticString) -> String? {
    guard let found = valuePointer(name) else { return nil }
    return found.map { String(cString: $0) } ?? ""
  }

  subscript(name: String) -> String? {
    guard let pairs else { return nil }
    var index = 0
    while let attribute = pairs[index] {
      if String(cString: attribute) == name {
        return pairs[index + 1].map { String(cString: $0) } ?? ""
      }
      index += 2
    }
    return nil
  }

  /// The value's bytes, ASCII letters lowercased; empty when absent.
  func lowercasedBytes(_ name: StaticString) -> [UInt8] {
    guard let found = valuePointer(name), let value = found else { return [] }
    var bytes: [UInt8] = []
    var index = 0
    while value[index] != 0 {
      let byte = value[index]
      bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      index += 1
    }
    return bytes
  }

  private func equals(_ c: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
    let count = s.utf8CodeUnitCount
    let bytes = s.utf8Start
    for index in 0..<count where c[index] != bytes[index] { return false }
    return c[count] == 0
  }
}
