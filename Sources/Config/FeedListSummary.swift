public import FeedLists

/// One file of `feedLists` as the config read it, for `feedwatch check`.
public struct FeedListSummary: Sendable, Equatable {
  /// The file, absolute.
  public var path: String
  public var format: FeedList.Format
  /// Feeds it added (a feed also in `feeds` or an earlier list is not counted again).
  public var feedsAdded: Int
  /// Its entries that are not feeds feedwatch polls, with the line and the reason.
  public var skipped: [SkippedEntry]
}
