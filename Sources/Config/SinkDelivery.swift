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

    /// Push sinks (webhook, exec) notify once per item; logs keep one line per alert.
    public static func defaults(for sink: Sink) -> SinkDelivery {
      switch sink {
      case .webhook, .exec: return SinkDelivery(grouping: .item, digest: nil)
      case .jsonl, .journal: return SinkDelivery(grouping: .none, digest: nil)
      }
    }
  }

  /// How each sink in `sinks` receives its alerts, in the same order.
  public var sinkDeliveries: [SinkDelivery] {
    if let configuredSinkDeliveries, configuredSinkDeliveries.count == sinks.count {
      return configuredSinkDeliveries
    }
    return sinks.map(SinkDelivery.defaults)
  }
}
