#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Config {
  /// How a sink receives its alerts (config sink keys `group` and `digest`).
  public struct SinkDelivery: Sendable, Equatable {
    /// One notification per alert, or per item (every rule that matched it).
    public enum Grouping: String, Sendable, CaseIterable {
      case none
      case item
    }

    public var grouping: Grouping
    /// When set, alerts wait in the store and go out as one digest when it falls due.
    public var digest: DigestSchedule?

    public init(grouping: Grouping, digest: DigestSchedule?) {
      self.grouping = grouping
      self.digest = digest
    }

    /// What `feedwatch check` adds to the sink's line: " [digest daily@08:00 +01:00]",
    /// " [one per item]", or nothing for one notification per alert.
    public var summary: String {
      if let digest {
        return " [digest \(digest.text) \(Self.zoneName(digest.timeZone))]"
      }
      return grouping == .item ? " [one per item]" : ""
    }

    static func zoneName(_ zone: FeedTimeZone) -> String {
      switch zone {
      case .named(let named): return named.identifier
      case .fixed(0): return "UTC"
      case .fixed(let seconds):
        let minutes = abs(seconds) / 60
        let (hours, rest) = (minutes / 60, minutes % 60)
        return (seconds < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + "\(hours):"
          + (rest < 10 ? "0" : "") + "\(rest)"
      }
    }

    /// Push sinks (webhook, exec, e-mail) notify once per item; logs keep one line per alert.
    public static func defaults(for kind: Sink.Kind) -> SinkDelivery {
      switch kind {
      case .webhook, .exec, .email: return SinkDelivery(grouping: .item, digest: nil)
      case .jsonl, .journal: return SinkDelivery(grouping: .none, digest: nil)
      }
    }
  }

  /// How each sink in `sinks` receives its alerts, in the same order.
  public var sinkDeliveries: [SinkDelivery] { sinks.map(\.delivery) }
}
