import TextTrimming

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Plain text of a text construct, nil when it has none: HTML (and XHTML) goes through the
/// HTML→text converter; plain text only has its whitespace collapsed, unless it plainly
/// carries markup or entities.
func convertToPlainText(
  _ bytes: UnsafeBufferPointer<UInt8>, isHTML: Bool, converter: HTMLTextConverter
) -> String? {
  var text =
    isHTML || looksLikeHTML(bytes)
    ? converter.plainText(fromUTF8: bytes) : HTMLText.collapsingWhitespace(bytes)
  let ends = text.withUTF8 { $0.isEmpty ? nil : ($0[0], $0[$0.count - 1]) }
  guard let (first, last) = ends else { return nil }
  // Both collapse ASCII whitespace only; other Unicode spaces at the ends go here.
  guard first >= 0x80 || last >= 0x80 else { return text }
  let trimmed = text.trimmingWhitespace()
  return trimmed.isEmpty ? nil : trimmed
}

func convertToPlainText(_ text: String, isHTML: Bool, converter: HTMLTextConverter) -> String? {
  var text = text
  return text.withUTF8 { convertToPlainText($0, isHTML: isHTML, converter: converter) }
}

/// A summary or content kept for later: HTML as its bytes (made plain when read), plain text
/// collapsed now; nil when there is nothing to read.
func makeItemText(
  _ bytes: UnsafeBufferPointer<UInt8>, isHTML: Bool, converter: HTMLTextConverter
) -> ItemText? {
  guard isHTML || looksLikeHTML(bytes) else {
    return convertToPlainText(bytes, isHTML: false, converter: converter).map(ItemText.plain)
  }
  return bytes.allSatisfy(isASCIISpace) ? nil : .html(Array(bytes))
}

/// Markup or an escaped entity inside a field declared as plain text (common in RSS titles).
func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var previous: UInt8 = 0
  for byte in bytes {
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

extension FeedItem {
  /// Moves the record's strings and texts over instead of copying them: a copy retains each one
  /// once more, and the record then releases them all.
  init(takingFrom record: inout EntryRecord, defaultOffset: Int) {
    id = record.id.take().flatMap { $0.isEmpty ? nil : $0 }
    link = record.takePrimaryLink()
    title = record.title.take()
    summarySource = record.summary.take()
    contentSource = record.content.take()?.text
    authors = []
    swap(&authors, &record.authors)
    categories = []
    swap(&categories, &record.categories)
    published = date(record.published, defaultOffset)
    updated = date(record.updated, defaultOffset)
  }
}

extension Feed {
  init(kind: FeedKind, channel: EntryRecord, defaultOffset: Int) {
    self.init(kind: kind)
    var channel = channel
    title = channel.title
    link = channel.takePrimaryLink()
    subtitle = channel.summary?.plainText
    language = channel.language
    updated = date(channel.updated ?? channel.published, defaultOffset)
    ttlMinutes = channel.ttl.flatMap { Int($0) }
    updatePeriod = channel.updatePeriod.flatMap { $0.isEmpty ? nil : $0 }
    updateFrequency = channel.updateFrequency.flatMap { Int($0) }
    skipHours = channel.skipHours
  }
}
