#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// An item the daemon has read. Once stored it is never offered as new again.
public struct SeenItem: Sendable, Equatable {
  public var feedKey: String
  /// The item's identity within its feed.
  public var itemKey: String
  /// The version of the function that made `itemKey`, so a future change of identity
  /// can tell old keys from new ones instead of re-alerting every old item.
  public var keyVersion: Int
  /// Title and link, for reading the table by hand: the daemon keeps them only for items that
  /// raised an alert.
  public var title: String?
  public var link: String?
  public var published: Date?
  public var firstSeen: Date
  /// Whether the item raised at least one alert.
  public var alerted: Bool
  /// What else the item is recognised by (nil for items stored before facets were).
  public var facets: SeenFacets?

  public init(
    feedKey: String, itemKey: String, keyVersion: Int, title: String?, link: String?,
    published: Date?, firstSeen: Date, alerted: Bool, facets: SeenFacets? = nil
  ) {
    self.feedKey = feedKey
    self.itemKey = itemKey
    self.keyVersion = keyVersion
    self.title = title
    self.link = link
    self.published = published
    self.firstSeen = firstSeen
    self.alerted = alerted
    self.facets = facets
  }
}

/// A seen item's facets as stored (Watch's `ItemFacets` makes and compares them): the version
/// of the function that made them, the guid, the link and the title-and-date digest.
public struct SeenFacets: Sendable, Hashable {
  public var version: Int
  public var guid: String?
  public var link: String?
  public var titleDate: String?

  public init(version: Int, guid: String?, link: String?, titleDate: String?) {
    self.version = version
    self.guid = guid
    self.link = link
    self.titleDate = titleDate
  }
}

/// A seen item's key with its facets: one the store found by them, or one given them.
public struct SeenItemFacets: Sendable, Equatable {
  public var itemKey: String
  public var facets: SeenFacets

  public init(itemKey: String, facets: SeenFacets) {
    self.itemKey = itemKey
    self.facets = facets
  }
}
