package import Config
package import FeedParser
import Watch

/// Whether an item is read from the page it links to.
package enum ArticleNeed {
  /// The page to read for `item` (plain text already), or nil: the feed's text is enough,
  /// the feed says never, or the item links to no web page.
  package static func articleURL(for item: FeedItem, settings: Config.ArticleSettings) -> String? {
    guard settings.mode != .never, let link = item.link, isWebPage(link) else { return nil }
    if settings.mode == .always { return link }
    let minWords = settings.minWords
    return words(in: Watcher.body(of: item), upTo: minWords) >= minWords ? nil : link
  }

  private static func isWebPage(_ link: String) -> Bool {
    let lower = link.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
  }

  /// Words in `text`, counted up to `limit` at most: telling an article from the stub of one,
  /// or a teaser from a whole story, needs no more.
  static func words(in text: String, upTo limit: Int = .max) -> Int {
    var words = 0
    var inWord = false
    for byte in text.utf8 {
      if words >= limit { break }
      let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
      if !space && !inWord { words += 1 }
      inWord = !space
    }
    return words
  }
}
