/// From the parsed page to the `Article`: the metadata, and the content search run with
/// strict rules first and looser ones when the strict search finds too little.
struct ArticleAssembler {
  let tree: PageTree
  let metadata: PageMetadata
  let baseURL: String?

  /// Below this many characters a search is taken to have missed the story.
  static let enoughCharacters = 500

  func article() -> Article {
    let resolver = MetadataResolver(metadata: metadata, baseURL: baseURL)
    let title = resolver.title
    var article = Article(
      title: title, language: resolver.language, siteName: resolver.siteName,
      canonicalURL: resolver.canonicalURL)
    article.published = resolver.published
    let content = findContent(title: title ?? "")
    article.text = content.text
    article.byline = resolver.byline(found: content.byline)
    if tree.text.allSatisfy({ $0 == 0x20 }) {
      article.absence = .noText
      article.text = ""
    } else if !content.readsAsArticle {
      article.absence = .noArticle
      article.text = ""
    }
    return article
  }

  private struct Content {
    var text = ""
    var characters = 0
    var linkDensity: Float = 0
    var byline: String?

    /// A story has text, and not mostly link text.
    var readsAsArticle: Bool { characters > 0 && linkDensity < 0.5 }
  }

  private func findContent(title: String) -> Content {
    var normalizer = TreeNormalizer(tree: tree)
    var tree = normalizer.normalize()
    tree.markDataTables()
    let whole = TreeCounts(tree: tree, removed: [Bool](repeating: false, count: tree.count))
    let attempts: [SearchRules] = [.all, [.weightClasses, .cleanConditionally], [.cleanConditionally], []]
    var best = Content()
    var byline: String?
    for rules in attempts {
      var selection = CandidateSelection(
        tree: tree, rules: rules, title: title, counts: whole)
      byline = byline ?? selection.byline
      let chosen = selection.chooseContent()
      let (removed, counts) = selection.handOver()
      var cleaner = ContentCleaner(tree: tree, rules: rules, removed: removed, counts: counts)
      cleaner.clean(chosen)
      let text = TextRenderer.render(tree, chosen, removed: cleaner.removed)
      let characters = chosen.reduce(0) { $0 + Int(cleaner.counts[$1].characters) }
      let links = chosen.reduce(Float(0)) { $0 + cleaner.counts[$1].linkCharacters }
      let found = Content(
        text: text, characters: characters,
        linkDensity: characters > 0 ? links / Float(characters) : 0, byline: byline)
      if found.characters > best.characters { best = found }
      if characters >= Self.enoughCharacters { return found }
    }
    best.byline = byline
    return best
  }
}
