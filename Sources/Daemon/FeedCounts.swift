import Config
import Store

/// The configured feeds counted by status in one pass: the status line sd_notify shows and
/// the `feedwatch_feeds` gauge both read it after every poll.
struct FeedCounts {
  /// Each status's feeds ("disabled" for a disabled feed, "new" for one never polled), every
  /// status present, at 0 when no feed has it.
  private(set) var byStatus: [String: Int] = ["disabled": 0]
  private(set) var enabled = 0
  private(set) var failing = 0

  init(_ feeds: [Config.Feed], states: [String: FeedState]) {
    for status in FeedStatus.allCases { byStatus[status.rawValue] = 0 }
    for feed in feeds {
      guard feed.enabled else {
        byStatus["disabled", default: 0] += 1
        continue
      }
      let status = states[feed.url]?.status ?? .new
      byStatus[status.rawValue, default: 0] += 1
      enabled += 1
      if status.isFailing { failing += 1 }
    }
  }
}
