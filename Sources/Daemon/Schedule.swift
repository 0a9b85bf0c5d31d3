#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// When a feed is polled next. The one scheduling formula, in one place (tested by table).
public enum Schedule {
  public enum Outcome: Sendable, Equatable {
    case fetched  // 200 with a feed, or 304
    case failed(consecutiveFailures: Int)
    case rateLimited(consecutiveFailures: Int, retryAfter: Double?)
    case gone
  }

  /// The first retry after a failure comes after this long, then doubles per failure…
  static let firstRetry: Double = 60
  /// …up to this many intervals, so a failing feed is still tried several times a day.
  static let maxBackoffIntervals: Double = 4

  /// - Parameter jitter: a number in [0, 1) (random in the daemon, fixed in tests); it spreads
  ///   the polls of many feeds over ±10% so they do not all fire together.
  public static func nextPoll(
    after outcome: Outcome, at now: Date, interval: Double, minInterval: Double,
    maxInterval: Double,
    jitter: Double
  ) -> Date? {
    let base = min(max(interval, minInterval), maxInterval)
    let delay: Double
    switch outcome {
    case .fetched:
      delay = base
    case .failed(let failures):
      delay = backoff(failures: failures, base: base, minInterval: minInterval)
    case .rateLimited(let failures, let retryAfter):
      // The server's word wins over our backoff, within the feed's bounds.
      let ours = backoff(failures: failures, base: base, minInterval: minInterval)
      delay = min(max(ours, retryAfter ?? 0), maxInterval)
    case .gone:
      return nil
    }
    return now.addingTimeInterval(delay * (0.9 + 0.2 * min(max(jitter, 0), 1)))
  }

  static func backoff(failures: Int, base: Double, minInterval: Double) -> Double {
    let exponent = Double(max(failures, 1) - 1)
    let grown = firstRetry * pow2(min(exponent, 30))
    return max(min(grown, base * maxBackoffIntervals), min(minInterval, base))
  }

  private static func pow2(_ x: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(x) { result *= 2 }
    return result
  }
}
