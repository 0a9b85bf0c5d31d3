/// From the parsed page to the `Article`: the metadata, and the content search run with
/// strict rules first and looser ones when the strict search finds too little (a looser
/// search replaces the stricter content only when it finds much more).
struct ArticleAssembler {
  let tree: PageTree
  let metadata: PageMetadata
  let baseURL: String?

  /// Below this many characters a search is taken to have missed the story.
  static let enoughCharacters = 500
  /// How much more text a looser search must find to replace a stricter one's: what a looser
  /// search adds to a short story is mostly the furniture the strict rules dropped (a menu,
  /// a footer line), while a story the strict rules cut comes back several times longer.
  static let looserSearchGain = 1.5

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
    let attempts: [SearchRules] = [
      .all, [.weightClasses, .cleanConditionally], [.cleanConditionally], [],
    ]
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
      // The cleaning may drop a chosen block itself (a link list beside the story).
      let kept = chosen.filter { !cleaner.removed[Int($0)] }
      let text = TextRenderer.render(tree, kept, removed: cleaner.removed)
      let characters = kept.reduce(0) { $0 + Int(cleaner.counts[$1].characters) }
      let links = kept.reduce(Float(0)) { $0 + cleaner.counts[$1].linkCharacters }
      let found = Content(
        text: text, characters: characters,
        linkDensity: characters > 0 ? links / Float(characters) : 0, byline: byline)
      if Double(found.characters) > Double(best.characters) * Self.looserSearchGain {
        best = found
      }
      if characters >= Self.enoughCharacters { break }
    }
    best.byline = byline
    return best
  }
}
