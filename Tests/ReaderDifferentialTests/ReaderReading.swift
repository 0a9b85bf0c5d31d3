@testable import FeedParser

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the daemon's reader makes of a document, given what the daemon gives it: the URL as
/// the base and the Content-Type header.
enum ReaderReading {
  static func read(_ document: CorpusDocument) -> DocumentFields {
    let options = FeedParserOptions(baseURL: document.url, contentType: document.contentType)
    var fields = DocumentFields()
    switch parseFeed(document.bytes, options: options) {
    case .failure(let error):
      fields.failure = error.description
    case .success(let (feed, items)):
      fields.feed[.title] = PlainValue.normalised(feed.title)
      fields.feed[.link] = PlainValue.normalised(feed.link)
      fields.feed[.language] = PlainValue.normalised(feed.language)
      fields.outcome = "a feed with \(items.count) items"
      let languages = itemLanguages(document.bytes, options: options)
      fields.items = items.enumerated().map { index, item in
        var values: [Field: PlainValue] = [:]
        values[.title] = PlainValue.normalised(item.title)
        values[.link] = PlainValue.normalised(item.link)
        values[.id] = PlainValue.normalised(item.id)
        values[.published] = item.published.map(instant)
        values[.updated] = item.updated.map(instant)
        values[.authors] = PlainValue.normalisedList(item.authors)
        values[.categories] = PlainValue.normalisedList(item.categories)
        values[.summary] = PlainValue.normalised(item.summary)
        values[.content] = PlainValue.normalised(item.content)
        values[.language] = PlainValue.normalised(index < languages.count ? languages[index] : nil)
        return values
      }
    }
    return fields
  }

  /// Each item's language as the reader records it (xml:lang in scope, or the item's own
  /// `dc:language`): `FeedItem` does not carry it, so it is read from the records the items are
  /// made of, in a second pass over the same bytes.
  private static func itemLanguages(_ bytes: [UInt8], options: FeedParserOptions) -> [String?] {
    var languages: [String?] = []
    let converter = HTMLTextConverter()
    let parser = RecordStreamParser(options: options, converter: converter) {
      languages.append($0.language)
    }
    bytes.withUnsafeBytes { parser.write($0) }
    _ = parser.finish()
    return languages
  }

  private static func instant(_ date: Date) -> PlainValue {
    .instant(Int(date.timeIntervalSince1970.rounded(.down)))
  }
}
