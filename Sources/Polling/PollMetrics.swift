import Metrics
import Store
import Watch

/// What a poll records in the process's metrics: one call per finished poll, per committed
/// alert batch and per article batch. Labels are outcomes, rules and severities, never a feed.
package enum PollMetrics {
  static var metrics: FeedwatchMetrics { .shared }

  static func polled(_ report: PollReport, since started: ContinuousClock.Instant) {
    metrics.polls.increment([report.status.description])
    metrics.pollDuration.observe((ContinuousClock.now - started).seconds)
    metrics.fetchedBytes.increment(by: Double(report.bytes))
    metrics.newItems.increment(by: Double(report.newItems))
  }

  /// Alerts once their commit is written (a commit that failed raises them again next poll).
  /// A rule alert has its rule's severity; a feed-health alert (or one of a rule no longer
  /// configured) says its own.
  static func committed(_ alerts: [OutboxAlert], watcher: Watcher) {
    for alert in alerts {
      let severity =
        watcher.rule(named: alert.rule)?.severity
        ?? (try? Alert.decode(jsonLine: alert.json))?.severity
      metrics.alerts.increment([alert.rule, severity?.rawValue ?? "unknown"])
    }
  }

  static func digest(rule: String, severity: Severity) {
    metrics.alerts.increment([rule, severity.rawValue])
  }

  static func articles(_ outcomes: [String: ArticleOutcome]) {
    for outcome in outcomes.values { metrics.articleFetches.increment([outcome.metricLabel]) }
  }

  /// Every poll outcome and article outcome at 0, so their rates exist before the first one.
  package static func declareOutcomes() {
    for status in FeedStatus.allCases where status != .new {
      metrics.polls.declare([PollStatus.polled(status).description])
    }
    metrics.polls.declare([PollStatus.aborted.description])
    for label in ArticleOutcome.metricLabels { metrics.articleFetches.declare([label]) }
  }
}

extension ArticleOutcome {
  /// `read`, or the failure's kind: `robots`, `blocked`, `failed`, `no-article`, `timeout`.
  var metricLabel: String {
    switch self {
    case .read: "read"
    case .fellBack(.robotsDisallowed, _): "robots"
    case .fellBack(.blocked, _): "blocked"
    case .fellBack(.failed, _): "failed"
    case .fellBack(.noArticle, _): "no-article"
    case .fellBack(.timedOut, _): "timeout"
    }
  }

  static let metricLabels = ["read", "robots", "blocked", "failed", "no-article", "timeout"]
}
