import FeedParser

/// A title or folder name as a person reads it. Readers copy feed titles into OPML as they
/// found them, often HTML-escaped ("Tom&amp;#039;s Hardware" in the file is
/// "Tom&#039;s Hardware" after XML): markup is read as HTML once more, and whitespace collapsed.
enum DisplayText {
  static func clean(_ raw: String?) -> String? {
    guard let raw else { return nil }
    let text =
      raw.contains("&") || raw.contains("<")
      ? HTMLText.plainText(fromHTML: raw)
      : raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return text.isEmpty ? nil : text
  }
}
