import Foundation
import Testing

@testable import Metrics

@Suite struct ExpositionTests {
  @Test func rendersHelpTypeAndSamples() {
    let registry = MetricsRegistry()
    let counter = registry.register(
      Counter("demo_events_total", help: "Events.\nSecond line \\ backslash", labels: ["kind"]))
    counter.increment(["b"], by: 2)
    counter.increment(["a"])
    counter.increment(["a"], by: 0.5)
    counter.increment(["a"], by: -3)  // a counter never goes down
    let gauge = registry.register(Gauge("demo_level", help: "Level."))
    gauge.set(to: 1.5)
    #expect(
      registry.scrape() == """
        # HELP demo_events_total Events.\\nSecond line \\\\ backslash
        # TYPE demo_events_total counter
        demo_events_total{kind="a"} 1.5
        demo_events_total{kind="b"} 2
        # HELP demo_level Level.
        # TYPE demo_level gauge
        demo_level 1.5

        """)
  }

  @Test func histogramBucketsAreCumulativeAndInclusive() {
    let histogram = Histogram("demo_seconds", help: "Time.", buckets: [0.1, 1])
    for value in [0.05, 0.1, 0.5, 1, 7, .nan] { histogram.observe(value) }
    let lines = TextExposition.render([histogram]).split(separator: "\n").dropFirst(2)
    #expect(
      Array(lines) == [
        #"demo_seconds_bucket{le="0.1"} 2"#, #"demo_seconds_bucket{le="1"} 4"#,
        #"demo_seconds_bucket{le="+Inf"} 5"#, "demo_seconds_sum 8.65", "demo_seconds_count 5",
      ])
  }

  @Test func escapesLabelValues() {
    let counter = Counter("demo_total", help: "x", labels: ["rule"])
    counter.increment(["say \"hi\"\\\nnow"])
    #expect(TextExposition.render([counter]).contains(#"demo_total{rule="say \"hi\"\\\nnow"} 1"#))
  }

  @Test func declaredSeriesStartAtZeroAndStay() {
    let counter = Counter("demo_total", help: "x", labels: ["outcome"])
    counter.declare(["failed"])
    counter.increment(["failed"])
    counter.declare(["failed"])
    #expect(counter.value(["failed"]) == 1)
  }

  @Test func numbersAsPrometheusReadsThem() {
    #expect(TextExposition.number(3) == "3")
    #expect(TextExposition.number(0.25) == "0.25")
    #expect(TextExposition.number(.infinity) == "+Inf")
    #expect(TextExposition.number(-.infinity) == "-Inf")
    #expect(TextExposition.number(.nan) == "NaN")
    #expect(Double(TextExposition.number(1796645405.7471766)) == 1796645405.7471766)
  }

  @Test func everyFeedwatchMetricIsNamedByConvention() {
    let metrics = FeedwatchMetrics()
    let names = metrics.registry.scrape().split(separator: "\n").filter {
      $0.hasPrefix("# TYPE ")
    }.map { $0.split(separator: " ") }
    #expect(names.count == 13)
    for parts in names {
      let (name, type) = (String(parts[2]), String(parts[3]))
      #expect(TextExposition.isValidName(name))
      #expect(name.hasPrefix("feedwatch_") || name.hasPrefix("process_"))
      #expect((type == "counter") == name.hasSuffix("_total"), "\(name)")
      if type == "histogram" { #expect(name.hasSuffix("_seconds")) }
    }
  }

  /// promtool, Prometheus's own checker, reads a registry with every kind of family and
  /// awkward label values as valid exposition.
  @Test func promtoolAcceptsTheOutput() throws {
    let metrics = FeedwatchMetrics()
    metrics.buildInfo.set(["0.1.0"], to: 1)
    metrics.polls.increment(["ok"])
    metrics.alerts.increment(["a \"quoted\" rule\\name", "warning"])
    metrics.pollDuration.observe(0.3)
    metrics.deliveries.increment(["webhook-0123abcd", "delivered"], by: 3)
    metrics.feeds.replaceAll([["ok"]: 2, ["failing"]: 1])
    let run = try Tool.run("promtool", ["check", "metrics"], input: metrics.registry.scrape())
    #expect(run.status == 0, "\(run.output)\(run.errors)")
  }

  @Test func sinkLabelsHideTheSinksAddress() {
    let label = SinkLabel.label(
      sinkID: "webhook#3fa9c0d1e2f30415", sha256Hex: { _ in "0123456789abcdef" })
    #expect(label == "webhook-01234567")
    #expect(
      SinkLabel.label(sinkID: "journal#00112233aabbccdd", sha256Hex: { _ in "ffffffffff" })
        == "journal-ffffffff")
  }
}
