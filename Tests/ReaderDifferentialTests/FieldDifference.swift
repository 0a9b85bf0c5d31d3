/// One field on which the reader and the renderer disagree.
struct FieldDifference: Sendable, CustomStringConvertible {
  var file: String
  /// The item's index; nil for the feed's own fields and for the document.
  var item: Int?
  var field: Field
  var reader: PlainValue?
  var renderer: PlainValue?

  var description: String {
    let place = item.map { "item \($0)" } ?? "feed"
    return "\(file) \(place) \(field.rawValue): reader \(reader?.description ?? "nil"), "
      + "renderer \(renderer?.description ?? "nil")"
  }

  /// Every difference between two readings of `file`, field by field. A document only one
  /// side read is one difference (its fields are not compared); items pair up by position.
  static func between(reader: DocumentFields, renderer: DocumentFields, file: String)
    -> [FieldDifference]
  {
    if reader.failure != nil || renderer.failure != nil {
      guard (reader.failure == nil) != (renderer.failure == nil) else { return [] }
      return [
        FieldDifference(
          file: file, item: nil, field: .document, reader: .text(reader.failure ?? reader.outcome),
          renderer: .text(renderer.failure ?? renderer.outcome))
      ]
    }
    var differences: [FieldDifference] = []
    for field in [Field.title, .link, .language] where reader.feed[field] != renderer.feed[field] {
      differences.append(
        FieldDifference(
          file: file, item: nil, field: field, reader: reader.feed[field],
          renderer: renderer.feed[field]))
    }
    if reader.items.count != renderer.items.count {
      differences.append(
        FieldDifference(
          file: file, item: nil, field: .itemCount, reader: .number(reader.items.count),
          renderer: .number(renderer.items.count)))
    }
    let itemFields: [Field] = [
      .title, .link, .id, .published, .updated, .authors, .categories, .summary, .content,
      .language,
    ]
    for (index, (ours, theirs)) in zip(reader.items, renderer.items).enumerated() {
      for field in itemFields where ours[field] != theirs[field] {
        differences.append(
          FieldDifference(
            file: file, item: index, field: field, reader: ours[field], renderer: theirs[field]))
      }
    }
    return differences
  }
}
