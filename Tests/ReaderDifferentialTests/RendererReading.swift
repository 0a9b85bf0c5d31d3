import FeedParser
import FeedparserCompat
import Foundation

/// What the feedparser-compatible renderer makes of a document, given what run.py gives it (the
/// URL and the response headers), reduced to the same plain fields as the reader's: its HTML
/// values become text through the daemon's own HTML→text.
enum RendererReading {
  static func read(_ document: CorpusDocument) -> DocumentFields {
    let json = FeedparserRendering.render(
      document.bytes, url: document.url, headers: document.headers)
    var fields = DocumentFields()
    guard
      let result = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    else {
      fields.failure = "the renderer printed no JSON object"
      return fields
    }
    let feed = result["feed"] as? [String: Any] ?? [:]
    let entries = result["entries"] as? [[String: Any]] ?? []
    // feedparser always answers; "no feed" is a document it recognised no format in and read
    // nothing from.
    if (result["version"] as? String ?? "").isEmpty && entries.isEmpty && feed.isEmpty {
      fields.failure = "no feed (version \"\", no entries)"
      return fields
    }
    fields.outcome = "a feed with \(entries.count) entries"
    fields.feed[.title] = text(feed, "title")
    fields.feed[.link] = PlainValue.normalised(feed["link"] as? String)
    fields.feed[.language] = PlainValue.normalised(feed["language"] as? String)
    // Not compared (the reader's `Feed` has no authors): what an intended difference needs.
    fields.feed[.authors] = people(feed["authors"])
    fields.feed[.id] = PlainValue.normalised(feed["id"] as? String)
    let feedLinks = feed["links"] as? [[String: Any]] ?? []
    fields.feed[.allLinks] = PlainValue.normalisedList(
      feedLinks.compactMap { $0["href"] as? String })
    fields.items = entries.map { entry in
      var values: [Field: PlainValue] = [:]
      values[.title] = text(entry, "title")
      values[.link] = PlainValue.normalised(entry["link"] as? String)
      values[.id] = PlainValue.normalised(entry["id"] as? String)
      values[.published] = instant(entry["published_parsed"])
      values[.updated] = instant(entry["updated_parsed"])
      values[.authors] = people(entry["authors"])
      let tags = entry["tags"] as? [[String: Any]] ?? []
      values[.categories] = PlainValue.normalisedList(tags.compactMap { nonEmpty($0["term"]) })
      let contents = entry["content"] as? [[String: Any]] ?? []
      // A summary without a detail is feedparser's copy of the content, of the content's type.
      values[.summary] = text(entry, "summary", typeWithoutDetail: contents.first?["type"])
      values[.content] = contents.first.flatMap(plainText)
      values[.allContents] = PlainValue.normalisedList(contents.compactMap { plainText($0)?.text })
      let links = entry["links"] as? [[String: Any]] ?? []
      values[.allLinks] = PlainValue.normalisedList(links.compactMap { $0["href"] as? String })
      values[.language] = PlainValue.normalised(language(entry))
      return values
    }
    return fields
  }

  /// A text construct's value as plain text: through HTML→text when its type is (X)HTML.
  private static func text(_ object: [String: Any], _ key: String, typeWithoutDetail: Any? = nil)
    -> PlainValue?
  {
    guard let value = object[key] as? String else { return nil }
    var detail = object[key + "_detail"] as? [String: Any] ?? ["type": typeWithoutDetail as Any]
    detail["value"] = value
    return plainText(detail)
  }

  private static func plainText(_ detail: [String: Any]) -> PlainValue? {
    guard let value = detail["value"] as? String else { return nil }
    let type = detail["type"] as? String ?? "text/plain"
    let isHTML = type.contains("html")
    return PlainValue.normalised(isHTML ? HTMLText.plainText(fromHTML: value) : value)
  }

  /// The entry's own language (`dc:language`), else the one in force at its first text
  /// construct: feedparser has no other per-entry language, only one per construct.
  private static func language(_ entry: [String: Any]) -> String? {
    if let language = entry["language"] as? String { return language }
    let details =
      [entry["title_detail"], entry["summary_detail"]].compactMap { $0 as? [String: Any] }
      + (entry["content"] as? [[String: Any]] ?? [])
    return details.first?["language"] as? String
  }

  /// A `*_parsed` value: an ISO-8601 UTC string, or a 9-integer time tuple for years outside
  /// 1–9999 (the conformance README's contract).
  private static func instant(_ value: Any?) -> PlainValue? {
    if let text = value as? String {
      let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
      guard parts.count == 6 else { return nil }
      return seconds(parts)
    }
    if let tuple = value as? [Int], tuple.count >= 6 { return seconds(Array(tuple.prefix(6))) }
    return nil
  }

  private static func seconds(_ parts: [Int]) -> PlainValue {
    let days = daysFromCivil(year: parts[0], month: parts[1], day: parts[2])
    return .instant(days * 86_400 + parts[3] * 3600 + parts[4] * 60 + parts[5])
  }

  /// A list of feedparser's person dicts as the reader names people: the name, else the e-mail.
  private static func people(_ value: Any?) -> PlainValue? {
    let people = value as? [[String: Any]] ?? []
    return PlainValue.normalisedList(
      people.compactMap { nonEmpty($0["name"]) ?? nonEmpty($0["email"]) })
  }

  private static func nonEmpty(_ value: Any?) -> String? {
    guard let text = value as? String, !text.isEmpty else { return nil }
    return text
  }
}
