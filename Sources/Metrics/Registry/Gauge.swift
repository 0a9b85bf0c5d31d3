import Synchronization

/// A value that is set (goes up and down), one series per label values.
public final class Gauge: MetricFamily {
  public let name: String
  public let help: String
  public let labelNames: [String]
  public var type: MetricType { .gauge }
  private let series = Mutex<[SeriesKey: Double]>([:])

  public init(_ name: String, help: String, labels: [String] = []) {
    self.name = name
    self.help = help
    self.labelNames = labels
  }

  public func set(_ labels: [String] = [], to value: Double) {
    precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
    series.withLock { $0[SeriesKey(values: labels)] = value }
  }

  /// Replaces every series at once: series absent from `values` are gone (a sink removed, a
  /// status no feed has any more reads 0 only when given as 0).
  public func replaceAll(_ values: [[String]: Double]) {
    let keyed = Dictionary(
      uniqueKeysWithValues: values.map { (SeriesKey(values: $0.key), $0.value) })
    precondition(keyed.keys.allSatisfy { $0.values.count == labelNames.count })
    series.withLock { $0 = keyed }
  }

  public func value(_ labels: [String] = []) -> Double? {
    series.withLock { $0[SeriesKey(values: labels)] }
  }

  public func samples() -> [MetricSample] {
    series.withLock { $0 }.sorted { $0.key < $1.key }.map {
      MetricSample(labels: labels($0.key.values), value: $0.value)
    }
  }
}
