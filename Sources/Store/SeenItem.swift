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

  public init(
    feedKey: String, itemKey: String, keyVersion: Int, title: String?, link: String?,
    published: Date?, firstSeen: Date, alerted: Bool
  ) {
    self.feedKey = feedKey
    self.itemKey = itemKey
    self.keyVersion = keyVersion
    self.title = title
    self.link = link
    self.published = published
    self.firstSeen = firstSeen
    self.alerted = alerted
  }
}
