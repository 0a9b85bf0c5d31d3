/// Writes a subtree's text as a reader sees it: blocks (paragraphs, headings, list items,
/// quotes, table rows and cells) on lines of their own, inline text joined, blank lines gone.
enum TextRenderer {
  static func plainText(_ tree: PageTree, _ root: Int32, skipping removed: [Bool]? = nil) -> String
  {
    render(tree, [root], removed: removed)
  }

  static func render(_ tree: PageTree, _ roots: [Int32], removed: [Bool]?) -> String {
    var out: [UInt8] = []
    var pendingBreak = false
    for root in roots {
      pendingBreak = true
      var node = root
      while node >= 0 {
        if let removed, removed[Int(node)] {
          node = next(tree, node, root, &pendingBreak, skippingChildren: true)
          continue
        }
        let entry = tree[node]
        if entry.tag == .text {
          let bytes = tree.textBytes(of: node)
          if pendingBreak {
            if !out.isEmpty && out.last != 0x0A {
              while out.last == 0x20 { out.removeLast() }
              out.append(0x0A)
            }
            pendingBreak = false
          }
          let start = out.last == 0x0A || out.isEmpty ? bytes.drop { $0 == 0x20 } : bytes
          if out.last == 0x20, start.first == 0x20 {
            out += start.dropFirst()
          } else {
            out += start
          }
        } else if entry.tag.breaksLine {
          pendingBreak = true
        }
        node = next(tree, node, root, &pendingBreak, skippingChildren: false)
      }
    }
    while out.last == 0x20 || out.last == 0x0A { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
  }

  /// The next node in document order under `root`; closing a block breaks the line.
  private static func next(
    _ tree: PageTree, _ node: Int32, _ root: Int32, _ pendingBreak: inout Bool,
    skippingChildren: Bool
  ) -> Int32 {
    if !skippingChildren, tree[node].firstChild >= 0 { return tree[node].firstChild }
    var current = node
    while current >= 0, current != root {
      if tree[current].next >= 0 { return tree[current].next }
      current = tree[current].parent
      if current >= 0, tree[current].tag.breaksLine { pendingBreak = true }
    }
    return -1
  }
}
