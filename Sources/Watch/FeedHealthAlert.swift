import Hashing

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Alerts feedwatch raises about a feed itself, under the rule name "feed-health": a feed that
/// has failed for too long, one the server says is gone, and one that works again.
extension Alert {
  public static let feedHealthRule = "feed-health"

  public enum HealthEvent: String, Sendable, Codable {
    /// Failing (any error, blocked or rate-limited) for longer than the feed's limit.
    case failing
    /// 410 Gone: polling stopped.
    case gone
    /// Working again after a `failing` alert.
    case recovered
  }

  public struct HealthInfo: Sendable, Codable, Equatable {
    public var event: HealthEvent
    /// The feed's status: failing, blocked, rate-limited, gone, ok, not-modified.
    public var status: String
    /// The last error (on a recovery, the one it recovered from).
    public var error: String?
    /// When the feed started failing.
    public var since: Date
    public var failures: Int
  }

  /// One alert per event and failure episode: its id is stable for (feed, event, since), so it
  /// is never written twice.
  public static func feedHealth(
    _ event: HealthEvent, title: String, feed: FeedInfo, feedKey: String, status: String,
    error: String?, since: Date, failures: Int, at time: Date
  ) -> Alert {
    let episode = "\(Int(since.timeIntervalSince1970 * 1000))"
    var alert = Alert(
      v: formatVersion,
      id: String(
        Digest.sha256Hex(
          [feedHealthRule, feedKey, event.rawValue, episode].joined(separator: "\u{0}")
        ).prefix(32)),
      time: Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down)),
      rule: feedHealthRule, severity: event == .recovered ? .notice : .warning, feed: feed,
      item: ItemInfo(
        title: title, link: nil, guid: nil, published: nil,
        key: "\(feedHealthRule):\(event.rawValue):\(episode)"),
      matches: [], entities: [], quotes: [])
    alert.health = HealthInfo(
      event: event, status: status, error: error, since: since, failures: failures)
    return alert
  }
}
