/// What the start tag of an element said about it, read once while parsing.
struct NodeFlags: OptionSet, Sendable {
  let rawValue: UInt32

  /// `hidden`, `aria-hidden="true"`, `display: none`, `visibility: hidden`.
  static let hidden = NodeFlags(rawValue: 1 << 0)
  /// Class or id name a page part that is not the story (comments, sidebar, footer, …).
  static let unlikely = NodeFlags(rawValue: 1 << 1)
  /// A `role` of navigation, menu, complementary, alert or dialog.
  static let unlikelyRole = NodeFlags(rawValue: 1 << 2)
  /// `rel="author"`, `itemprop` with author, or a byline class or id.
  static let bylineHint = NodeFlags(rawValue: 1 << 3)
  /// Class or id of a share widget.
  static let shareHint = NodeFlags(rawValue: 1 << 4)
  /// A link to a place in the same page (`href="#…"`): counts less as link text.
  static let fragmentLink = NodeFlags(rawValue: 1 << 5)
  /// A table that says it lays out, not tabulates (`role="presentation"`, `datatable="0"`).
  static let layoutTable = NodeFlags(rawValue: 1 << 6)
  /// A table with a `summary`: data.
  static let summarizedTable = NodeFlags(rawValue: 1 << 7)
  /// Inside a table or code: never dropped for its class name.
  static let inTableOrCode = NodeFlags(rawValue: 1 << 8)
  /// A modal dialog (`aria-modal="true"` with `role="dialog"`): a banner over the page.
  static let dialog = NodeFlags(rawValue: 1 << 9)
  /// `itemprop="name"`: the name inside a byline.
  static let itemName = NodeFlags(rawValue: 1 << 10)
  /// `itemprop="articleBody"` (or `text`): the page marks its story.
  static let articleBody = NodeFlags(rawValue: 1 << 11)
  /// Set by the extractor: a data table (kept whole).
  static let dataTable = NodeFlags(rawValue: 1 << 12)
  /// A `javascript:` link: script behind text, not a link to elsewhere.
  static let scriptLink = NodeFlags(rawValue: 1 << 14)
  /// Class or id of a caption, credit or photo/video strip.
  static let captionHint = NodeFlags(rawValue: 1 << 13)

  /// What the search reads of an element before it looks inside: a wrapper that gives way to
  /// its only paragraph hands these on, so a hidden or furniture wrapper stays one.
  static let wrapperRoles: NodeFlags = [
    .hidden, .dialog, .unlikely, .unlikelyRole, .bylineHint, .articleBody,
  ]
}

/// One element or text run. Links are node indices (-1: none).
struct PageNode {
  var tag: HTMLTag
  var flags: NodeFlags
  /// Readability's class weight: ±25 for the class and for the id.
  var weight: Int16
  /// A hash of the class attribute (0: none), to tell siblings of one kind.
  var classKey: UInt32 = 0
  var parent: Int32
  var firstChild: Int32 = -1
  var lastChild: Int32 = -1
  var previous: Int32 = -1
  var next: Int32 = -1
  /// Text nodes: the bytes `textStart..<textEnd` of `PageTree.text`.
  var textStart: Int32 = 0
  var textEnd: Int32 = 0
}

/// The page as a compact tree: nodes in one array, all text in one byte buffer (whitespace
/// already collapsed). Node 0 is the root. Edits only relink, so indices stay valid.
struct PageTree {
  private(set) var nodes: [PageNode] = []
  private(set) var text: [UInt8] = []

  init() {
    nodes.append(PageNode(tag: .html, flags: [], weight: 0, parent: -1))
  }

  var count: Int { nodes.count }

  subscript(index: Int32) -> PageNode {
    _read { yield nodes[Int(index)] }
  }

  mutating func setTag(_ tag: HTMLTag, of index: Int32) { nodes[Int(index)].tag = tag }
  mutating func insertFlags(_ flags: NodeFlags, into index: Int32) {
    nodes[Int(index)].flags.formUnion(flags)
  }

  /// A new element, last child of `parent`.
  @discardableResult
  mutating func appendElement(
    _ tag: HTMLTag, flags: NodeFlags, weight: Int16, classKey: UInt32, to parent: Int32
  ) -> Int32 {
    let index = Int32(nodes.count)
    nodes.append(
      PageNode(tag: tag, flags: flags, weight: weight, classKey: classKey, parent: -1))
    appendChild(index, to: parent)
    return index
  }

  /// A new element not yet in the tree.
  mutating func makeElement(_ tag: HTMLTag) -> Int32 {
    nodes.append(PageNode(tag: tag, flags: [], weight: 0, parent: -1))
    return Int32(nodes.count - 1)
  }

  /// Appends text to `parent`: to its last child when that is the text run written last,
  /// else as a new text node. Runs of white space become one space.
  mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to parent: Int32) {
    let last = nodes[Int(parent)].lastChild
    let extending =
      last >= 0 && nodes[Int(last)].tag == .text && Int(nodes[Int(last)].textEnd) == text.count
    var space = extending && text.last == 0x20
    if !extending { space = false }
    let start = text.count
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
        if !space { text.append(0x20) }
        space = true
      } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
        // A no-break space separates words like a space.
        if !space { text.append(0x20) }
        space = true
        index += 1
      } else {
        text.append(byte)
        space = false
      }
      index += 1
    }
    if extending {
      nodes[Int(last)].textEnd = Int32(text.count)
    } else if text.count > start {
      let index = Int32(nodes.count)
      var node = PageNode(tag: .text, flags: [], weight: 0, parent: -1)
      node.textStart = Int32(start)
      node.textEnd = Int32(text.count)
      nodes.append(node)
      appendChild(index, to: parent)
    }
  }

  func textBytes(of index: Int32) -> ArraySlice<UInt8> {
    let node = nodes[Int(index)]
    return text[Int(node.textStart)..<Int(node.textEnd)]
  }

  /// Whether a text node holds only white space.
  func isBlankText(_ index: Int32) -> Bool {
    let node = nodes[Int(index)]
    return node.tag == .text && node.textEnd - node.textStart <= 1
      && (node.textEnd == node.textStart || text[Int(node.textStart)] == 0x20)
  }

  // MARK: edits

  mutating func detach(_ index: Int32) {
    let node = nodes[Int(index)]
    guard node.parent >= 0 else { return }
    if node.previous >= 0 {
      nodes[Int(node.previous)].next = node.next
    } else {
      nodes[Int(node.parent)].firstChild = node.next
    }
    if node.next >= 0 {
      nodes[Int(node.next)].previous = node.previous
    } else {
      nodes[Int(node.parent)].lastChild = node.previous
    }
    nodes[Int(index)].parent = -1
    nodes[Int(index)].previous = -1
    nodes[Int(index)].next = -1
  }

  mutating func appendChild(_ child: Int32, to parent: Int32) {
    if nodes[Int(child)].parent >= 0 { detach(child) }
    let last = nodes[Int(parent)].lastChild
    nodes[Int(child)].parent = parent
    nodes[Int(child)].previous = last
    nodes[Int(child)].next = -1
    if last >= 0 {
      nodes[Int(last)].next = child
    } else {
      nodes[Int(parent)].firstChild = child
    }
    nodes[Int(parent)].lastChild = child
  }

  /// Puts `child` (detached first) right before `sibling`.
  mutating func insert(_ child: Int32, before sibling: Int32) {
    if nodes[Int(child)].parent >= 0 { detach(child) }
    let parent = nodes[Int(sibling)].parent
    let previous = nodes[Int(sibling)].previous
    nodes[Int(child)].parent = parent
    nodes[Int(child)].previous = previous
    nodes[Int(child)].next = sibling
    nodes[Int(sibling)].previous = child
    if previous >= 0 {
      nodes[Int(previous)].next = child
    } else {
      nodes[Int(parent)].firstChild = child
    }
  }

  /// Puts `replacement` where `old` is; `old` leaves the tree.
  mutating func replace(_ old: Int32, with replacement: Int32) {
    guard nodes[Int(old)].parent >= 0 else { return }
    insert(replacement, before: old)
    detach(old)
  }

  /// The node after `index` in document order, not below `index` when `skippingChildren`,
  /// never leaving the subtree of `root`.
  func following(_ index: Int32, within root: Int32 = 0, skippingChildren: Bool = false) -> Int32 {
    if !skippingChildren, nodes[Int(index)].firstChild >= 0 { return nodes[Int(index)].firstChild }
    var current = index
    while current >= 0, current != root {
      if nodes[Int(current)].next >= 0 { return nodes[Int(current)].next }
      current = nodes[Int(current)].parent
    }
    return -1
  }

  /// Whether `index` has an ancestor with `tag`.
  func hasAncestor(_ index: Int32, tag: HTMLTag) -> Bool {
    var current = nodes[Int(index)].parent
    while current >= 0 {
      if nodes[Int(current)].tag == tag { return true }
      current = nodes[Int(current)].parent
    }
    return false
  }
}
