import Foundation
import Store
import Testing

/// Seen items long gone from their feed are forgotten; listed ones, and those of a feed not
/// read since, are kept.
@Suite struct ForgetItemsTests {
  let day = 86400.0
  let now = 1_800_000_000.0

  @Test(arguments: Backend.all) func onlyItemsMissingFromARecentDocumentAndOldAreForgotten(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      var read = FeedState(key: "https://read.example/", name: "Read")
      read.lastDocument = date(now)
      // Seen 200 days ago; "listed" was marked listed again 2 hours ago by the last document.
      try store.commit(
        feed: read,
        seen: [
          seenItem(read.key, "gone", at: now - 200 * day),
          seenItem(read.key, "listed", at: now - 200 * day),
        ],
        alerts: [])
      try store.commit(
        FeedCommit(feed: read, stillListed: ["listed"]))
      // A feed not read for a year (disabled) whose last document still listed its item: the
      // item may come back with the feed, so it stays.
      var idle = FeedState(key: "https://idle.example/", name: "Idle")
      idle.lastDocument = date(now - 365 * day)
      try store.commit(
        feed: idle, seen: [seenItem(idle.key, "old", at: now - 400 * day)], alerts: [])
      try store.commit(FeedCommit(feed: idle, stillListed: ["old"]))

      let forgotten = try store.forgetItems(
        notListedSince: date(now - 90 * day), listedRefresh: day)
      #expect(forgotten == 1)
      #expect(try store.unseenKeys(feedKey: read.key, among: ["gone", "listed"]) == ["gone"])
      #expect(try store.unseenKeys(feedKey: idle.key, among: ["old"]).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func lookUpTellsNewFromStaleItems(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      var feed = FeedState(key: "https://example.org/", name: "Example")
      try store.commit(
        feed: feed,
        seen: [
          seenItem(feed.key, "fresh", at: now), seenItem(feed.key, "stale", at: now - 3 * day),
        ],
        alerts: [])
      let lookup = try store.lookUp(
        feedKey: feed.key, among: ["fresh", "stale", "new", "new"],
        staleBefore: date(now - day))
      #expect(lookup.unseen == ["new"])
      #expect(lookup.stale == ["stale"])

      feed.lastDocument = date(now)
      try store.commit(FeedCommit(feed: feed, stillListed: lookup.stale))
      #expect(
        try store.lookUp(feedKey: feed.key, among: ["stale"], staleBefore: date(now - day)).stale
          .isEmpty)
    }
  }

  /// A feed that has seen many more items than a document lists is looked up item by item;
  /// the answer is the same as for a feed whose seen items are read in one scan.
  @Test(arguments: Backend.all) func lookUpOfAFeedWithALongHistory(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let feed = FeedState(key: "https://example.org/", name: "Example")
      let history = (0..<200).map { seenItem(feed.key, "old-\($0)", at: now - 3 * day) }
      try store.commit(
        feed: feed, seen: history + [seenItem(feed.key, "fresh", at: now)], alerts: [])
      let lookup = try store.lookUp(
        feedKey: feed.key, among: ["fresh", "old-7", "new"], staleBefore: date(now - day))
      #expect(lookup.unseen == ["new"])
      #expect(lookup.stale == ["old-7"])
    }
  }
}
