/// What a subtree holds, the figures the scoring and cleaning rules read: its text length
/// (in characters), how much of it is link text, commas, and a few kinds of elements.
struct SubtreeCounts {
  var characters: Int32 = 0
  /// Link text, a link to the same page counting 0.3 of its length.
  var linkCharacters: Float = 0
  var commas: Int32 = 0
  var paragraphs: Int32 = 0
  var images: Int32 = 0
  var listItems: Int32 = 0
  var inputs: Int32 = 0
  var embeds: Int32 = 0
  var dataTables: Int32 = 0
  var headingCharacters: Int32 = 0
  var listCharacters: Int32 = 0
  /// Elements the page marks as its story's body (`itemprop="articleBody"`).
  var articleBodies: Int32 = 0

  var linkDensity: Float { characters > 0 ? linkCharacters / Float(characters) : 0 }

  static func += (left: inout SubtreeCounts, right: SubtreeCounts) {
    left.characters += right.characters
    left.linkCharacters += right.linkCharacters
    left.commas += right.commas
    left.paragraphs += right.paragraphs
    left.images += right.images
    left.listItems += right.listItems
    left.inputs += right.inputs
    left.embeds += right.embeds
    left.dataTables += right.dataTables
    left.headingCharacters += right.headingCharacters
    left.listCharacters += right.listCharacters
    left.articleBodies += right.articleBodies
  }

  static func -= (left: inout SubtreeCounts, right: SubtreeCounts) {
    left.characters -= right.characters
    left.linkCharacters -= right.linkCharacters
    left.commas -= right.commas
    left.paragraphs -= right.paragraphs
    left.images -= right.images
    left.listItems -= right.listItems
    left.inputs -= right.inputs
    left.embeds -= right.embeds
    left.dataTables -= right.dataTables
    left.headingCharacters -= right.headingCharacters
    left.listCharacters -= right.listCharacters
    left.articleBodies -= right.articleBodies
  }
}

/// The counts of every node still in the tree (not `removed`), kept right as nodes are removed.
struct TreeCounts {
  private(set) var counts: [SubtreeCounts]

  init(tree: PageTree, removed: [Bool]) {
    counts = [SubtreeCounts](repeating: SubtreeCounts(), count: tree.count)
    // Pre-order, then back to front: every node's descendants come before it.
    var order: [Int32] = []
    order.reserveCapacity(tree.count)
    var node: Int32 = 0
    while node >= 0 {
      if removed[Int(node)] {
        node = tree.following(node, skippingChildren: true)
        continue
      }
      order.append(node)
      node = tree.following(node)
    }
    for node in order.reversed() {
      let entry = tree[node]
      var own = counts[Int(node)]
      switch entry.tag {
      case .text: own = Self.textCounts(tree.textBytes(of: node))
      case .a:
        if entry.flags.contains(.scriptLink) { break }
        own.linkCharacters = Float(own.characters) * (entry.flags.contains(.fragmentLink) ? 0.3 : 1)
      case .p: own.paragraphs += 1
      case .img: own.images += 1
      case .li: own.listItems += 1
      case .input: own.inputs += 1
      case .object, .embed, .iframe: own.embeds += 1
      case .ul, .ol: own.listCharacters = own.characters
      case .table: if entry.flags.contains(.dataTable) { own.dataTables += 1 }
      default: if entry.tag.isHeading { own.headingCharacters = own.characters }
      }
      if entry.flags.contains(.articleBody) { own.articleBodies += 1 }
      counts[Int(node)] = own
      if entry.parent >= 0 { counts[Int(entry.parent)] += own }
    }
  }

  subscript(node: Int32) -> SubtreeCounts { counts[Int(node)] }

  /// Takes a removed node's counts off its ancestors.
  mutating func remove(_ node: Int32, in tree: PageTree) {
    let removed = counts[Int(node)]
    var ancestor = tree[node].parent
    while ancestor >= 0 {
      counts[Int(ancestor)] -= removed
      ancestor = tree[ancestor].parent
    }
  }

  private static func textCounts(_ bytes: ArraySlice<UInt8>) -> SubtreeCounts {
    var counts = SubtreeCounts()
    var characters: Int32 = 0
    var commas: Int32 = 0
    var index = bytes.startIndex
    let end = bytes.endIndex
    while index < end {
      let byte = bytes[index]
      if byte & 0xC0 != 0x80 { characters += 1 }
      if byte == 0x2C {
        commas += 1
      } else if byte == 0xD8 || byte == 0xE2 || byte == 0xEF, isWideComma(bytes, index) {
        commas += 1
      }
      index += 1
    }
    counts.characters = characters
    counts.commas = commas
    return counts
  }

  /// The commas of other scripts: ، ﹐ ︐ ︑ ⹁ ⸴ ⸲ ，
  private static func isWideComma(_ bytes: ArraySlice<UInt8>, _ index: Int) -> Bool {
    let first = bytes[index]
    if first == 0xD8 { return index + 1 < bytes.endIndex && bytes[index + 1] == 0x8C }
    guard index + 2 < bytes.endIndex else { return false }
    let second = bytes[index + 1]
    let third = bytes[index + 2]
    switch (first, second, third) {
    case (0xEF, 0xB9, 0x90), (0xEF, 0xB8, 0x90), (0xEF, 0xB8, 0x91), (0xE2, 0xB9, 0x81),
      (0xE2, 0xB8, 0xB4), (0xE2, 0xB8, 0xB2), (0xEF, 0xBC, 0x8C):
      return true
    default: return false
    }
  }
}
