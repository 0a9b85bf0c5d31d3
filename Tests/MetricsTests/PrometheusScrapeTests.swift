import Foundation
import TestHTTPServer
import Testing

/// A real Prometheus server scrapes the daemon on loopback and records its series.
@Suite struct PrometheusScrapeTests {
  @Test func prometheusRecordsTheDaemonsSeries() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let prometheusPath = try #require(
      Tool.path("prometheus"), "prometheus is not installed: run scripts/setup --tests")
    let daemon = try RunningDaemon()
    try daemon.start()

    // A free port for Prometheus's own API, and a storage folder of its own.
    let (probe, port) = try LoopbackSocket.bind(listenBacklog: nil)
    close(probe)
    let config = daemon.folder.appendingPathComponent("prometheus.yml")
    try Data(
      """
      global:
        scrape_interval: 1s
        scrape_timeout: 1s
      scrape_configs:
        - job_name: feedwatch
          static_configs:
            - targets: ["\(daemon.address)"]
      """.utf8
    ).write(to: config)
    let prometheus = Process()
    prometheus.executableURL = URL(fileURLWithPath: prometheusPath)
    prometheus.arguments = [
      "--config.file=\(config.path)",
      "--storage.tsdb.path=\(daemon.folder.appendingPathComponent("tsdb").path)",
      "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
    ]
    let log = daemon.folder.appendingPathComponent("prometheus.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    prometheus.standardError = try FileHandle(forWritingTo: log)
    prometheus.standardOutput = FileHandle.nullDevice
    try prometheus.run()
    defer {
      prometheus.terminate()
      prometheus.waitUntilExit()
    }

    func query(_ expression: String) -> [[String: Any]] {
      let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
      guard
        let answer = try? Tool.curl("http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)"),
        answer.status == 200,
        let json = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))
          as? [String: Any],
        let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
      else { return [] }
      return result
    }
    func value(_ sample: [String: Any]) -> Double? {
      ((sample["value"] as? [Any])?.last as? String).flatMap(Double.init)
    }

    #expect(
      waitUntil(seconds: 60) {
        query(#"feedwatch_alerts_total{rule="withdrawal",severity="warning"}"#).first.flatMap(
          value) == 1
      },
      "Prometheus never recorded the alert counter:\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")"
    )
    #expect(query(#"up{job="feedwatch"}"#).first.flatMap(value) == 1)
    #expect(query("feedwatch_build_info").first.flatMap(value) == 1)
    #expect(query(#"feedwatch_polls_total{outcome="ok"}"#).first.flatMap(value) ?? 0 >= 1)
    #expect(query("feedwatch_poll_duration_seconds_count").first.flatMap(value) ?? 0 >= 1)
    #expect(query(#"feedwatch_feeds{status="ok"}"#).first.flatMap(value) == 1)
  }
}
