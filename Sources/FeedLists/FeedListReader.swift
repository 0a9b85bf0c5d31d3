/// Reads a feed list, OPML or plain, telling them apart by their content: a document whose
/// first character (after any byte order mark and whitespace) is "<" is XML.
public enum FeedListReader {
  public static func read(_ bytes: [UInt8]) throws(FeedListError) -> FeedList {
    var list = looksLikeXML(bytes) ? try OPMLReader.read(bytes) : PlainListReader.read(bytes)
    list.entries = mergingRepeats(list.entries)
    return list
  }

  static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
    // UTF-16 and UTF-32 byte order marks: only XML is written so.
    if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return true }
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    let first = rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    return first == UInt8(ascii: "<")
  }

  /// One entry per URL: readers file a feed in several folders by listing it in each, so a
  /// repeat adds its tags to the first.
  static func mergingRepeats(_ entries: [FeedListEntry]) -> [FeedListEntry] {
    var merged: [FeedListEntry] = []
    var index: [String: Int] = [:]
    for entry in entries {
      if let first = index[entry.url] {
        for tag in entry.tags { merged[first].tags.appendNew(tag) }
      } else {
        index[entry.url] = merged.count
        merged.append(entry)
      }
    }
    return merged
  }
}
