#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Plain text of a text construct: HTML (and XHTML) goes through the HTML parser; plain
/// text only has its whitespace collapsed, unless it plainly carries markup or entities.
func plainText(_ value: TextValue?, converter: HTMLTextConverter) -> String? {
  guard let value else { return nil }
  let text: String
  if value.isHTML || looksLikeHTML(value.value) {
    text = converter.plainText(fromHTML: value.value)
  } else {
    text = HTMLText.collapsingWhitespace(value.value)
  }
  return text.isEmpty ? nil : text
}

/// Markup or an escaped entity inside a field declared as plain text (common in RSS titles).
func looksLikeHTML(_ text: String) -> Bool {
  var previous: UInt8 = 0
  for byte in text.utf8 {
    if previous == UInt8(ascii: "<")
      && (isASCIILetter(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!"))
    {
      return true
    }
    if previous == UInt8(ascii: "&") && (isASCIILetter(byte) || byte == UInt8(ascii: "#")) {
      return true
    }
    previous = byte
  }
  return false
}

private func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

private func date(_ raw: String?, _ defaultOffset: Int) -> Date? {
  raw.flatMap { DateParser.parse($0, defaultOffset: defaultOffset) }
}

/// The page a record points to: its alternate link, else the guid that is a permalink.
func primaryLink(_ record: EntryRecord) -> String? {
  if let link = record.links.first(where: { $0.rel == "alternate" && $0.href != nil }) {
    return link.href
  }
  if let guidLink = record.extras["_guid_link"] { return guidLink }
  return record.links.first(where: { $0.rel != "enclosure" && $0.rel != "self" && $0.href != nil })?
    .href
}

extension FeedItem {
  init(record: EntryRecord, defaultOffset: Int, converter: HTMLTextConverter) {
    self.init()
    id = record.id.flatMap { $0.isEmpty ? nil : $0 }
    link = primaryLink(record)
    title = plainText(record.texts["title"], converter: converter)
    summary = plainText(record.texts["summary"], converter: converter)
    // The fullest content: HTML over plain text, the longest of its kind.
    let best = record.contents.max { a, b in
      (a.isHTML ? 1 : 0, a.value.utf8.count) < (b.isHTML ? 1 : 0, b.value.utf8.count)
    }
    content = plainText(best, converter: converter)
    authors = record.authors.compactMap { $0.name ?? $0.email }
    categories = record.tags.compactMap(\.term)
    published = date(record.dates["published"], defaultOffset)
    updated = date(record.dates["updated"], defaultOffset)
  }
}

extension Feed {
  init(kind: FeedKind, channel: EntryRecord, defaultOffset: Int, converter: HTMLTextConverter) {
    self.init(kind: kind)
    title = plainText(channel.texts["title"], converter: converter)
    link = primaryLink(channel)
    subtitle = plainText(channel.texts["subtitle"], converter: converter)
    language = channel.language
    updated = date(channel.dates["updated"] ?? channel.dates["published"], defaultOffset)
    ttlMinutes = channel.extras["ttl"].flatMap { Int($0) }
    updatePeriod = channel.extras["sy_updateperiod"].flatMap { $0.isEmpty ? nil : $0 }
    updateFrequency = channel.extras["sy_updatefrequency"].flatMap { Int($0) }
    skipHours = channel.skipHours
  }
}
