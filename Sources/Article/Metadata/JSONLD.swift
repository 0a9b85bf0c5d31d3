#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A JSON value, as much as JSON-LD needs.
indirect enum JSONValue: Decodable {
  case string(String)
  case number(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
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
    if case .string(let value) = self { return value }
    return nil
  }

  var list: [JSONValue] {
    if case .array(let values) = self { return values }
    return [self]
  }
}

/// What a page's schema.org JSON-LD says of its article.
struct JSONLDArticle {
  var headline: String?
  var name: String?
  var authors: [String] = []
  var datePublished: String?
  var publisherName: String?
  var articleBody: String?
  var language: String?
  var url: String?

  private static let articleTypes: Set<String> = [
    "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
    "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
    "ReviewNewsArticle", "Report", "SatiricalArticle", "ScholarlyArticle",
    "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting", "LiveBlogPosting",
    "DiscussionForumPosting", "TechArticle", "APIReference",
  ]

  /// The first article object in the page's JSON-LD blocks (at the top, in a list, or in an
  /// `@graph`); blocks that do not parse are skipped.
  init?(blocks: [String]) {
    for block in blocks {
      guard let data = block.data(using: .utf8),
        let value = try? JSONDecoder().decode(JSONValue.self, from: data)
      else { continue }
      var objects = value.list
      objects += objects.flatMap { $0["@graph"]?.list ?? [] }
      guard let article = objects.first(where: Self.isArticle) else { continue }
      self.init(article)
      return
    }
    return nil
  }

  private static func isArticle(_ value: JSONValue) -> Bool {
    value["@type"]?.list.contains { $0.string.map(articleTypes.contains) ?? false } ?? false
  }

  private init(_ object: JSONValue) {
    headline = object["headline"]?.string?.trimmed.nonEmpty
    name = object["name"]?.string?.trimmed.nonEmpty
    authors = (object["author"]?.list ?? []).compactMap { author in
      (author.string ?? author["name"]?.string)?.trimmed.nonEmpty
    }
    datePublished = object["datePublished"]?.string?.trimmed.nonEmpty
    publisherName = object["publisher"]?["name"]?.string?.trimmed.nonEmpty
    articleBody = object["articleBody"]?.string
    language = object["inLanguage"]?.string?.trimmed.nonEmpty
    url =
      (object["url"]?.string ?? object["mainEntityOfPage"]?.string
      ?? object["mainEntityOfPage"]?["@id"]?.string)?.trimmed.nonEmpty
  }
}

extension String {
  var trimmed: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }

  var nonEmpty: String? { isEmpty ? nil : self }

  /// White space runs as one space, ends trimmed.
  var collapsingWhitespace: String {
    split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
