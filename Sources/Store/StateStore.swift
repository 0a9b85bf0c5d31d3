#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The daemon's state, whichever database keeps it: feeds (HTTP validators, health), the items
/// already seen, the alert outbox with per-sink delivery, stories and held-back alerts.
/// `Store` keeps it in one SQLite file (the default); `PostgresStore` in a PostgreSQL database
/// that several nodes can share. Both give the same answers to the same calls (StoreTests runs
/// every case against each), so the layers above never ask which one they have.
///
/// Every method is synchronous and safe from any thread, except `commit(_:completion:)`, which
/// returns at once. A method that fails throws and changes nothing.
public protocol StateStore: AnyObject, Sendable {
  /// Where the state is, for messages: the database file, or the PostgreSQL server's URI
  /// without its password.
  var location: String { get }

  // MARK: Feeds

  func feedState(_ key: String) throws -> FeedState?
  /// The stored states of `keys` (those the store has), by key: a node of a cluster reads its
  /// claim's feeds so, in one query.
  func feedStates(_ keys: [String]) throws -> [String: FeedState]
  /// Every stored feed, ordered by key.
  func allFeedStates() throws -> [FeedState]
  /// Inserts or replaces the state stored under `state.key` (its seen items stay).
  func saveFeedState(_ state: FeedState) throws
  /// Clears a feed's health and schedule, keeping its counters and, unless `forgetItems`, its
  /// seen items. False when the store has no such feed.
  func resetFeed(key: String, forgetItems: Bool) throws -> Bool

  // MARK: A poll's results

  /// Writes everything one poll adds (feed state, seen items, alerts, stories, held-back
  /// alerts) in one transaction; returns once it is written.
  func commit(_ commit: FeedCommit) throws
  /// The same, without waiting: `completion` gets the outcome, on another queue.
  func commit(
    _ commit: FeedCommit, completion: @escaping @Sendable (Result<Void, any Error>) -> Void)

  // MARK: Seen items

  /// Which of `keys` are new for `feedKey`, which seen ones were last listed before
  /// `staleBefore`, and which seen ones lack facets of `facetVersion` (none asked when nil).
  func lookUp(feedKey: String, among keys: [String], staleBefore: Date, facetVersion: Int?)
    throws -> ItemLookup
  /// For each probe, the feed's seen items with facets of its version sharing its guid, link
  /// or title and date.
  func seenItems(feedKey: String, sharingFacetsWith probes: [SeenFacets]) throws
    -> [[SeenItemFacets]]
  /// How many of the feed's seen items were published (or, undated, first seen) since `since`.
  func itemCount(feedKey: String, since: Date) throws -> Int
  /// Forgets the seen items not listed by their feed since `cutoff` and missing from its last
  /// complete document; returns how many.
  func forgetItems(notListedSince cutoff: Date, listedRefresh: Double) throws -> Int

  // MARK: Outbox and delivery

  /// Up to `limit` alerts not yet delivered to `sink` and not waiting for a retry later than
  /// `now`, in the order they were committed.
  func pending(sink: String, now: Date, limit: Int) throws -> [PendingDelivery]
  /// Records that `sink` delivered the alerts `ids`; the first time is kept.
  func markDelivered(sink: String, ids: [String], at: Date) throws
  /// Records a failed delivery: not offered to `sink` again before `retryAt`.
  func recordFailure(sink: String, id: String, error: String, retryAt: Date) throws
  /// Whether this process may deliver to the push sink `sink` now: always for a store of one
  /// node; in a cluster, while this node holds the sink's delivery lease (taken when free or
  /// expired, renewed by each call), so one node at a time sends a sink's alerts, in order.
  func holdsDelivery(sink: String) throws -> Bool
  /// Gives up the sink's delivery lease (nothing is pending), so another node's alerts go out
  /// through it without waiting for the lease to expire.
  func releaseDelivery(sink: String) throws
  /// Registers a sink on first use, so that it starts with the alerts committed from now on.
  /// Returns whether the sink was new.
  @discardableResult func registerSink(_ sink: String) throws -> Bool
  func alert(id: String) throws -> OutboxAlert?
  /// The newest `limit` alerts created at or after `since` (all when nil), oldest first.
  func alerts(since: Date?, limit: Int) throws -> [OutboxAlert]
  /// Every alert raised.
  func alertCount() throws -> Int
  /// `sink`'s share of the outbox; `rules` (nil for all) splits delivered from passed over.
  func deliveryCounts(sink: String, rules: [String]?) throws -> DeliveryCounts
  /// `sink`'s failed alerts as of `now`: retrying, parked, the latest error, the next retry.
  func sinkHealth(sink: String, now: Date) throws -> SinkHealth

  // MARK: Rate limits and digests

  /// How many alerts of `rule` entered the outbox at or after `since` (digests not counted).
  func alertCount(rule: String, since: Date) throws -> Int
  /// Held-back alerts of hours before `bucket`, grouped by (rule, hour), oldest first.
  func foldedAlerts(before bucket: Int) throws -> [FoldedAlert]
  /// The digest enters the outbox and the alerts it lists leave the holding table, at once.
  func commitDigest(_ digest: OutboxAlert, rule: String, bucket: Int) throws

  // MARK: Sinks' digests (a sink's `digest` schedule)

  /// When `sink`'s digest last fell due; nil before its first.
  func digestThrough(sink: String) throws -> Date?
  /// Starts a digest sink's schedule at `through`; a sink that has a schedule keeps it.
  func startDigests(sink: String, through: Date) throws
  /// One transaction: the alerts pending for `sink` raised at or before `due` are handed to
  /// `compose` (with a lookup of a story's sources), the digest it returns is stored, those
  /// alerts are marked delivered to the sink and the schedule moves to `due`. Nil when no
  /// digest was stored (the schedule was at `due` already, or `compose` found nothing to send).
  @discardableResult func composeDigest(
    sink: String, due: Date, now: Date,
    compose: (_ since: Date, _ alerts: [OutboxAlert], _ sources: (String) throws -> [StorySource])
      throws -> ComposedSinkDigest?
  ) throws -> StoredSinkDigest?
  /// `sink`'s digests not delivered and not waiting for a retry later than `now`, oldest first.
  func pendingDigests(sink: String, now: Date) throws -> [StoredSinkDigest]
  /// Every digest composed for `sink`, oldest first (delivered or not).
  func digests(sink: String) throws -> [StoredSinkDigest]
  /// Records that `sink` delivered the digest `id`; the first time is kept.
  func markDigestDelivered(sink: String, id: String, at: Date) throws
  /// A failed delivery of a digest: not offered to `sink` again before `retryAt`.
  func recordDigestFailure(sink: String, id: String, error: String, retryAt: Date) throws

  // MARK: Stories

  /// Stories first seen at or after `since`, oldest first, with their sources' feed names.
  func recentStories(since: Date) throws -> [RecentStory]
  /// Every source of one story, oldest first.
  func storySources(id: String) throws -> [StorySource]

  // MARK: Upkeep

  /// The problems an integrity check finds, empty when healthy.
  func check() throws -> [String]
  /// Writes the commits still waiting, then closes; every later call throws. Safe twice.
  func close()
}

extension StateStore {
  public func feedStates(_ keys: [String]) throws -> [String: FeedState] {
    var states: [String: FeedState] = [:]
    for key in keys { states[key] = try feedState(key) }
    return states
  }

  /// The keys among `keys` that have not been seen for `feedKey`.
  public func unseenKeys(feedKey: String, among keys: [String]) throws -> Set<String> {
    try lookUp(feedKey: feedKey, among: keys, staleBefore: .distantPast, facetVersion: nil).unseen
  }

  public func lookUp(feedKey: String, among keys: [String], staleBefore: Date) throws
    -> ItemLookup
  {
    try lookUp(feedKey: feedKey, among: keys, staleBefore: staleBefore, facetVersion: nil)
  }

  /// The same commit, spelled out (for callers that have the parts at hand).
  public func commit(
    feed: FeedState, seen: [SeenItem], alerts: [OutboxAlert], stories: [StorySource] = [],
    folded: [FoldedAlert] = []
  ) throws {
    try commit(
      FeedCommit(feed: feed, seen: seen, alerts: alerts, stories: stories, folded: folded))
  }

  public func sinkHealth(sink: String) throws -> SinkHealth {
    try sinkHealth(sink: sink, now: Date())
  }

  /// For `sink`: delivered, pending (never tried) and failing.
  public func deliveryStats(sink: String) throws -> (delivered: Int, pending: Int, failing: Int) {
    let counts = try deliveryCounts(sink: sink, rules: nil)
    return (counts.delivered, counts.pending, counts.failing)
  }
}

/// What the store knows of the items a document lists.
public struct ItemLookup: Sendable, Equatable {
  /// Never seen for this feed.
  public var unseen: Set<String>
  /// Seen, but last listed before the `staleBefore` given: to be marked listed again.
  public var stale: [String]
  /// Seen, but without facets of the `facetVersion` given (stored before facets were, or by
  /// another version): to be given them (`FeedCommit.facetsAdded`).
  public var lackingFacets: [String]
}

extension ItemLookup {
  /// What a store keeps of one seen item to answer a lookup.
  struct Listing {
    var lastListed: Date
    var facetVersion: Int?
  }

  /// `keys` (each once, in the order given) sorted by what `listing` says of them: nil for a
  /// key never seen. The one rule both stores answer a lookup by.
  init(
    keys: [String], staleBefore: Date, facetVersion: Int?,
    listing: (String) throws -> Listing?
  ) rethrows {
    self.init(unseen: Set(minimumCapacity: keys.count), stale: [], lackingFacets: [])
    var asked = Set<String>(minimumCapacity: keys.count)
    for key in keys where asked.insert(key).inserted {
      guard let listing = try listing(key) else {
        unseen.insert(key)
        continue
      }
      if listing.lastListed < staleBefore { stale.append(key) }
      if let facetVersion, listing.facetVersion != facetVersion { lackingFacets.append(key) }
    }
  }
}

extension Store: StateStore {
  public var location: String { path }

  /// One SQLite file has one daemon (`StateLock`): it always delivers.
  public func holdsDelivery(sink: String) throws -> Bool { true }
  public func releaseDelivery(sink: String) throws {}
}
