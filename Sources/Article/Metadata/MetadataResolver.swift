/// Picks the article's title, byline, date, language, site name and canonical address from
/// what the page states, the most specific statement first (JSON-LD, then Open Graph and
/// other `<meta>` vocabularies, then the document itself).
struct MetadataResolver {
  let metadata: PageMetadata
  let jsonLD: JSONLDArticle?
  let baseURL: String?

  init(metadata: PageMetadata, baseURL: String?) {
    self.metadata = metadata
    jsonLD = JSONLDArticle(blocks: metadata.jsonLD)
    self.baseURL = baseURL
  }

  var title: String? {
    let documentTitle = metadata.documentTitle.collapsingWhitespace
    var candidates: [String?] = []
    if let jsonLD {
      // Headline and name can differ: the one closer to the document title.
      if let name = jsonLD.name, let headline = jsonLD.headline, name != headline {
        candidates.append(
          textSimilarity(name, documentTitle) > textSimilarity(headline, documentTitle)
            ? name : headline)
      } else {
        candidates.append(jsonLD.headline ?? jsonLD.name)
      }
    }
    candidates += [
      metadata["dc:title"], metadata["dcterm:title"], metadata["og:title"],
      metadata["weibo:article:title"], metadata["weibo:webpage:title"], metadata["title"],
      metadata["twitter:title"], metadata["parsely-title"],
    ]
    if let stated = candidates.lazy.compactMap({ $0?.collapsingWhitespace.nonEmpty }).first {
      return stated
    }
    return TitleCleaner.clean(documentTitle, firstHeading: metadata.firstHeading)
      ?? metadata.firstHeading?.collapsingWhitespace.nonEmpty
  }

  func byline(found: String?) -> String? {
    if let jsonLD, !jsonLD.authors.isEmpty { return jsonLD.authors.joined(separator: ", ") }
    for key in ["dc:creator", "dcterm:creator", "author", "parsely-author", "article:author"] {
      // A profile address is not a name.
      if let value = metadata[key]?.collapsingWhitespace.nonEmpty, !value.contains("://") {
        return value
      }
    }
    return found?.collapsingWhitespace.nonEmpty
  }

  var published: String? {
    let stated: [String?] = [
      jsonLD?.datePublished, metadata["article:published_time"], metadata["parsely-pub-date"],
      metadata["datepublished"], metadata["dc.date.issued"], metadata["date"],
      metadata.firstArticleTime, metadata.firstTime,
    ]
    return stated.lazy.compactMap { $0?.trimmed.nonEmpty }.first
  }

  var language: String? {
    let stated: [String?] = [
      metadata.htmlLanguage, metadata["content-language"],
      metadata["og:locale"].map { $0.replacingUnderscores() }, jsonLD?.language,
    ]
    return stated.lazy.compactMap { $0?.trimmed.nonEmpty }.first
  }

  var siteName: String? {
    let stated: [String?] = [
      metadata["og:site_name"], jsonLD?.publisherName, metadata["application-name"],
    ]
    return stated.lazy.compactMap { $0?.collapsingWhitespace.nonEmpty }.first
  }

  var canonicalURL: String? {
    let base = metadata.baseHref.map { resolveURL($0, against: baseURL) } ?? baseURL
    let stated: [String?] = [metadata.canonicalHref, metadata["og:url"], jsonLD?.url]
    guard let href = stated.lazy.compactMap({ $0?.trimmed.nonEmpty }).first else { return baseURL }
    return resolveURL(href, against: base)
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    String(map { $0 == "_" ? "-" : $0 })
  }
}

/// Readability's reading of a document title: the site's name cut off ("Story | Site").
enum TitleCleaner {
  private static let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»"]
  private static let hierarchical: Set<Character> = ["\\", "/", ">", "»"]

  static func clean(_ title: String, firstHeading: String?) -> String? {
    guard !title.isEmpty else { return nil }
    let parts = separatedParts(title)
    var cleaned = title
    var hadHierarchical = false
    if parts.count > 1 {
      hadHierarchical = parts.dropFirst().contains { hierarchical.contains($0.separator!) }
      cleaned = parts.dropLast().map(\.text).joined()
      if wordCount(cleaned) < 3 { cleaned = parts.dropFirst().map(\.text).joined() }
    } else if let colon = title.firstRange(of: ": "), let lastColon = title.lastIndex(of: ":") {
      let afterLast = title[title.index(after: lastColon)...]
      cleaned = String(afterLast)
      if wordCount(cleaned) < 3 {
        cleaned = String(title[colon.upperBound...])
      } else if wordCount(String(title[..<colon.lowerBound])) > 5 {
        cleaned = title
      }
    } else if title.count > 150 || title.count < 15, let firstHeading {
      cleaned = firstHeading
    }
    cleaned = cleaned.collapsingWhitespace
    let cleanedWords = wordCount(cleaned)
    if cleanedWords <= 4
      && (!hadHierarchical
        || cleanedWords != wordCount(title.filter { !separators.contains($0) }) - 1)
    {
      return title
    }
    return cleaned.isEmpty ? title : cleaned
  }

  /// The title cut at " | ", " - ", … : each part with the separator before it.
  private static func separatedParts(_ title: String) -> [(separator: Character?, text: String)] {
    var parts: [(separator: Character?, text: String)] = [(nil, "")]
    let characters = Array(title)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == " ", index + 2 < characters.count, separators.contains(characters[index + 1]),
        characters[index + 2] == " "
      {
        parts.append((characters[index + 1], ""))
        index += 3
        continue
      }
      parts[parts.count - 1].text.append(character)
      index += 1
    }
    return parts
  }

  private static func wordCount(_ text: String) -> Int {
    text.split(whereSeparator: \.isWhitespace).count
  }
}
