import Synchronization

/// A value that only goes up (a `_total` counter), one series per label values.
public final class Counter: MetricFamily {
  public let name: String
  public let help: String
  public let labelNames: [String]
  public var type: MetricType { .counter }
  private let series = Mutex<[SeriesKey: Double]>([:])

  /// `name` ends in `_total`, as the convention asks.
  public init(_ name: String, help: String, labels: [String] = []) {
    precondition(name.hasSuffix("_total"), "a counter's name ends in _total: \(name)")
    self.name = name
    self.help = help
    self.labelNames = labels
  }

  /// Adds `amount` (never negative) to the series of `labels` (one value per label name).
  public func increment(_ labels: [String] = [], by amount: Double = 1) {
    precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
    guard amount > 0 else { return }
    series.withLock { $0[SeriesKey(values: labels), default: 0] += amount }
  }

  /// Makes the series exist at 0, so a rate over it is defined before its first event.
  public func declare(_ labels: [String]) {
    precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
    series.withLock { series in
      let key = SeriesKey(values: labels)
      if series[key] == nil { series[key] = 0 }
    }
  }

  public func value(_ labels: [String] = []) -> Double {
    series.withLock { $0[SeriesKey(values: labels)] ?? 0 }
  }

  public func samples() -> [MetricSample] {
    series.withLock { $0 }.sorted { $0.key < $1.key }.map {
      MetricSample(labels: labels($0.key.values), value: $0.value)
    }
  }
}
