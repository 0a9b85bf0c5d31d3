/// Clears the chosen content of what is not the story: embeds, forms, asides and footers,
/// share widgets, headings the page marks as furniture, and — when the rules say so — lists,
/// tables and DIVs that read as link lists, image strips or forms.
struct ContentCleaner {
  let tree: PageTree
  let rules: SearchRules
  private(set) var removed: [Bool]
  private(set) var counts: TreeCounts

  mutating func clean(_ content: [Int32]) {
    for tag in [HTMLTag.form, .fieldset] { cleanConditionally(content, tag) }
    for tag in [HTMLTag.object, .embed, .footer, .link, .aside] { removeAll(content, tag) }
    // Share widgets inside the story's blocks.
    for root in content {
      for node in nodes(under: root) where node != root {
        if tree[node].flags.contains(.shareHint) && counts[node].characters < 500 {
          remove(node)
        }
      }
    }
    for tag in [HTMLTag.iframe, .input, .textarea, .select, .button] { removeAll(content, tag) }
    // Captions and credits describe a picture, not the story.
    for node in nodes(in: content)
    where tree[node].tag == .figcaption
      || (tree[node].flags.contains(.captionHint) && counts[node].characters < 300)
    {
      remove(node)
    }
    if rules.contains(.weightClasses) {
      for node in nodes(in: content)
      where (tree[node].tag == .h1 || tree[node].tag == .h2) && tree[node].weight < 0 {
        remove(node)
      }
    }
    for tag in [HTMLTag.table, .ul, .div] { cleanConditionally(content, tag) }
  }

  /// The live nodes of `content`'s subtrees, in document order.
  private func nodes(in content: [Int32]) -> [Int32] {
    content.flatMap { nodes(under: $0) }
  }

  private func nodes(under root: Int32) -> [Int32] {
    var list: [Int32] = []
    var node = root
    while node >= 0 {
      if removed[Int(node)] {
        node = tree.following(node, within: root, skippingChildren: true)
        continue
      }
      if tree[node].tag != .text { list.append(node) }
      node = tree.following(node, within: root)
    }
    return list
  }

  private func isLive(_ node: Int32) -> Bool {
    var current = node
    while current >= 0 {
      if removed[Int(current)] { return false }
      current = tree[current].parent
    }
    return true
  }

  private mutating func remove(_ node: Int32) {
    guard !removed[Int(node)] else { return }
    counts.remove(node, in: tree)
    removed[Int(node)] = true
  }

  private mutating func removeAll(_ content: [Int32], _ tag: HTMLTag) {
    for node in nodes(in: content) where tree[node].tag == tag { remove(node) }
  }

  private func hasAncestor(_ node: Int32, where test: (PageNode) -> Bool) -> Bool {
    var current = tree[node].parent
    while current >= 0 {
      if test(tree[current]) { return true }
      current = tree[current].parent
    }
    return false
  }

  // MARK: conditional cleaning

  private mutating func cleanConditionally(_ content: [Int32], _ tag: HTMLTag) {
    guard rules.contains(.cleanConditionally) else { return }
    // Back to front, so an inner block is judged before the block around it.
    for node in nodes(in: content).reversed() where tree[node].tag == tag && isLive(node) {
      if shouldRemove(node, tag) { remove(node) }
    }
  }

  private func shouldRemove(_ node: Int32, _ tag: HTMLTag) -> Bool {
    let counts = counts[node]
    let entry = tree[node]
    var isList = tag == .ul || tag == .ol
    if !isList, counts.characters > 0 {
      isList = Float(counts.listCharacters) / Float(counts.characters) > 0.9
    }
    if tag == .table && entry.flags.contains(.dataTable) { return false }
    if hasAncestor(node, where: { $0.tag == .table && $0.flags.contains(.dataTable) }) {
      return false
    }
    if hasAncestor(node, where: { $0.tag == .code }) { return false }
    if counts.dataTables > 0 { return false }
    let weight = rules.contains(.weightClasses) ? Int(entry.weight) : 0
    if weight < 0 { return true }
    guard counts.commas < 10 else { return false }
    let paragraphs = Int(counts.paragraphs)
    let images = Int(counts.images)
    let listItems = Int(counts.listItems) - 100
    let inputs = Int(counts.inputs)
    let headingDensity =
      counts.characters > 0 ? Float(counts.headingCharacters) / Float(counts.characters) : 0
    let embeds = Int(counts.embeds)
    let length = Int(counts.characters)
    if length < 30, isAdvertisementLabel(TextRenderer.plainText(tree, node, skipping: removed)) {
      return true
    }
    let density = counts.linkDensity
    let inFigure = hasAncestor(node, where: { $0.tag == .figure })
    var remove =
      (!inFigure && images > 1 && Float(paragraphs) / Float(images) < 0.5)
      || (!isList && listItems > paragraphs)
      || (inputs > paragraphs / 3)
      || (!isList && headingDensity < 0.9 && length < 25 && (images == 0 || images > 2)
        && !inFigure && density > 0)
      || (!isList && weight < 25 && density > 0.2)
      || (weight >= 25 && density > 0.5)
      || ((embeds == 1 && length < 75) || embeds > 1)
    // A list of images stays when every item holds one image.
    if isList && remove {
      var child = entry.firstChild
      while child >= 0 {
        if tree[child].tag != .text, !removed[Int(child)], elementCount(child) > 1 {
          return true
        }
        child = tree[child].next
      }
      if images == Int(counts.listItems) { remove = false }
    }
    return remove
  }

  private func elementCount(_ node: Int32) -> Int {
    var count = 0
    var child = tree[node].firstChild
    while child >= 0 {
      if tree[child].tag != .text && !removed[Int(child)] { count += 1 }
      child = tree[child].next
    }
    return count
  }

  private func isAdvertisementLabel(_ text: String) -> Bool {
    let label = text.lowercased().trimmingCharacters(in: " .…")
    return [
      "ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告",
      "реклама", "anuncio", "loading", "正在加载", "загрузка", "chargement", "cargando",
    ].contains(label)
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    return String(
      drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
  }
}
