import Foundation
import Testing

@testable import Daemon

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
    (.rateLimited(consecutiveFailures: 1, retryAfter: 1800), 900, 0.5, 1800),  // the server's word wins
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

  @Test func goneIsNeverPolledAgain() {
    #expect(
      Schedule.nextPoll(
        after: .gone, at: Self.now, interval: 900, minInterval: 60, maxInterval: 86400, jitter: 0.5)
        == nil)
  }
}
