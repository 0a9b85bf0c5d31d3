import Foundation
import Store
import Testing

@Suite struct FeedStateTests {
  static func fullState(key: String) -> FeedState {
    var state = FeedState(key: key, name: "Example News")
    state.currentURL = "https://example.org/moved.xml"
    state.etag = #"W/"abc-123""#
    state.lastModified = "Wed, 25 Nov 2026 10:00:00 GMT"
    state.status = .failing
    state.lastError = "HTTP 503 from https://example.org/moved.xml"
    state.lastHTTPStatus = 503
    state.consecutiveFailures = 3
    state.failingSince = date(1_764_000_000.5)
    state.lastAttempt = date(1_764_000_600.25)
    state.lastSuccess = date(1_763_990_000)
    state.nextDue = date(1_764_001_200)
    state.holdUntil = date(1_764_003_600)
    state.firstFetchDone = true
    state.itemsSeen = 42
    state.alertsRaised = 7
    state.bytesFetched = 1_234_567
    state.interval = 900.5
    state.publisherInterval = 3600
    state.skipHours = [0, 1, 23]
    state.healthAlerted = true
    return state
  }

  @Test func newStateHasDefaults() {
    let state = FeedState(key: "https://example.org/feed.xml", name: "Example")
    #expect(state.status == .new)
    #expect(state.consecutiveFailures == 0 && state.itemsSeen == 0 && state.alertsRaised == 0)
    #expect(!state.firstFetchDone)
    #expect(state.etag == nil && state.nextDue == nil)
  }

  @Test(arguments: Backend.all) func everyFieldRoundTrips(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let full = Self.fullState(key: "https://example.org/feed.xml")
      try store.saveFeedState(full)
      #expect(try store.feedState(full.key) == full)

      let bare = FeedState(key: "https://example.com/atom", name: "Bare")
      try store.saveFeedState(bare)
      #expect(try store.feedState(bare.key) == bare)
      #expect(try store.feedState("https://unknown.example/") == nil)
    }
  }

  @Test(arguments: Backend.all) func savingAgainReplacesTheStateAndKeepsSeenItems(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      let key = "https://example.org/feed.xml"
      try store.commit(
        feed: FeedState(key: key, name: "Example"), seen: [seenItem(key, "a")], alerts: [])
      var state = Self.fullState(key: key)
      try store.saveFeedState(state)
      state.etag = nil
      state.status = .ok
      state.consecutiveFailures = 0
      try store.saveFeedState(state)
      #expect(try store.feedState(key) == state)
      #expect(try store.unseenKeys(feedKey: key, among: ["a"]).isEmpty)
    }
  }

  @Test(arguments: Backend.all) func allFeedStatesListsEveryFeedByKey(_ backend: Backend) throws {
    try withStore(backend) { store throws in
      let keys = ["https://c.example/", "https://a.example/", "https://b.example/"]
      for key in keys { try store.saveFeedState(FeedState(key: key, name: key)) }
      #expect(try store.allFeedStates().map(\.key) == keys.sorted())
    }
  }

  @Test func codableRoundTrip() throws {
    let state = Self.fullState(key: "https://example.org/feed.xml")
    let data = try JSONEncoder().encode(state)
    #expect(try JSONDecoder().decode(FeedState.self, from: data) == state)
  }

  @Test(arguments: Backend.all) func resetClearsHealthButKeepsSeenItemsUnlessAsked(
    _ backend: Backend
  ) throws {
    try withStore(backend) { store throws in
      let failing = Self.fullState(key: "https://example.org/feed.xml")
      try store.commit(feed: failing, seen: [seenItem(failing.key, "a")], alerts: [])

      #expect(try store.resetFeed(key: failing.key, forgetItems: false))
      let reset = try #require(try store.feedState(failing.key))
      #expect(reset.status == .new && reset.consecutiveFailures == 0 && reset.lastError == nil)
      #expect(reset.nextDue == nil && reset.holdUntil == nil && reset.etag == nil)
      #expect(!reset.healthAlerted && reset.currentURL == nil)
      #expect(reset.itemsSeen == failing.itemsSeen && reset.firstFetchDone)
      #expect(try store.unseenKeys(feedKey: failing.key, among: ["a"]).isEmpty)

      #expect(try store.resetFeed(key: failing.key, forgetItems: true))
      #expect(try store.unseenKeys(feedKey: failing.key, among: ["a"]) == ["a"])
      #expect(try store.feedState(failing.key)?.firstFetchDone == false)
      #expect(try store.resetFeed(key: "https://unknown.example/", forgetItems: false) == false)
    }
  }
}
