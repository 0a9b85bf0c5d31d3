public import Extraction
public import MetricsServer
public import Watch

/// The daemon's configuration, validated. Paths are absolute (relative ones were resolved
/// against the config file's folder); durations are seconds.
public struct Config: Sendable {
  public struct FeedDefaults: Sendable, Equatable {
    /// The fixed interval, or where an adaptive one starts.
    public var interval: Double = 15 * 60
    /// Whether the interval follows each feed's item rate (config `"interval": "adaptive"`,
    /// the default when no interval is configured).
    public var adaptive = true
    public var minInterval: Double = 60
    /// An alerting tool should not sleep a day on a quiet feed: an hour at most by default.
    public var maxInterval: Double = 3600
    public var timeout: Double = 30
    public var connectTimeout: Double = 10
    public var maxBytes: Int = 10 << 20
    public var backlog: Double = 24 * 3600
    /// After failing this long, a feed raises a feed-health alert.
    public var failingAlertAfter: Double = 24 * 3600
    public var timeZone: FeedTimeZone = .utc
    public var ignoreValidators = false
    public var article = ArticleSettings()
  }

  public struct Feed: Sendable, Equatable {
    /// The feed's identity in the store: the URL as configured.
    public var url: String
    public var name: String
    public var tags: [String]
    /// The fixed interval, or where an adaptive one starts.
    public var interval: Double
    /// Whether the interval follows the feed's item rate.
    public var adaptive: Bool
    public var timeout: Double
    public var connectTimeout: Double
    public var maxBytes: Int
    public var backlog: Double
    public var enabled: Bool
    /// A proxy for this feed only ("" for none); nil leaves the environment's proxies in force.
    public var proxy: String?
    public var failingAlertAfter: Double
    /// The zone for dates written without one.
    public var timeZone: FeedTimeZone
    /// Never send ETag/Last-Modified back, for servers whose validators are broken (a 304 for
    /// a feed that did change).
    public var ignoreValidators: Bool
    /// When and how the linked article page is read instead of the feed's own text.
    public var article = ArticleSettings()
    /// The feed list (config `feedLists`) the feed comes from; nil for one of `feeds`.
    public var list: String? = nil
  }

  /// Reading the page an item links to (config `article`, `articleMinWords`, `articleTimeout`,
  /// `articleRobots`, `articleMaxBytes`, per feed and in `defaults`).
  public struct ArticleSettings: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
      /// Always the feed's own text.
      case never
      /// The article when the feed's text (title excluded) has fewer than `minWords` words.
      case teaser
      /// The article whenever the item links to one.
      case always
    }
    public var mode: Mode = .teaser
    public var minWords = 150
    /// How long an item waits for its article, counted from when the fetch is queued.
    public var timeout: Double = 15
    /// Whether the publisher's robots.txt is honoured for article fetches.
    public var robots = true
    /// Largest page accepted, counted after decompression.
    public var maxBytes = 5 << 20

    public init() {}
  }

  /// What a webhook's request body is.
  public enum WebhookFormat: String, Sendable, CaseIterable {
    /// The alert's own JSON line.
    case alert
    /// `{"text": "…"}`, which Slack, Mattermost and Discord-style incoming webhooks accept.
    case slack
    /// A plain-text summary with a `Title` header (ntfy and most chat bridges).
    case text
  }

  public var file: String
  public var stateDirectory: String
  /// Where the state is kept (config "store"): SQLite in `stateDirectory` unless it names a
  /// PostgreSQL database.
  public var store: StoreSetting = .sqlite
  public var alertLog: String
  public var concurrency: Int
  /// Polls (fetch, parse, match, commit) under way at once: four times the transfer bound, so
  /// the fetcher always has work queued while finished polls wait for their group commit, but
  /// parsed items never pile up waiting for the store.
  public var maxPollsInProgress: Int { 4 * concurrency }

  /// Per host: at most this many transfers at once, started at least `hostSpacing` seconds apart.
  public var maxPerHost: Int
  public var hostSpacing: Double
  public var userAgent: String
  public var defaults: FeedDefaults
  public var feeds: [Feed]
  /// The feed lists as read: each file, what it added and what it skipped.
  public var feedLists: [FeedListSummary] = []
  public var watchList: WatchList
  public var rules: [Rule]
  /// Items within this many seconds that are near-duplicates form one story; 0 turns grouping off.
  public var storyWindow: Double
  /// Seen items missing from their feed for this long are forgotten, so the state store does
  /// not grow without end.
  public var forgetItemsAfter: Double
  /// Refuse to connect to loopback, private and link-local addresses (checked at connect time,
  /// redirects included), so a feed cannot make the daemon probe the local network.
  public var denyPrivateNetworks: Bool
  /// The sinks as configured; nil when the config has no "sinks" key.
  public var configuredSinks: [Sink]?
  /// What the config allows but the user may not mean (a value raised to a bound, a keyword no
  /// rule uses): `check` prints them, `run` logs them.
  public var warnings: [ConfigWarning] = []

  /// The metrics and health endpoint (config "metrics"); nil when off, the default.
  public var metrics: MetricsSettings?

  /// The sinks in effect: the configured ones, else the alert log alone.
  /// In a cluster, a sink that writes on this machine (the alert log, the journal) is this
  /// node's own: it gets every alert, and its delivery records are kept apart from the other
  /// nodes' (`Sink.node`).
  public var sinks: [Sink] {
    let sinks =
      configuredSinks ?? [
        Sink(name: Sink.defaultName(for: .jsonl(path: alertLog)), kind: .jsonl(path: alertLog))
      ]
    guard let node = store.node else { return sinks }
    return sinks.map { sink in
      var sink = sink
      if sink.isNodeLocal { sink.node = node.name }
      return sink
    }
  }

  /// The log `feedwatch alerts` reads: the first jsonl sink that writes alerts (not digests).
  public var alertLogPath: String {
    for sink in sinks where sink.delivery.digest == nil {
      if case .jsonl(let path) = sink.kind { return path }
    }
    return alertLog
  }

  /// The sink a command names (`feedwatch sinks test NAME`).
  public func sink(named name: String) -> Sink? { sinks.first { $0.name == name } }

  public func feed(named name: String) -> Feed? { feeds.first { $0.name == name } }
}

/// The HTTP endpoint for Prometheus (`/metrics`) and health checks (`/healthz`, `/readyz`).
public struct MetricsSettings: Sendable, Equatable {
  public var listen: ListenAddress

  public init(listen: ListenAddress) { self.listen = listen }
}

/// Something in a valid config worth telling: which field, and what happens because of it.
public struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
  public var field: String
  public var message: String

  public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// A problem in the config: which file, which field, what is expected.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
  public var file: String
  public var field: String
  public var message: String

  public var description: String {
    field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)"
  }
}
