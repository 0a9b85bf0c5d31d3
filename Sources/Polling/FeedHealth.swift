public import Store
public import Watch

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// How a poll's outcome moves a feed's health: its status, last error, failure count, and
/// whether a health alert is out. Pure, so its rules are table-tested; when the feed is polled
/// next is `Schedule`'s business.
public enum FeedHealth {
  public enum Outcome: Sendable, Equatable {
    /// `status` is `.ok`, `.notModified` or `.truncated`.
    case succeeded(FeedStatus, httpStatus: Int?)
    case failed(FeedStatus, error: String, httpStatus: Int?)
  }

  /// A health alert to raise: what happened, and the failure it is about (for a recovery, the
  /// one recovered from).
  public struct Event: Sendable, Equatable {
    public var kind: Alert.HealthEvent
    public var error: String?
    public var failures: Int
    public var since: Date
  }

  /// The state after `outcome` at `now`, and the health alert it raises, if any: `gone` at
  /// once, `failing` once the feed has failed for `failingAlertAfter` seconds (one alert per
  /// failing spell), `recovered` on the first success after a `failing` alert.
  public static func next(
    _ state: FeedState, after outcome: Outcome, at now: Date, failingAlertAfter: Double
  ) -> (state: FeedState, event: Event?) {
    var next = state
    switch outcome {
    case .succeeded(let status, let httpStatus):
      var event: Event?
      if state.healthAlerted, let since = state.failingSince {
        event = Event(
          kind: .recovered, error: state.lastError, failures: state.consecutiveFailures,
          since: since)
        next.healthAlerted = false
      }
      next.status = status
      next.lastError = nil
      next.lastHTTPStatus = httpStatus
      next.consecutiveFailures = 0
      next.failingSince = nil
      next.lastSuccess = now
      return (next, event)
    case .failed(let status, let error, let httpStatus):
      next.status = status
      next.lastError = error
      next.lastHTTPStatus = httpStatus
      next.consecutiveFailures += 1
      let since = state.failingSince ?? now
      next.failingSince = since
      let kind: Alert.HealthEvent? =
        status == .gone
        ? .gone
        : !state.healthAlerted && now.timeIntervalSince(since) >= failingAlertAfter ? .failing : nil
      guard let kind else { return (next, nil) }
      next.healthAlerted = true
      return (
        next, Event(kind: kind, error: error, failures: next.consecutiveFailures, since: since)
      )
    }
  }
}
