import Foundation
import Polling
import Testing

@Suite struct ScheduleTests {
  static let now = Date(timeIntervalSince1970: 1_700_000_000)

  /// (outcome, interval, jitter) → expected delay in seconds; min 60 s, max 1 d.
  @Test(arguments: [
    (Schedule.Outcome.fetched, 900.0, 0.5, 900.0),
    (.fetched, 900, 0.0, 810),  // jitter spreads ±10%
    (.fetched, 900, 1.0, 990),
    (.fetched, 10, 0.5, 60),  // clamped to minInterval
    (.fetched, 999_999, 0.5, 86400),  // clamped to maxInterval
    (.failed(consecutiveFailures: 1), 900, 0.5, 60),  // first retry after a minute
    (.failed(consecutiveFailures: 2), 900, 0.5, 120),
    (.failed(consecutiveFailures: 4), 900, 0.5, 480),
    (.failed(consecutiveFailures: 10), 900, 0.5, 3600),  // at most 4 intervals
    (.failed(consecutiveFailures: 100), 900, 0.5, 3600),
    // The server's word wins, and jitter never shortens it.
    (.rateLimited(consecutiveFailures: 1, retryAfter: 1800), 900, 0.5, 1800),
    (.rateLimited(consecutiveFailures: 1, retryAfter: 1800), 900, 0.0, 1800),
    (.rateLimited(consecutiveFailures: 1, retryAfter: 999_999), 900, 0.5, 86400),  // within bounds
    (.rateLimited(consecutiveFailures: 3, retryAfter: nil), 900, 0.5, 240),
  ])
  func nextPoll(outcome: Schedule.Outcome, interval: Double, jitter: Double, expected: Double)
    throws
  {
    let next = try #require(
      Schedule.nextPoll(
        after: outcome, at: Self.now, interval: interval, minInterval: 60, maxInterval: 86400,
        jitter: jitter))
    #expect(abs(next.timeIntervalSince(Self.now) - expected) < 0.001)
  }

  /// (interval, hints) → expected delay after a success; min 60 s, max 1 d, jitter 0.5.
  @Test(arguments: [
    (900.0, Schedule.Hints(notBefore: 3600), 3600.0),  // Cache-Control, ttl, sy:updatePeriod
    (900, Schedule.Hints(notBefore: 60), 900),  // never sooner than our own interval
    (900, Schedule.Hints(notBefore: 999_999), 86400),  // clamped to maxInterval
    // 22:13:20 + 15 min is in skipped hour 22; 23 is skipped too: the next poll is at 00:00.
    (900, Schedule.Hints(skipHours: [22, 23]), 6400),
    (900, Schedule.Hints(skipHours: [3]), 900),  // not in a skipped hour
    (900, Schedule.Hints(skipHours: Set(0..<24)), 900),  // all skipped: ignored
    // Every hour but 21 skipped: the next poll is at 21:00 the next day.
    (900, Schedule.Hints(skipHours: Set(0..<24).subtracting([21])), 82000),
  ])
  func hintsAfterASuccess(interval: Double, hints: Schedule.Hints, expected: Double) throws {
    let next = try #require(
      Schedule.nextPoll(
        after: .fetched, at: Self.now, interval: interval, minInterval: 60, maxInterval: 86400,
        hints: hints, jitter: 0.5))
    #expect(abs(next.timeIntervalSince(Self.now) - expected) < 0.001)
  }

  /// Items published in the last 7 days → interval; min 60 s, max 1 d.
  @Test(arguments: [(0, 86400.0), (7, 86400), (14, 43200), (672, 900), (1_000_000, 60)])
  func adaptiveInterval(items: Int, expected: Double) {
    #expect(
      Schedule.adaptiveInterval(itemsInLastWeek: items, minInterval: 60, maxInterval: 86400)
        == expected)
  }

  @Test func publisherIntervalFromTTLAndSyndication() {
    #expect(
      Schedule.publisherInterval(ttlMinutes: 60, updatePeriod: nil, updateFrequency: nil) == 3600)
    #expect(
      Schedule.publisherInterval(ttlMinutes: nil, updatePeriod: "hourly", updateFrequency: 2)
        == 1800)
    #expect(
      Schedule.publisherInterval(ttlMinutes: 30, updatePeriod: "Daily", updateFrequency: nil)
        == 86400)
    #expect(
      Schedule.publisherInterval(ttlMinutes: nil, updatePeriod: "weekly", updateFrequency: 0)
        == 604_800)
    #expect(
      Schedule.publisherInterval(ttlMinutes: 0, updatePeriod: "often", updateFrequency: 3) == nil)
    #expect(
      Schedule.publisherInterval(ttlMinutes: nil, updatePeriod: nil, updateFrequency: nil) == nil)
  }

  @Test func goneIsNeverPolledAgain() {
    #expect(
      Schedule.nextPoll(
        after: .gone, at: Self.now, interval: 900, minInterval: 60, maxInterval: 86400, jitter: 0.5)
        == nil)
  }
}
