#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Any JSON value, decoded leniently so a field of an unexpected type is ignored rather
/// than failing the whole document.
enum JSONValue: Decodable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  var string: String? {
    switch self {
    case .string(let value): return value
    case .number(let value):
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    default: return nil
    }
  }

  var array: [JSONValue] {
    if case .array(let values) = self { return values }
    return []
  }
}

/// A JSON Feed 1.0/1.1 document read into the parser's records.
struct JSONFeedDocument {
  var channel = EntryRecord()
  var entries: [EntryRecord] = []
}

enum JSONFeedReader {
  /// nil when the bytes are not JSON; `.failure` when they are JSON but not a JSON Feed.
  static func read(_ bytes: [UInt8], baseURL: String?) -> Result<JSONFeedDocument, ParseError> {
    guard let root = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
      return .failure(.notAFeed("JSON that cannot be read"))
    }
    guard let version = root["version"]?.string, version.contains("jsonfeed.org/version/") else {
      return .failure(.notAFeed("JSON that is not a JSON Feed"))
    }
    var document = JSONFeedDocument()
    let base = root["feed_url"]?.string ?? baseURL
    if let title = root["title"]?.string {
      document.channel.texts["title"] = TextValue(value: title, type: "text/plain")
    }
    if let home = root["home_page_url"]?.string {
      document.channel.links.append(
        LinkValue(
          rel: "alternate", type: "text/html", href: URLResolver.resolve(home, against: base)))
    }
    if let description = root["description"]?.string {
      document.channel.texts["subtitle"] = TextValue(value: description, type: "text/plain")
    }
    if let language = root["language"]?.string { document.channel.language = language }
    document.channel.authors = people(root)
    for item in root["items"]?.array ?? [] {
      var entry = EntryRecord()
      entry.id = item["id"]?.string
      if let url = item["url"]?.string {
        entry.links.append(
          LinkValue(
            rel: "alternate", type: "text/html", href: URLResolver.resolve(url, against: base)))
      }
      if let external = item["external_url"]?.string {
        entry.links.append(
          LinkValue(rel: "related", href: URLResolver.resolve(external, against: base)))
      }
      if let title = item["title"]?.string {
        entry.texts["title"] = TextValue(value: title, type: "text/plain")
      }
      if let summary = item["summary"]?.string {
        entry.texts["summary"] = TextValue(value: summary, type: "text/plain")
      }
      if let html = item["content_html"]?.string {
        entry.contents.append(TextValue(value: html, type: "text/html"))
      }
      if let text = item["content_text"]?.string {
        entry.contents.append(TextValue(value: text, type: "text/plain"))
      }
      if let published = item["date_published"]?.string { entry.dates["published"] = published }
      if let modified = item["date_modified"]?.string { entry.dates["updated"] = modified }
      entry.authors = people(item)
      if entry.authors.isEmpty { entry.authors = document.channel.authors }
      entry.tags = item["tags"]?.array.compactMap { $0.string.map { TagValue(term: $0) } } ?? []
      if let language = item["language"]?.string { entry.language = language }
      document.entries.append(entry)
    }
    return .success(document)
  }

  /// JSON Feed 1.1 `authors`, or 1.0 `author`.
  private static func people(_ object: JSONValue) -> [PersonValue] {
    var values = object["authors"]?.array ?? []
    if values.isEmpty, let single = object["author"] { values = [single] }
    return values.compactMap { value in
      let person = PersonValue(name: value["name"]?.string, email: nil, href: value["url"]?.string)
      return person.isEmpty ? nil : person
    }
  }
}
