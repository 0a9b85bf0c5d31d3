/// Turns name hits into entities: one per real-world thing, with every mention.
struct EntityRecognizer {
  let text: TokenizedText
  let sentences: [TextSpan]
  let names: [NameMatcher.Name]

  func recognise(known: [NameMatcher.Hit]) -> [Entity] {
    var byEntry: [Int: Int] = [:]
    var entities: [Entity] = []
    for hit in known {
      let name = names[hit.name]
      let span = mentionSpan(first: hit.firstToken, last: hit.lastToken)
      let mention = Mention(text: text.text(span.start, span.end), start: span.start, end: span.end)
      if let index = byEntry[name.entry] {
        entities[index].mentions.append(mention)
      } else {
        byEntry[name.entry] = entities.count
        entities.append(
          Entity(name: name.canonical, type: name.type, mentions: [mention], watched: name.watched))
      }
    }
    return entities
  }

  /// The span of a name, with an attached Arabic article ("al-", "Al ") included.
  func mentionSpan(first: Int, last: Int) -> TextSpan {
    var start = first
    if first > 0 {
      let previous = first - 1
      if MatchStream.isArticle(text.foldedBytes(previous), text: text, index: previous),
        text.tokens[first].hyphenBefore || text.tokens[previous].isCapitalized
      {
        start = previous
      }
    }
    return TextSpan(start: text.tokens[start].start, end: text.tokens[last].end)
  }
}
