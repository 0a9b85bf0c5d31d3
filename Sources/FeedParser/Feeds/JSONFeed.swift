#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A JSON Feed 1.0/1.1 document read into the parser's records.
struct JSONFeedDocument {
  var channel = EntryRecord()
  var entries: [EntryRecord] = []
}

enum JSONFeedReader {
  /// `.failure` when the bytes are not JSON, or JSON but not a JSON Feed.
  static func read(_ bytes: [UInt8], baseURL: String?, converter: HTMLTextConverter) -> Result<
    JSONFeedDocument, ParseError
  > {
    guard let root = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
      return .failure(.notAFeed("JSON that cannot be read"))
    }
    guard let version = root["version"]?.string, version.contains("jsonfeed.org/version/") else {
      return .failure(.notAFeed("JSON that is not a JSON Feed"))
    }
    func plain(_ text: String?, isHTML: Bool = false) -> String? {
      text.flatMap { convertToPlainText($0, isHTML: isHTML, converter: converter) }
    }
    func later(_ text: String, isHTML: Bool = false) -> ItemText? {
      var text = text
      return text.withUTF8 { makeItemText($0, isHTML: isHTML, converter: converter) }
    }
    var document = JSONFeedDocument()
    let base = root["feed_url"]?.string ?? baseURL
    document.channel.title = plain(root["title"]?.string)
    if let home = root["home_page_url"]?.string {
      document.channel.addAlternate(URLResolver.resolve(home, against: base))
    }
    document.channel.summary = plain(root["description"]?.string).map(ItemText.plain)
    document.channel.language = root["language"]?.string.flatMap(LanguageTag.normalised)
    document.channel.authors = authors(root)
    for item in root["items"]?.array ?? [] {
      var entry = EntryRecord()
      entry.id = item["id"]?.string
      if let url = item["url"]?.string {
        entry.addAlternate(URLResolver.resolve(url, against: base))
      }
      if let external = item["external_url"]?.string {
        entry.addLink(URLResolver.resolve(external, against: base), rel: .other)
      }
      entry.title = plain(item["title"]?.string)
      entry.summary = plain(item["summary"]?.string).map(ItemText.plain)
      if let html = item["content_html"]?.string {
        entry.offerContent(
          ContentCandidate(
            text: later(html, isHTML: true), isHTML: true, sourceLength: html.utf8.count))
      }
      if let text = item["content_text"]?.string {
        entry.offerContent(
          ContentCandidate(text: later(text), isHTML: false, sourceLength: text.utf8.count))
      }
      entry.published = item["date_published"]?.string
      entry.updated = item["date_modified"]?.string
      entry.authors = authors(item)
      if entry.authors.isEmpty { entry.authors = document.channel.authors }
      entry.categories = item["tags"]?.array.compactMap(\.string) ?? []
      if let language = item["language"]?.string.flatMap(LanguageTag.normalised) {
        entry.language = language
      }
      document.entries.append(entry)
    }
    return .success(document)
  }

  /// Names from JSON Feed 1.1 `authors`, or 1.0 `author`.
  private static func authors(_ object: JSONValue) -> [String] {
    var values = object["authors"]?.array ?? []
    if values.isEmpty, let single = object["author"] { values = [single] }
    return values.compactMap { $0["name"]?.string }
  }
}
