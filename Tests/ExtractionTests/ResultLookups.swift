@testable import Extraction

/// Lookups the article tests assert through.
extension ExtractionResult {
  /// The entity one of whose mentions is exactly `text`.
  func entity(withMention text: String) -> Entity? {
    entities.first { $0.mentions.contains { $0.text == text } }
  }

  /// The speaker of the first quote starting with `prefix`: nil when there is no such quote,
  /// `.some(nil)` when the quote has no speaker.
  func speaker(ofQuoteStarting prefix: String) -> String?? {
    quotes.first { $0.text.hasPrefix(prefix) }.map(\.speaker)
  }
}
