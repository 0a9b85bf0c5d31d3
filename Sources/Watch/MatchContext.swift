public import Extraction
import FeedParser
import TextTrimming

/// Everything a rule can look at for one item.
public struct MatchContext: Sendable {
  public var feedName: String
  /// The feed's configured tags and the item's own categories.
  public var tags: [String]
  public var extraction: ExtractionResult
  let scalars: [Unicode.Scalar]

  public init(feedName: String, tags: [String], extraction: ExtractionResult) {
    self.feedName = feedName
    self.tags = tags
    self.extraction = extraction
    self.scalars = Array(extraction.text.unicodeScalars)
  }

  /// The analysed text between two Unicode-scalar offsets.
  func slice(_ start: Int, _ end: Int) -> String {
    let lower = max(0, min(start, scalars.count))
    let upper = max(lower, min(end, scalars.count))
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars[lower..<upper])
    return String(result)
  }

  /// The sentence that contains `offset`, or the whole text when sentences are unknown.
  func sentence(containing offset: Int) -> TextSpan {
    for span in extraction.sentences where span.start <= offset && offset < span.end {
      return span
    }
    return TextSpan(start: 0, end: scalars.count)
  }

  func sentenceText(containing offset: Int) -> String {
    let span = sentence(containing: offset)
    return slice(span.start, span.end).trimmingWhitespace()
  }
}

/// Names compare without case, accents, hyphens or punctuation: "Harakat al-Nujaba" == "harakat al nujaba".
func foldedName(_ name: String) -> String {
  var out = String.UnicodeScalarView()
  var pendingSpace = false
  for scalar in name.lowercased().unicodeScalars {
    if scalar.properties.generalCategory == .nonspacingMark { continue }
    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
      if pendingSpace, !out.isEmpty { out.append(" ") }
      pendingSpace = false
      out.append(scalar)
    } else if scalar != "'" && scalar != "’" {
      pendingSpace = true
    }
  }
  return String(out)
}
