import FeedParser

/// The fields both readings are compared on.
enum Field: String, Sendable, CaseIterable {
  /// Whether a feed came out at all (the reader's `ParseError`, or the renderer's empty result).
  case document
  /// How many items came out.
  case itemCount = "item count"
  case title, link, language
  case id, published, updated, authors, categories, summary, content
  /// Not compared: the renderer's every link and every content, for the rules to look at.
  case allLinks = "all links"
  case allContents = "all contents"
}

/// A field's value reduced to what the daemon acts on: text with its whitespace collapsed, an
/// instant in whole seconds, a list of such texts, or a count.
enum PlainValue: Sendable, Equatable, CustomStringConvertible {
  case text(String)
  case instant(Int)
  case list([String])
  /// A count (of items).
  case number(Int)

  var description: String {
    switch self {
    case .text(let text): return quoted(text)
    case .instant(let seconds): return "\(seconds) (\(isoText(seconds)))"
    case .list(let items): return "[" + items.map(quoted).joined(separator: ", ") + "]"
    case .number(let number): return String(number)
    }
  }

  /// Text as it is compared: runs of Unicode whitespace become one space, none at the ends;
  /// nil when nothing is left.
  static func normalised(_ raw: String?) -> PlainValue? {
    guard let raw else { return nil }
    let text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return text.isEmpty ? nil : .text(text)
  }

  /// A list of texts, each normalised; empty entries dropped, nil when none is left.
  static func normalisedList(_ raw: [String]) -> PlainValue? {
    let texts = raw.compactMap { value -> String? in
      guard case .text(let text)? = normalised(value) else { return nil }
      return text
    }
    return texts.isEmpty ? nil : .list(texts)
  }

  var text: String? {
    if case .text(let text) = self { return text }
    return nil
  }
}

/// One reading of a document: the feed's fields, each item's, or why nothing was read.
struct DocumentFields: Sendable {
  /// Set when no feed came out: the reader's error, or "no feed" for the renderer.
  var failure: String?
  /// What was read, said the way a failure is (so a document one side could not read shows
  /// what the other made of it).
  var outcome = "a feed"
  var feed: [Field: PlainValue] = [:]
  var items: [[Field: PlainValue]] = []
}

/// The text in quotes, cut at 160 characters, control characters (C1 too) shown as escapes.
private func quoted(_ text: String) -> String {
  let limit = 160
  let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
  var escaped = ""
  for scalar in shown.unicodeScalars {
    if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
      escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
    } else {
      escaped.unicodeScalars.append(scalar)
    }
  }
  return "\"" + escaped + "\""
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970.
private func isoText(_ seconds: Int) -> String {
  let days = Int((Double(seconds) / 86_400).rounded(.down))
  let rest = seconds - days * 86_400
  let civil = civilFromDays(days)
  func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
  return "\(civil.year)-\(two(civil.month))-\(two(civil.day))T\(two(rest / 3600)):"
    + "\(two(rest / 60 % 60)):\(two(rest % 60))Z"
}
