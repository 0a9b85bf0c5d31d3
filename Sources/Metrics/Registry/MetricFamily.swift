/// What a family's samples are, as the exposition format's `# TYPE` line names it.
public enum MetricType: String, Sendable {
  case counter
  case gauge
  case histogram
}

/// One sample line of a family: the name's suffix (`_bucket`, `_sum`, `_count`, or none), its
/// labels in order, and its value.
public struct MetricSample: Sendable, Equatable {
  public var suffix: String
  public var labels: [(name: String, value: String)]
  public var value: Double

  public init(suffix: String = "", labels: [(name: String, value: String)], value: Double) {
    self.suffix = suffix
    self.labels = labels
    self.value = value
  }

  public static func == (lhs: MetricSample, rhs: MetricSample) -> Bool {
    lhs.suffix == rhs.suffix && lhs.value == rhs.value
      && lhs.labels.map(\.name) == rhs.labels.map(\.name)
      && lhs.labels.map(\.value) == rhs.labels.map(\.value)
  }
}

/// A named metric with help text, a type and fixed label names; its samples are read at each
/// scrape.
public protocol MetricFamily: AnyObject, Sendable {
  var name: String { get }
  var help: String { get }
  var type: MetricType { get }
  var labelNames: [String] { get }
  /// The current samples, in a stable order (by label values).
  func samples() -> [MetricSample]
}

extension MetricFamily {
  /// The labels of one series: the family's names paired with `values`.
  func labels(_ values: [String]) -> [(name: String, value: String)] {
    Array(zip(labelNames, values)).map { (name: $0.0, value: $0.1) }
  }
}

/// Label values of one series, in the family's label order.
struct SeriesKey: Hashable, Comparable, Sendable {
  var values: [String]

  static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
    lhs.values.lexicographicallyPrecedes(rhs.values)
  }
}
