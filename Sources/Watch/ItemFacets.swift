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
    guid = item.id.flatMap { id in
      let trimmed = id.trimmingWhitespace()
      guard !trimmed.isEmpty else { return nil }
      let lower = trimmed.lowercased()
      return lower.hasPrefix("http://") || lower.hasPrefix("https://")
        ? MatchLink.form(of: trimmed) : trimmed
    }
    link = item.link.flatMap(MatchLink.form(of:))
    titleDate = item.published.flatMap { published in
      let title = Self.folded(item.title ?? "")
      return title.isEmpty
        ? nil : Digest.sha256Hex(title + "\n" + String(Int64(published.timeIntervalSince1970)))
    }
  }

  /// A title with its case and runs of white space folded. An ASCII title (most of them) is
  /// folded by its bytes, any other by Characters; both give the same text for ASCII.
  static func folded(_ title: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(title.utf8.count)
    var spaceDue = false
    for byte in title.utf8 {
      if byte >= 0x80 { return foldedByCharacters(title) }
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        spaceDue = !bytes.isEmpty
        continue
      }
      if spaceDue {
        bytes.append(0x20)
        spaceDue = false
      }
      bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
    }
    return String(decoding: bytes, as: UTF8.self)
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
  private var byValue: [String: [Int]] = [:]

  public init() {}

  /// The facets added before that `item` matches, if any.
  public func firstMatch(for item: ItemFacets) -> ItemFacets? {
    for value in Self.values(of: item) {
      for index in byValue[value] ?? [] where item.matches(facets[index]) {
        return facets[index]
      }
    }
    return nil
  }

  public mutating func add(_ item: ItemFacets) {
    for value in Self.values(of: item) { byValue[value, default: []].append(facets.count) }
    facets.append(item)
  }

  /// Each value under its own tag, so a guid never finds a link that reads the same.
  private static func values(of item: ItemFacets) -> [String] {
    [item.guid.map { "g" + $0 }, item.link.map { "l" + $0 }, item.titleDate.map { "t" + $0 }]
      .compactMap { $0 }
  }
}
