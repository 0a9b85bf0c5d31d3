import Foundation
import Store
import Testing

@Suite struct StoryTests {
  func source(
    _ story: String, _ feed: String, _ item: String, at seconds: Double,
    fingerprint: UInt64 = 0xF00D_F00D_F00D_F00D
  )
    -> StorySource
  {
    StorySource(
      storyID: story, fingerprint: fingerprint, feedKey: "https://\(feed)/rss", itemKey: item,
      feedName: feed,
      title: "Troops to leave", link: "https://\(feed)/\(item)",
      seenAt: Date(timeIntervalSince1970: seconds))
  }

  @Test(arguments: Backend.all) func storiesAndTheirSourcesLandWithTheCommit(_ backend: Backend)
    throws
  {
    try withStore(backend) { store throws in
      let wire = FeedState(key: "https://wire/rss", name: "wire")
      let paper = FeedState(key: "https://paper/rss", name: "paper")
      let founding = source("s1", "wire", "a", at: 1000, fingerprint: UInt64.max)
      try store.commit(feed: wire, seen: [seenItem(wire.key, "a")], alerts: [], stories: [founding])
      try store.commit(
        feed: paper, seen: [seenItem(paper.key, "b")], alerts: [],
        stories: [source("s1", "paper", "b", at: 2000)])
      // The same item recorded twice stays one source.
      try store.commit(feed: wire, seen: [], alerts: [], stories: [founding])

      let sources = try store.storySources(id: "s1")
      #expect(sources.map(\.feedName) == ["wire", "paper"])
      #expect(sources.allSatisfy { $0.fingerprint == UInt64.max })  // the founding item's
      let recent = try store.recentStories(since: Date(timeIntervalSince1970: 500))
      #expect(recent.map(\.id) == ["s1"])
      #expect(recent.first?.sources == ["wire", "paper"])
      #expect(recent.first?.fingerprint == UInt64.max)
      #expect(try store.recentStories(since: Date(timeIntervalSince1970: 1500)).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func aFailedCommitRecordsNoStory(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let feed = FeedState(key: "https://wire/rss", name: "wire")
      var bad = outboxAlert("x", feed: feed.key)
      bad.json = "not json"
      expectStoreError(store) {
        try store.commit(
          feed: feed, seen: [], alerts: [bad], stories: [source("s2", "wire", "a", at: 1)])
      }
      #expect(try store.storySources(id: "s2").isEmpty)
    }
  }
}
