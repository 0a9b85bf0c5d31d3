public import FeedParser
import Hashing
import TextTrimming

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What an item is recognised by beyond its key (`ItemIdentity`): its guid, its link and its
/// title with its date. A feed's own changes — a guid added to an item already listed, a link
/// moved to https or given tracking parameters — give the item another key, but leave it one
/// of these, so before an item counts as new it is matched against the feed's seen items by
/// them.
///
/// Versioned like `ItemIdentity`: the version is stored with each seen item's facets, and
/// facets of another version are never compared. Any change to how facets are made or
/// compared must bump `version`.
public struct ItemFacets: Sendable, Hashable {
  public static let version = 1

  /// The guid (RSS guid, Atom id, JSON Feed id), trimmed; one that is an http(s) URL in its
  /// `MatchLink` form (a permalink guid moves to https with its link).
  public var guid: String?
  /// The link in its `MatchLink` form.
  public var link: String?
  /// A digest of the title (case and runs of spaces folded) and the published date to the
  /// second; nil unless the item has both.
  public var titleDate: String?

  public init(guid: String?, link: String?, titleDate: String?) {
    self.guid = guid
    self.link = link
    self.titleDate = titleDate
  }

  public init(of item: FeedItem) {
    let link = item.link.flatMap(MatchLink.form(of:))
    self.link = link
    guid = item.id.flatMap { Self.guidForm(of: $0, link: item.link, linkForm: link) }
    titleDate = item.published.flatMap { Self.titleDateDigest(title: item.title ?? "", $0) }
  }

  /// The guid trimmed; one that is a web address in its `MatchLink` form.
  static func guidForm(of id: String, link: String?, linkForm: String?) -> String? {
    let trimmed = id.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    guard isWebAddress(trimmed) else { return trimmed }
    // A permalink guid is most often the item's link, byte for byte: formed once.
    if let link, sameBytes(id, link) { return linkForm }
    return MatchLink.form(of: trimmed)
  }

  /// Whether `text` starts with http:// or https://, in any case. Read by bytes; where a
  /// non-ASCII byte follows the prefix (a combining mark would join its last Character), by
  /// Characters as well.
  static func isWebAddress(_ text: String) -> Bool {
    var text = text
    let prefixed = text.withUTF8 { bytes -> Bool? in
      guard let length = webPrefixLength(of: bytes) else { return false }
      return length == bytes.count || bytes[length] < 0x80 ? true : nil
    }
    if let prefixed { return prefixed }
    let lower = text.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
  }

  /// The length of the http:// or https:// that `bytes` start with, in any case.
  private static func webPrefixLength(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    func lowercased(_ at: Int) -> UInt8? {
      guard at < bytes.count else { return nil }
      let byte = bytes[at]
      return byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
    guard lowercased(0) == UInt8(ascii: "h"), lowercased(1) == UInt8(ascii: "t"),
      lowercased(2) == UInt8(ascii: "t"), lowercased(3) == UInt8(ascii: "p")
    else { return nil }
    let colon = lowercased(4) == UInt8(ascii: "s") ? 5 : 4
    guard bytes.count >= colon + 3, bytes[colon] == UInt8(ascii: ":"),
      bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
    else { return nil }
    return colon + 3
  }

  /// Whether two texts are the same bytes (`==` also equates canonically equivalent ones).
  private static func sameBytes(_ first: String, _ second: String) -> Bool {
    var first = first
    var second = second
    return first.withUTF8 { one in
      second.withUTF8 { other in
        one.count == other.count && one.indices.allSatisfy { one[$0] == other[$0] }
      }
    }
  }

  /// The digest of the folded title and the date to the second; nil for an empty title.
  static func titleDateDigest(title: String, _ published: Date) -> String? {
    let seconds = String(Int64(published.timeIntervalSince1970))
    var title = title
    // An ASCII title is folded and hashed in a buffer of its own: no Strings made for it.
    var isASCII = true
    let digest = title.withUTF8 { text in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count + 1 + seconds.utf8.count) {
        buffer -> String? in
        guard var count = foldASCII(text, into: buffer) else {
          isASCII = false
          return nil
        }
        guard count > 0 else { return nil }
        buffer[count] = UInt8(ascii: "\n")
        count += 1
        for byte in seconds.utf8 {
          buffer[count] = byte
          count += 1
        }
        return Digest.sha256Hex(
          bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<count])))
      }
    }
    guard !isASCII else { return digest }
    let folded = foldedByCharacters(title)
    return folded.isEmpty ? nil : Digest.sha256Hex(folded + "\n" + seconds)
  }

  /// A title with its case and runs of white space folded. An ASCII title (most of them) is
  /// folded by its bytes, any other by Characters; both give the same text for ASCII.
  static func folded(_ title: String) -> String {
    var title = title
    var isASCII = true
    let folded = title.withUTF8 { text in
      String(unsafeUninitializedCapacity: text.count) { buffer in
        guard let count = foldASCII(text, into: buffer) else {
          isASCII = false
          return 0
        }
        return count
      }
    }
    return isASCII ? folded : foldedByCharacters(title)
  }

  /// Writes `text` folded into `buffer` (at least as long) and returns the folded length; nil,
  /// with nothing meaningful written, if `text` is not ASCII.
  private static func foldASCII(
    _ text: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>
  ) -> Int? {
    var count = 0
    var spaceDue = false
    for byte in text {
      if byte >= 0x80 { return nil }
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        spaceDue = count > 0
        continue
      }
      if spaceDue {
        buffer[count] = 0x20
        count += 1
        spaceDue = false
      }
      buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
      count += 1
    }
    return count
  }

  static func foldedByCharacters(_ title: String) -> String {
    title.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
  }

  /// Whether `other` is the same item. Two guids decide alone (a feed's own ids are its word:
  /// items that differ in them are different, whatever else they share); otherwise a shared
  /// link, or a shared title and date.
  public func matches(_ other: ItemFacets) -> Bool {
    if let guid, let otherGuid = other.guid { return guid == otherGuid }
    if let link, link == other.link { return true }
    if let titleDate, titleDate == other.titleDate { return true }
    return false
  }
}

/// Items' facets, found by any of their values: the items of one document already taken, so a
/// feed that lists an item twice (once with tracking parameters) has it taken once.
public struct ItemFacetIndex: Sendable {
  private var facets: [ItemFacets] = []
  /// Each kind of value apart, so a guid never finds a link that reads the same.
  private var guids: ValueChains
  private var links: ValueChains
  private var titleDates: ValueChains

  /// An index with room for `capacity` items: a document's are added in one go.
  public init(capacity: Int = 0) {
    facets.reserveCapacity(capacity)
    guids = ValueChains(capacity: capacity)
    links = ValueChains(capacity: capacity)
    titleDates = ValueChains(capacity: capacity)
  }

  /// The facets added before that `item` matches, if any.
  public func firstMatch(for item: ItemFacets) -> ItemFacets? {
    let matching = { (index: Int) in item.matches(facets[index]) }
    let index =
      guids.first(item.guid, where: matching) ?? links.first(item.link, where: matching)
      ?? titleDates.first(item.titleDate, where: matching)
    return index.map { facets[$0] }
  }

  public mutating func add(_ item: ItemFacets) {
    guids.add(item.guid, at: facets.count)
    links.add(item.link, at: facets.count)
    titleDates.add(item.titleDate, at: facets.count)
    facets.append(item)
  }
}

/// The items that have each value of one kind, in the order added, as chains through the
/// items' positions: no array per value.
private struct ValueChains: Sendable {
  /// The first and the last item with each value.
  private var ends: [String: (first: Int, last: Int)] = [:]
  /// For each item, the next item with its value (-1: none, or the item has no value).
  private var next: [Int] = []

  init(capacity: Int) {
    ends.reserveCapacity(capacity)
    next.reserveCapacity(capacity)
  }

  /// Adds the item at `position` (the next one), with its value if it has one.
  mutating func add(_ value: String?, at position: Int) {
    next.append(-1)
    guard let value else { return }
    // One lookup for a value not seen before (nearly all of them).
    if let earlier = ends.updateValue((position, position), forKey: value) {
      next[earlier.last] = position
      ends[value] = (earlier.first, position)
    }
  }

  /// The first item with `value` that `accepts`.
  func first(_ value: String?, where accepts: (Int) -> Bool) -> Int? {
    guard let value, var position = ends[value]?.first else { return nil }
    while position >= 0 {
      if accepts(position) { return position }
      position = next[position]
    }
    return nil
  }
}
