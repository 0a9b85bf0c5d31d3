import Foundation
import Testing

@testable import Store

/// Seen items found by their facets, and facets given to items stored without them.
@Suite struct FacetTests {
  let feedKey = "https://example.org/feed.xml"

  func item(_ key: String, _ facets: SeenFacets?) -> SeenItem {
    var item = seenItem(feedKey, key)
    item.facets = facets
    return item
  }

  static func facets(
    guid: String? = nil, link: String? = nil, titleDate: String? = nil, version: Int = 1
  )
    -> SeenFacets
  {
    SeenFacets(version: version, guid: guid, link: link, titleDate: titleDate)
  }

  /// The same answers whether the feed's items are few (one range scan for all probes) or many
  /// (one query per probe).
  @Test(arguments: Backend.all, [0, 200])
  func findsSeenItemsSharingAnyFacetOfTheSameVersion(_ backend: Backend, padding: Int) throws {
    try withStore(backend) { store throws in
      let feed = FeedState(key: feedKey, name: "Example")
      var seen = [
        item("id:g1", Self.facets(guid: "g1", link: "//x.org/1", titleDate: "t1")),
        item("link:https://x.org/2", Self.facets(link: "//x.org/2", titleDate: "t2")),
        item("hash:3", Self.facets(titleDate: "t3")),
        item("hash:old", Self.facets(titleDate: "t4", version: 0)),
        item("hash:none", nil),
        // A permalink guid: the same text as the match link.
        item("id:https://x.org/5", Self.facets(guid: "//x.org/5", link: "//x.org/5")),
      ]
      seen += (0..<padding).map { item("pad:\($0)", Self.facets(guid: "p\($0)")) }
      try store.commit(feed: feed, seen: seen, alerts: [])
      let other = FeedState(key: "https://other.example/", name: "Other")
      var elsewhere = seenItem(other.key, "id:g1")
      elsewhere.facets = Self.facets(guid: "g1")
      try store.commit(feed: other, seen: [elsewhere], alerts: [])

      let found = try store.seenItems(
        feedKey: feedKey,
        sharingFacetsWith: [
          Self.facets(guid: "g1"), Self.facets(link: "//x.org/2"), Self.facets(titleDate: "t3"),
          Self.facets(titleDate: "t4"), Self.facets(guid: "nobody", link: "//x.org/9"),
          Self.facets(guid: "//x.org/5"), Self.facets(guid: "//x.org/5", link: "//x.org/6"),
          Self.facets(guid: "//x.org/2"),
        ])
      #expect(
        found.map { $0.map(\.itemKey) } == [
          ["id:g1"], ["link:https://x.org/2"], ["hash:3"], [], [], ["id:https://x.org/5"],
          ["id:https://x.org/5"], [],
        ])
      #expect(found[1].first?.facets == Self.facets(link: "//x.org/2", titleDate: "t2"))
      #expect(try store.seenItems(feedKey: feedKey, sharingFacetsWith: []).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func aLookupNamesSeenItemsLackingFacetsAndACommitGivesThemFacets(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      var feed = FeedState(key: feedKey, name: "Example")
      try store.commit(
        feed: feed,
        seen: [
          item("a", nil), item("b", Self.facets(guid: "b")), item("c", Self.facets(version: 0)),
        ],
        alerts: [])
      let keys = ["a", "b", "c", "new"]
      let before = try store.lookUp(
        feedKey: feedKey, among: keys, staleBefore: .distantPast, facetVersion: 1)
      #expect(before.unseen == ["new"])
      #expect(before.lackingFacets == ["a", "c"])
      // Not asked: none named.
      #expect(
        try store.lookUp(feedKey: feedKey, among: keys, staleBefore: .distantPast).lackingFacets
          .isEmpty)

      feed.lastDocument = date(1_700_000_100)
      var commit = FeedCommit(feed: feed)
      commit.facetsAdded = [
        SeenItemFacets(itemKey: "a", facets: Self.facets(link: "//x.org/a")),
        SeenItemFacets(itemKey: "c", facets: Self.facets(titleDate: "tc")),
      ]
      try store.commit(commit)
      #expect(
        try store.lookUp(feedKey: feedKey, among: keys, staleBefore: .distantPast, facetVersion: 1)
          .lackingFacets.isEmpty)
      let found = try store.seenItems(
        feedKey: feedKey, sharingFacetsWith: [Self.facets(link: "//x.org/a")])
      #expect(found.map { $0.map(\.itemKey) } == [["a"]])
    }
  }

  @Test(arguments: Backend.all) func aRekeyedItemIsSeenUnderItsNewKeyWithoutAlerting(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      let feed = FeedState(key: feedKey, name: "Example")
      try store.commit(
        feed: feed, seen: [item("link:http://x.org/a", Self.facets(link: "//x.org/a"))], alerts: [])
      var commit = FeedCommit(feed: feed)
      var rekeyed = item("id:a", Self.facets(guid: "a", link: "//x.org/a"))
      rekeyed.alerted = false
      commit.rekeyed = [rekeyed]
      try store.commit(commit)
      #expect(
        try store.unseenKeys(feedKey: feedKey, among: ["link:http://x.org/a", "id:a"]).isEmpty)
      #expect(try store.pending(sink: "log", now: date(1_800_000_000), limit: 10).isEmpty)
    }
  }
}
