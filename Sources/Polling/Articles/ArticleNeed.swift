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
    return wordCount(Watcher.body(of: item), atLeast: settings.minWords) ? nil : link
  }

  private static func isWebPage(_ link: String) -> Bool {
    let lower = link.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
  }

  /// Whether `text` has `limit` words or more (stops counting there).
  static func wordCount(_ text: String, atLeast limit: Int) -> Bool {
    guard limit > 0 else { return true }
    var words = 0
    var inWord = false
    for byte in text.utf8 {
      let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
      if !space && !inWord {
        words += 1
        if words >= limit { return true }
      }
      inWord = !space
    }
    return false
  }

  /// Words in `text`, for telling an article from the stub of one.
  static func words(in text: String) -> Int {
    var words = 0
    var inWord = false
    for byte in text.utf8 {
      let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
      if !space && !inWord { words += 1 }
      inWord = !space
    }
    return words
  }
}
