/// Gives the paragraphs of a page the shape the scoring expects, as Readability does before
/// it scores: text split by `<br><br>` becomes paragraphs; inline runs inside a DIV become
/// paragraphs; a DIV that only wraps one paragraph gives way to it; a DIV with no block inside
/// is a paragraph.
struct TreeNormalizer {
  var tree: PageTree

  mutating func normalize() -> PageTree {
    splitDoubleBreaks()
    var node: Int32 = 0
    while node >= 0 {
      if tree[node].tag == .div { node = normalizeDiv(node) }
      node = tree.following(node)
    }
    return tree
  }

  /// `a<br><br>b<br><br>c` → `a<p>b</p><p>c</p>`.
  private mutating func splitDoubleBreaks() {
    let breaks = (0..<Int32(tree.count)).filter { tree[$0].tag == .br }
    for br in breaks where tree[br].parent >= 0 {
      var next = nextNonBlank(after: br)
      var doubled = false
      while next >= 0, tree[next].tag == .br {
        doubled = true
        let after = nextNonBlank(after: next)
        tree.detach(next)
        next = after
      }
      guard doubled else { continue }
      let paragraph = tree.makeElement(.p)
      tree.replace(br, with: paragraph)
      var sibling = tree[paragraph].next
      while sibling >= 0 {
        if tree[sibling].tag == .br {
          let after = nextNonBlank(after: sibling)
          if after >= 0, tree[after].tag == .br { break }
        }
        guard tree[sibling].tag.isPhrasing else { break }
        let following = tree[sibling].next
        tree.appendChild(sibling, to: paragraph)
        sibling = following
      }
      trimTrailingBlanks(paragraph)
      let parent = tree[paragraph].parent
      if tree[parent].tag == .p { tree.setTag(.div, of: parent) }
    }
  }

  private func nextNonBlank(after node: Int32) -> Int32 {
    var next = tree[node].next
    while next >= 0, tree.isBlankText(next) { next = tree[next].next }
    return next
  }

  private mutating func trimTrailingBlanks(_ paragraph: Int32) {
    while case let last = tree[paragraph].lastChild, last >= 0,
      tree.isBlankText(last) || tree[last].tag == .br
    {
      tree.detach(last)
    }
  }

  /// Returns the node that now stands where the DIV stood.
  private mutating func normalizeDiv(_ div: Int32) -> Int32 {
    var paragraph: Int32 = -1
    var child = tree[div].firstChild
    while child >= 0 {
      let next = tree[child].next
      if isPhrasing(child) {
        if paragraph >= 0 {
          tree.appendChild(child, to: paragraph)
        } else if !(tree.isBlankText(child) || tree[child].tag == .br) {
          paragraph = tree.makeElement(.p)
          tree.replace(child, with: paragraph)
          tree.appendChild(child, to: paragraph)
        }
      } else if paragraph >= 0 {
        trimTrailingBlanks(paragraph)
        paragraph = -1
      }
      child = next
    }
    if paragraph >= 0 { trimTrailingBlanks(paragraph) }
    if let only = singleParagraphChild(div), linkDensity(div) < 0.25 {
      tree.insertFlags(tree[div].flags.intersection(.wrapperRoles), into: only)
      tree.replace(div, with: only)
      return only
    }
    if !hasBlockDescendant(div) { tree.setTag(.p, of: div) }
    return div
  }

  /// Text, phrasing elements, and links or edits that hold only phrasing content.
  private func isPhrasing(_ node: Int32) -> Bool {
    let tag = tree[node].tag
    guard tag.isPhrasing else { return false }
    guard tag == .a || tag == .del || tag == .ins else { return true }
    var child = tree[node].firstChild
    while child >= 0 {
      if !isPhrasing(child) { return false }
      child = tree[child].next
    }
    return true
  }

  private func singleParagraphChild(_ node: Int32) -> Int32? {
    var found: Int32?
    var child = tree[node].firstChild
    while child >= 0 {
      if tree[child].tag == .text {
        if !tree.isBlankText(child) { return nil }
      } else {
        if found != nil || tree[child].tag != .p { return nil }
        found = child
      }
      child = tree[child].next
    }
    return found
  }

  private func hasBlockDescendant(_ node: Int32) -> Bool {
    var current = tree[node].firstChild
    while current >= 0 {
      if tree[current].tag.isDivToParagraphBlock { return true }
      current = tree.following(current, within: node)
    }
    return false
  }

  private func linkDensity(_ node: Int32) -> Float {
    var all = 0
    var linked: Float = 0
    var current = tree[node].firstChild
    while current >= 0 {
      if tree[current].tag == .text {
        let length = tree.textBytes(of: current).count
        all += length
        var ancestor = tree[current].parent
        while ancestor >= 0, ancestor != node {
          if tree[ancestor].tag == .a {
            linked += Float(length) * (tree[ancestor].flags.contains(.fragmentLink) ? 0.3 : 1)
            break
          }
          ancestor = tree[ancestor].parent
        }
      }
      current = tree.following(current, within: node)
    }
    return all > 0 ? linked / Float(all) : 0
  }
}
