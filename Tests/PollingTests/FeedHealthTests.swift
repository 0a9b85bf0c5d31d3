import Foundation
import Polling
import Store
import Testing
import Watch

/// The feed-health transition, as a table: (health before, outcome) → (health after, alert).
@Suite struct FeedHealthTests {
  static let now = Date(timeIntervalSince1970: 1_700_000_000)
  static let hour = 3600.0

  /// What a row sets up and checks: status, failures, failing since (seconds before now),
  /// whether a health alert is out.
  struct Health: Equatable, CustomStringConvertible {
    var status: FeedStatus
    var failures = 0
    var failingFor: Double?
    var alerted = false
    var description: String {
      "\(status) ×\(failures) for \(failingFor.map { "\($0)s" } ?? "-")\(alerted ? " alerted" : "")"
    }
  }

  static func state(_ health: Health) -> FeedState {
    var state = FeedState(key: "http://example.org/feed", name: "example")
    state.status = health.status
    state.consecutiveFailures = health.failures
    state.failingSince = health.failingFor.map { now.addingTimeInterval(-$0) }
    state.healthAlerted = health.alerted
    state.lastError = health.status.isFailing ? "earlier error" : nil
    return state
  }

  static let timeout = FeedHealth.Outcome.failed(.failing, error: "timeout", httpStatus: nil)

  @Test(
    arguments: [
      // A first failure starts a spell; no alert before failingAlertAfter (6 h here).
      (Health(status: .ok), timeout, Health(status: .failing, failures: 1, failingFor: 0), nil),
      // Still failing within the limit: counted, quiet.
      (
        Health(status: .failing, failures: 3, failingFor: hour), timeout,
        Health(status: .failing, failures: 4, failingFor: hour), nil
      ),
      // Past the limit: one `failing` alert…
      (
        Health(status: .failing, failures: 9, failingFor: 7 * hour), timeout,
        Health(status: .failing, failures: 10, failingFor: 7 * hour, alerted: true), .failing
      ),
      // …and no second one in the same spell, whatever the failure.
      (
        Health(status: .failing, failures: 10, failingFor: 8 * hour, alerted: true),
        .failed(.rateLimited, error: "429", httpStatus: 429),
        Health(status: .rateLimited, failures: 11, failingFor: 8 * hour, alerted: true), nil
      ),
      // Gone alerts at once.
      (
        Health(status: .ok), .failed(.gone, error: "410", httpStatus: 410),
        Health(status: .gone, failures: 1, failingFor: 0, alerted: true), .gone
      ),
      // A success after an alert recovers, with an alert; one without an alert is quiet.
      (
        Health(status: .failing, failures: 10, failingFor: 8 * hour, alerted: true),
        .succeeded(.ok, httpStatus: 200), Health(status: .ok), .recovered
      ),
      (
        Health(status: .failing, failures: 2, failingFor: 60),
        .succeeded(.notModified, httpStatus: 304),
        Health(status: .notModified), nil
      ),
      // A truncated document is read (its whole items are taken): the feed works again.
      (
        Health(status: .failing, failures: 10, failingFor: 8 * hour, alerted: true),
        .succeeded(.truncated, httpStatus: 200), Health(status: .truncated), .recovered
      ),
    ] as [(Health, FeedHealth.Outcome, Health, Alert.HealthEvent?)])
  func transition(
    before: Health, outcome: FeedHealth.Outcome, after: Health, event: Alert.HealthEvent?
  ) {
    let (next, raised) = FeedHealth.next(
      Self.state(before), after: outcome, at: Self.now, failingAlertAfter: 6 * Self.hour)
    let seen = Health(
      status: next.status, failures: next.consecutiveFailures,
      failingFor: next.failingSince.map { Self.now.timeIntervalSince($0) },
      alerted: next.healthAlerted)
    #expect(seen == after)
    #expect(raised?.kind == event)
  }

  @Test func aRecoveryCarriesTheFailureItEnds() {
    let before = Self.state(
      Health(status: .failing, failures: 10, failingFor: 8 * Self.hour, alerted: true))
    let (next, event) = FeedHealth.next(
      before, after: .succeeded(.ok, httpStatus: 200), at: Self.now, failingAlertAfter: 60)
    #expect(event?.error == "earlier error")
    #expect(event?.failures == 10)
    #expect(event?.since == before.failingSince)
    #expect(next.lastError == nil && next.lastSuccess == Self.now && next.lastHTTPStatus == 200)
  }
}
