import Synchronization

/// Observations counted into fixed buckets (a `_seconds` histogram, say), without labels:
/// exposed as cumulative `_bucket{le=…}` series, `_sum` and `_count`.
public final class Histogram: MetricFamily {
  public let name: String
  public let help: String
  public var labelNames: [String] { [] }
  public var type: MetricType { .histogram }
  /// Upper bounds, ascending; `+Inf` is implied.
  public let bounds: [Double]
  private let state: Mutex<State>

  struct State {
    /// Per bucket (not cumulative), the last one for observations above every bound.
    var counts: [UInt64]
    var sum: Double = 0
  }

  public init(_ name: String, help: String, buckets: [Double]) {
    precondition(!buckets.isEmpty && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 })
    self.name = name
    self.help = help
    self.bounds = buckets
    state = Mutex(State(counts: Array(repeating: 0, count: buckets.count + 1)))
  }

  public func observe(_ value: Double) {
    guard value.isFinite else { return }
    // Prometheus's `le` is inclusive: a value equal to a bound counts in that bucket.
    let index = bounds.firstIndex { value <= $0 } ?? bounds.count
    state.withLock { state in
      state.counts[index] += 1
      state.sum += value
    }
  }

  public func samples() -> [MetricSample] {
    let snapshot = state.withLock { $0 }
    var samples: [MetricSample] = []
    var cumulative: UInt64 = 0
    for (index, bound) in bounds.enumerated() {
      cumulative += snapshot.counts[index]
      samples.append(
        MetricSample(
          suffix: "_bucket", labels: [("le", TextExposition.number(bound))],
          value: Double(cumulative)))
    }
    cumulative += snapshot.counts[bounds.count]
    samples.append(
      MetricSample(suffix: "_bucket", labels: [("le", "+Inf")], value: Double(cumulative)))
    samples.append(MetricSample(suffix: "_sum", labels: [], value: snapshot.sum))
    samples.append(MetricSample(suffix: "_count", labels: [], value: Double(cumulative)))
    return samples
  }
}

extension Duration {
  /// The duration in seconds, for `Histogram.observe`.
  public var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) / 1e18
  }
}
