#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// When a feed is polled next. The one scheduling formula, in one place (tested by table).
public enum Schedule {
  public enum Outcome: Sendable, Equatable {
    case fetched  // 200 with a feed, or 304
    case failed(consecutiveFailures: Int)
    case rateLimited(consecutiveFailures: Int, retryAfter: Double?)
    case gone
  }

  /// What the server and the publisher ask of a poller that succeeded.
  public struct Hints: Sendable, Equatable {
    /// Not again before this many seconds: Cache-Control max-age or Expires, RSS `<ttl>`,
    /// `sy:updatePeriod`/`sy:updateFrequency` — whichever is longest.
    public var notBefore: Double?
    /// RSS `<skipHours>`: UTC hours in which the publisher asks not to be polled.
    public var skipHours: Set<Int>

    public init(notBefore: Double? = nil, skipHours: Set<Int> = []) {
      self.notBefore = notBefore
      self.skipHours = skipHours
    }
  }

  /// The first retry after a failure comes after this long, then doubles per failure…
  static let firstRetry: Double = 60
  /// …up to this many intervals, so a failing feed is still tried several times a day.
  static let maxBackoffIntervals: Double = 4
  /// The window over which a feed's item rate is observed.
  static let rateWindow: Double = 7 * 86400

  /// - Parameter jitter: a number in [0, 1) (random in the daemon, fixed in tests); it spreads
  ///   the polls of many feeds over ±10% so they do not all fire together.
  /// - Returns: nil when the feed is never to be polled again (410 Gone). Every delay the
  ///   server or publisher asks for is clamped to [minInterval, maxInterval].
  public static func nextPoll(
    after outcome: Outcome, at now: Date, interval: Double, minInterval: Double,
    maxInterval: Double, hints: Hints = Hints(), jitter: Double
  ) -> Date? {
    let base = clamp(interval, minInterval, maxInterval)
    let spread = 0.9 + 0.2 * min(max(jitter, 0), 1)
    switch outcome {
    case .fetched:
      // The jitter spreads our own interval but never shortens what the server asked for.
      let delay = clamp(max(base * spread, hints.notBefore ?? 0), minInterval, maxInterval)
      let next = now.addingTimeInterval(delay)
      let latest = now.addingTimeInterval(maxInterval)
      return min(leavingSkippedHours(next, skipHours: hints.skipHours), latest)
    case .failed(let failures):
      return now.addingTimeInterval(
        backoff(failures: failures, base: base, minInterval: minInterval) * spread)
    case .rateLimited(let failures, let retryAfter):
      // The server's word wins over our backoff, within the feed's bounds.
      // The jitter only ever adds to Retry-After: no request before the time the server gave.
      let ours = backoff(failures: failures, base: base, minInterval: minInterval) * spread
      return now.addingTimeInterval(min(max(ours, retryAfter ?? 0), maxInterval))
    case .gone:
      return nil
    }
  }

  /// The interval that fits a feed's rate: 7 days ÷ the items it published in the last
  /// 7 days, within the bounds (a feed with none is polled at the longest interval).
  public static func adaptiveInterval(
    itemsInLastWeek: Int, minInterval: Double, maxInterval: Double
  )
    -> Double
  {
    guard itemsInLastWeek > 0 else { return maxInterval }
    return clamp(rateWindow / Double(itemsInLastWeek), minInterval, maxInterval)
  }

  /// How often the publisher says the feed changes: RSS `<ttl>` (minutes) or
  /// `sy:updatePeriod` ÷ `sy:updateFrequency`, the longer of the two; nil when it says neither.
  public static func publisherInterval(
    ttlMinutes: Int?, updatePeriod: String?, updateFrequency: Int?
  ) -> Double? {
    let ttl = ttlMinutes.flatMap { $0 > 0 ? Double($0) * 60 : nil }
    let period: Double? =
      switch updatePeriod?.lowercased() {
      case "hourly": 3600
      case "daily": 86400
      case "weekly": 7 * 86400
      case "monthly": 30 * 86400
      case "yearly": 365 * 86400
      default: nil
      }
    let syndication = period.map { $0 / Double(max(updateFrequency ?? 1, 1)) }
    switch (ttl, syndication) {
    case (let a?, let b?): return max(a, b)
    case (let a, let b): return a ?? b
    }
  }

  /// `date`, or the start of the first hour after it that is not skipped (UTC). Skipping
  /// every hour would mean never polling, so that is ignored.
  static func leavingSkippedHours(_ date: Date, skipHours: Set<Int>) -> Date {
    guard !skipHours.isEmpty, skipHours.count < 24 else { return date }
    var hourStart = (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600
    var candidate = date
    while skipHours.contains(Int(hourStart / 3600) % 24) {
      hourStart += 3600
      candidate = Date(timeIntervalSince1970: hourStart)
    }
    return candidate
  }

  static func backoff(failures: Int, base: Double, minInterval: Double) -> Double {
    let exponent = Double(max(failures, 1) - 1)
    let grown = firstRetry * pow2(min(exponent, 30))
    return max(min(grown, base * maxBackoffIntervals), min(minInterval, base))
  }

  private static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
    min(max(value, low), high)
  }

  private static func pow2(_ x: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(x) { result *= 2 }
    return result
  }
}
