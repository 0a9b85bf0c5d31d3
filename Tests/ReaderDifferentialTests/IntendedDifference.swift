#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A difference seen with what it is a difference in: the two items (or feeds) it is between.
struct DifferenceContext: Sendable {
  var difference: FieldDifference
  /// The item's fields (the feed's for a feed-level difference) on each side.
  var reader: [Field: PlainValue]
  var renderer: [Field: PlainValue]
  /// The renderer's feed-level fields (its feed's authors are there).
  var rendererFeed: [Field: PlainValue]

  var readerText: String? { difference.reader?.text }
  var rendererText: String? { difference.renderer?.text }
}

/// A class of difference between the reader and the renderer that is meant to be there (or a
/// known reader bug, kept listed so that CI stays green while it is open), with why.
struct IntendedDifference: Sendable {
  /// A short name for the class.
  var rule: String
  var fields: Set<Field>
  /// Globs over the document's name (`conformance/…` or `realfeeds/…`); `*` also matches '/'.
  var files: [String]
  var reason: String
  /// Narrows the class to the differences it explains; nil: every one in those fields and files.
  var when: (@Sendable (DifferenceContext) -> Bool)?

  init(
    _ rule: String, fields: Set<Field>, files: [String] = ["*"], reason: String,
    when: (@Sendable (DifferenceContext) -> Bool)? = nil
  ) {
    self.rule = rule
    self.fields = fields
    self.files = files
    self.reason = reason
    self.when = when
  }

  func explains(_ context: DifferenceContext) -> Bool {
    guard fields.contains(context.difference.field) else { return false }
    guard files.contains(where: { fnmatch($0, context.difference.file, 0) == 0 }) else {
      return false
    }
    return when?(context) ?? true
  }
}
