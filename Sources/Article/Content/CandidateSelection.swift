/// Which rules of the search are on. A search that finds too little text is run again
/// with the strictest rule still on turned off, as Readability does.
struct SearchRules: OptionSet {
  let rawValue: UInt8
  /// Drop elements whose class, id or role names page furniture.
  static let stripUnlikely = SearchRules(rawValue: 1)
  /// Count class and id hints in scores.
  static let weightClasses = SearchRules(rawValue: 2)
  /// Drop link lists, forms and image strips inside the chosen content.
  static let cleanConditionally = SearchRules(rawValue: 4)
  static let all: SearchRules = [.stripUnlikely, .weightClasses, .cleanConditionally]
}

/// One search for the article's container: drops what is never the story, scores the
/// paragraphs into their ancestors, picks the best container and the siblings that belong
/// with it.
struct CandidateSelection {
  let tree: PageTree
  let rules: SearchRules
  let title: String
  private(set) var removed: [Bool]
  private(set) var counts: TreeCounts
  private(set) var byline: String?
  private var scores: [Float]
  private var scored: [Bool]

  /// `all`: the counts of the whole page, before anything is dropped.
  init(tree: PageTree, rules: SearchRules, title: String, counts all: TreeCounts) {
    self.tree = tree
    self.rules = rules
    self.title = title
    removed = [Bool](repeating: false, count: tree.count)
    var paragraphs: [Int32] = []
    var byline: String?
    var titleHeaderLeft = !title.isEmpty
    // Drop what is never the story; collect what is scored.
    var node: Int32 = 0
    while node >= 0 {
      let entry = tree[node]
      guard entry.tag != .text else {
        node = tree.following(node)
        continue
      }
      var drop = entry.flags.contains(.hidden) || entry.flags.contains(.dialog)
      if !drop, byline == nil, entry.flags.contains(.bylineHint) {
        let length = all[node].characters
        if length > 0 && length < 100 {
          byline = Self.bylineText(tree, node)
          drop = true
        }
      }
      if !drop, titleHeaderLeft, entry.tag == .h1 || entry.tag == .h2,
        textSimilarity(title, TextRenderer.plainText(tree, node)) > 0.75
      {
        titleHeaderLeft = false
        drop = true
      }
      // A container of what the page marks as its story is never furniture.
      if !drop, rules.contains(.stripUnlikely), node != 0, all[node].articleBodies == 0 {
        if entry.flags.contains(.unlikely) && !entry.flags.contains(.inTableOrCode) {
          drop = true
        } else if entry.flags.contains(.unlikelyRole) {
          drop = true
        } else if entry.tag == .footer || entry.tag == .nav || entry.tag == .aside {
          drop = true
        }
      }
      if !drop, Self.mayBeEmpty(entry.tag), all[node].characters == 0,
        Self.holdsOnlyBreaks(tree, node)
      {
        drop = true
      }
      if drop {
        removed[Int(node)] = true
        node = tree.following(node, skippingChildren: true)
        continue
      }
      switch entry.tag {
      case .section, .h2, .h3, .h4, .h5, .h6, .p, .td, .pre: paragraphs.append(node)
      default: break
      }
      node = tree.following(node)
    }
    self.byline = byline
    counts = TreeCounts(tree: tree, removed: removed)
    scores = [Float](repeating: 0, count: tree.count)
    scored = [Bool](repeating: false, count: tree.count)
    score(paragraphs)
  }

  private static func mayBeEmpty(_ tag: HTMLTag) -> Bool {
    tag == .div || tag == .section || tag == .header || tag.isHeading
  }

  private static func holdsOnlyBreaks(_ tree: PageTree, _ node: Int32) -> Bool {
    var child = tree[node].firstChild
    while child >= 0 {
      let tag = tree[child].tag
      if tag != .text && tag != .br && tag != .hr { return false }
      child = tree[child].next
    }
    return true
  }

  private static func bylineText(_ tree: PageTree, _ node: Int32) -> String {
    // The name itself when the byline marks it (`itemprop="name"`).
    var current = tree[node].firstChild
    while current >= 0 {
      if tree[current].flags.contains(.itemName) {
        let name = TextRenderer.plainText(tree, current)
        if !name.isEmpty { return name }
      }
      current = tree.following(current, within: node)
    }
    return TextRenderer.plainText(tree, node)
  }

  // MARK: scoring

  private mutating func initialize(_ node: Int32) {
    guard !scored[Int(node)] else { return }
    scored[Int(node)] = true
    var score: Float
    switch tree[node].tag {
    case .div: score = 5
    case .pre, .td, .blockquote: score = 3
    case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score = -3
    case .th: score = -5
    default: score = tree[node].tag.isHeading ? -5 : 0
    }
    if rules.contains(.weightClasses) { score += Float(tree[node].weight) }
    scores[Int(node)] = score
  }

  private var candidates: [Int32] = []

  private mutating func score(_ paragraphs: [Int32]) {
    for paragraph in paragraphs {
      guard tree[paragraph].parent >= 0 else { continue }
      let counts = counts[paragraph]
      guard counts.characters >= 25 else { continue }
      let score =
        1 + Float(counts.commas + 1) + Float(min(counts.characters / 100, 3))
      var ancestor = tree[paragraph].parent
      var level = 0
      while ancestor >= 0, level < 5 {
        if !scored[Int(ancestor)] {
          initialize(ancestor)
          candidates.append(ancestor)
        }
        let divider: Float = level == 0 ? 1 : level == 1 ? 2 : Float(level * 3)
        scores[Int(ancestor)] += score / divider
        ancestor = tree[ancestor].parent
        level += 1
      }
    }
    // A container of links scores for what is not link text.
    for candidate in candidates {
      scores[Int(candidate)] *= 1 - self.counts[candidate].linkDensity
    }
  }

  // MARK: choosing

  /// The nodes that make the article, in document order.
  mutating func chooseContent() -> [Int32] {
    let ranked = candidates.sorted { scores[Int($0)] > scores[Int($1)] }.prefix(5)
    guard var top = ranked.first, top != 0 else { return [0] }
    let topScore = scores[Int(top)]
    // When several near-best candidates sit in one ancestor, the story is that ancestor.
    let alternatives = ranked.dropFirst().filter { scores[Int($0)] / topScore >= 0.75 }.map {
      ancestors(of: $0)
    }
    if alternatives.count >= 3 {
      var parent = tree[top].parent
      while parent > 0 {
        if alternatives.filter({ $0.contains(parent) }).count >= 3 {
          top = parent
          break
        }
        parent = tree[parent].parent
      }
    }
    initialize(top)
    // Climb while the parent scores about as well: the story's container, not one part.
    var parent = tree[top].parent
    var lastScore = scores[Int(top)]
    let threshold = lastScore / 3
    while parent > 0 {
      if !scored[Int(parent)] {
        parent = tree[parent].parent
        continue
      }
      let parentScore = scores[Int(parent)]
      if parentScore < threshold { break }
      if parentScore > lastScore {
        top = parent
        break
      }
      lastScore = parentScore
      parent = tree[parent].parent
    }
    parent = tree[top].parent
    while parent > 0, elementChildren(of: parent).count == 1 {
      top = parent
      parent = tree[top].parent
    }
    initialize(top)
    guard parent >= 0 else { return [top] }
    return siblings(joining: top, in: parent)
  }

  private func siblings(joining top: Int32, in parent: Int32) -> [Int32] {
    let topScore = scores[Int(top)]
    let threshold = max(10, topScore * 0.2)
    let topClass = tree[top].classKey
    var content: [Int32] = []
    for sibling in elementChildren(of: parent) {
      if sibling == top {
        content.append(sibling)
        continue
      }
      let bonus: Float = topClass != 0 && tree[sibling].classKey == topClass ? topScore * 0.2 : 0
      if scored[Int(sibling)] && scores[Int(sibling)] + bonus >= threshold {
        content.append(sibling)
      } else if tree[sibling].tag == .p {
        let counts = counts[sibling]
        let density = counts.linkDensity
        if counts.characters > 80 && density < 0.25 {
          content.append(sibling)
        } else if counts.characters < 80, counts.characters > 0, density == 0,
          endsASentence(TextRenderer.plainText(tree, sibling))
        {
          content.append(sibling)
        }
      }
    }
    return content
  }

  private func endsASentence(_ text: String) -> Bool {
    var previousWasPeriod = false
    for character in text {
      if previousWasPeriod && character == " " { return true }
      previousWasPeriod = character == "."
    }
    return previousWasPeriod
  }

  private func ancestors(of node: Int32) -> [Int32] {
    var list: [Int32] = []
    var current = tree[node].parent
    while current >= 0 {
      list.append(current)
      current = tree[current].parent
    }
    return list
  }

  func elementChildren(of node: Int32) -> [Int32] {
    var children: [Int32] = []
    var child = tree[node].firstChild
    while child >= 0 {
      if tree[child].tag != .text && !removed[Int(child)] { children.append(child) }
      child = tree[child].next
    }
    return children
  }

  /// For the cleaner: the state this search left.
  func handOver() -> (removed: [Bool], counts: TreeCounts) { (removed, counts) }
}

/// Readability's title test: the share of `b`'s words (by length) that `a` also has.
func textSimilarity(_ a: String, _ b: String) -> Double {
  func tokens(_ text: String) -> [Substring] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }
  }
  let tokensA = Set(tokens(a))
  let tokensB = tokens(b)
  guard !tokensA.isEmpty, !tokensB.isEmpty else { return 0 }
  let unique = tokensB.filter { !tokensA.contains($0) }
  let uniqueLength = unique.isEmpty ? 0 : unique.map(\.count).reduce(0, +) + unique.count - 1
  let allLength = tokensB.map(\.count).reduce(0, +) + tokensB.count - 1
  return 1 - Double(uniqueLength) / Double(allLength)
}
