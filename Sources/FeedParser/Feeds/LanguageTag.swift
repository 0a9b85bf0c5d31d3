import TextTrimming

/// A language as feeds write it (`en_US`, ` fr `, `en-GB`) in the BCP 47 form readers
/// compare (`en-US`): trimmed, with underscores as hyphens; nil when nothing is left.
enum LanguageTag {
  static func normalised(_ raw: String) -> String? {
    let trimmed = raw.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    return trimmed.contains("_") ? trimmed.replacing("_", with: "-") : trimmed
  }
}
