import Extraction
import Watch

/// The daemon's configuration, validated. Paths are absolute (relative ones were resolved
/// against the config file's folder); durations are seconds.
public struct Config: Sendable {
    public struct FeedDefaults: Sendable, Equatable {
        public var interval: Double = 15 * 60
        public var minInterval: Double = 60
        public var maxInterval: Double = 24 * 3600
        public var timeout: Double = 30
        public var connectTimeout: Double = 10
        public var maxBytes: Int = 10 << 20
        public var backlog: Double = 24 * 3600
    }

    public struct Feed: Sendable, Equatable {
        /// The feed's identity in the store: the URL as configured.
        public var url: String
        public var name: String
        public var tags: [String]
        public var interval: Double
        public var timeout: Double
        public var connectTimeout: Double
        public var maxBytes: Int
        public var backlog: Double
        public var enabled: Bool
    }

    public var file: String
    public var stateDirectory: String
    public var alertLog: String
    public var concurrency: Int
    public var userAgent: String
    public var defaults: FeedDefaults
    public var feeds: [Feed]
    public var watchList: WatchList
    public var rules: [Rule]

    public func feed(named name: String) -> Feed? { feeds.first { $0.name == name } }
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
