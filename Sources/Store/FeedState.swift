#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// What the daemon remembers about one feed between polls: HTTP validators, health and
/// counters. Dates are kept to about a microsecond (stored as seconds since 1970).
public struct FeedState: Sendable, Codable, Equatable {
  /// The feed's identity: the URL as configured. It never changes, even on a redirect.
  public var key: String
  public var name: String
  /// Where a permanent redirect (301/308) moved the feed.
  public var currentURL: String?
  public var etag: String?
  public var lastModified: String?
  public var status: FeedStatus
  public var lastError: String?
  public var lastHTTPStatus: Int?
  public var consecutiveFailures: Int
  public var failingSince: Date?
  public var lastAttempt: Date?
  public var lastSuccess: Date?
  public var nextDue: Date?
  /// A hold imposed by the server (Retry-After) that even `once` respects.
  public var holdUntil: Date?
  public var firstFetchDone: Bool
  public var itemsSeen: Int
  public var alertsRaised: Int
  public var bytesFetched: Int
  /// The polling interval in use, in seconds.
  public var interval: Double?
  /// How often the publisher says the feed changes (RSS `<ttl>`, `sy:updatePeriod`), in
  /// seconds: never polled more often than this.
  public var publisherInterval: Double?
  /// RSS `<skipHours>`: UTC hours in which the publisher asks not to be polled.
  public var skipHours: [Int]
  /// Whether a feed-health alert about the current failure was raised (a recovery alert
  /// follows when the feed works again).
  public var healthAlerted: Bool
  /// When a complete document of the feed was last read (not a 304, not a damaged one).
  public var lastDocument: Date?
  /// Article pages read for the feed's items, and those that could not be read: failed
  /// (network, HTTP error, no article on the page) or blocked (robots.txt, 401/403, a
  /// bot-challenge page).
  public var articlesFetched = 0
  public var articlesFailed = 0
  public var articlesBlocked = 0

  /// Whether the feed's last poll failed in any way (status failing, blocked, gone or rate-limited).
  public var isFailing: Bool { status.isFailing }

  /// A feed never fetched: status "new", counters 0.
  public init(key: String, name: String) {
    self.key = key
    self.name = name
    self.status = .new
    self.consecutiveFailures = 0
    self.firstFetchDone = false
    self.itemsSeen = 0
    self.alertsRaised = 0
    self.bytesFetched = 0
    self.skipHours = []
    self.healthAlerted = false
  }
}

extension FeedState {
  /// The state `resetFeed` leaves: health and schedule cleared (a gone or failing feed is
  /// polled again at once), counters kept; with `forgettingItems`, as if never fetched.
  func reset(forgettingItems: Bool) -> FeedState {
    var state = FeedState(key: key, name: name)
    state.itemsSeen = forgettingItems ? 0 : itemsSeen
    state.alertsRaised = alertsRaised
    state.bytesFetched = bytesFetched
    state.articlesFetched = articlesFetched
    state.articlesFailed = articlesFailed
    state.articlesBlocked = articlesBlocked
    state.firstFetchDone = forgettingItems ? false : firstFetchDone
    return state
  }
}
