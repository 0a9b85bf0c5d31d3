/// Every metric feedwatch exposes, registered in the order `/metrics` lists them. Names follow
/// Prometheus's conventions: the `feedwatch_` prefix, base units, `_total` counters. No label
/// names a feed or a URL; a sink is labelled by its type and a short hash (`SinkLabel`).
/// docs/metrics.md describes each one.
public final class FeedwatchMetrics: Sendable {
  /// The process's metrics: what the daemon's modules record into and `/metrics` renders.
  public static let shared = FeedwatchMetrics()

  public let registry = MetricsRegistry()

  public let buildInfo: Gauge
  public let polls: Counter
  public let pollDuration: Histogram
  public let fetchedBytes: Counter
  public let newItems: Counter
  public let alerts: Counter
  public let articleFetches: Counter
  public let deliveries: Counter
  public let deliveryBacklog: Gauge
  public let feeds: Gauge
  public let storeCommitDuration: Histogram
  public let schedulerLastRun: Gauge
  public let startTime: Gauge

  /// A registry of its own, for tests; the daemon uses `shared`.
  public init() {
    buildInfo = registry.register(
      Gauge(
        "feedwatch_build_info", help: "Always 1; the labels say which feedwatch this is.",
        labels: ["version"]))
    startTime = registry.register(
      Gauge(
        "process_start_time_seconds",
        help: "When the process started, in seconds since 1970."))
    polls = registry.register(
      Counter(
        "feedwatch_polls_total",
        help: "Feed polls finished, by outcome: the feed's status after the poll, or aborted.",
        labels: ["outcome"]))
    pollDuration = registry.register(
      Histogram(
        "feedwatch_poll_duration_seconds",
        help:
          "Time from a poll's start to its recorded end: fetch, parse, articles, match, commit.",
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]))
    fetchedBytes = registry.register(
      Counter(
        "feedwatch_fetched_bytes_total",
        help: "Bytes of feed documents received, counted after decompression."))
    newItems = registry.register(
      Counter("feedwatch_new_items_total", help: "Items seen for the first time."))
    alerts = registry.register(
      Counter(
        "feedwatch_alerts_total",
        help: "Alerts written to the outbox (rule alerts, digests, feed-health alerts).",
        labels: ["rule", "severity"]))
    articleFetches = registry.register(
      Counter(
        "feedwatch_article_fetches_total",
        help: "Article pages of new items read, or why not, by outcome.",
        labels: ["outcome"]))
    deliveries = registry.register(
      Counter(
        "feedwatch_deliveries_total",
        help: "Alerts handed to a sink, by sink and outcome (delivered, retry, parked).",
        labels: ["sink", "outcome"]))
    deliveryBacklog = registry.register(
      Gauge(
        "feedwatch_delivery_backlog_alerts",
        help: "Alerts in the outbox not yet delivered to the sink (waiting, retrying or parked).",
        labels: ["sink"]))
    feeds = registry.register(
      Gauge(
        "feedwatch_feeds", help: "Configured feeds by status after their last poll.",
        labels: ["status"]))
    storeCommitDuration = registry.register(
      Histogram(
        "feedwatch_store_commit_duration_seconds",
        help: "Time to write one group commit of polls to the state store.",
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]))
    schedulerLastRun = registry.register(
      Gauge(
        "feedwatch_scheduler_last_run_timestamp_seconds",
        help: "When the scheduler last ran, in seconds since 1970; /readyz wants it recent."))
  }
}
