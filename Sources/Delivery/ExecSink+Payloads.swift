import Watch

/// A group or digest as one run of the command: its JSON on stdin, and `FEEDWATCH_KIND`
/// (`group` or `digest`), `FEEDWATCH_ID`, `FEEDWATCH_RULES` (comma-separated),
/// `FEEDWATCH_SEVERITY` (the highest), `FEEDWATCH_TITLE`, `FEEDWATCH_ALERT_COUNT` and, for a
/// group, `FEEDWATCH_FEED` and `FEEDWATCH_LINK`.
extension ExecSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    var variables = [
      "FEEDWATCH_KIND=\(payload.kind.rawValue)", "FEEDWATCH_ID=\(payload.id)",
      "FEEDWATCH_RULES=\(payload.rules.joined(separator: ","))",
      "FEEDWATCH_SEVERITY=\(payload.severity.rawValue)", "FEEDWATCH_TITLE=\(payload.title)",
      "FEEDWATCH_ALERT_COUNT=\(payload.alertCount)",
    ]
    if let feed = payload.feed { variables.append("FEEDWATCH_FEED=\(feed)") }
    if let link = payload.link { variables.append("FEEDWATCH_LINK=\(link)") }
    return run(stdin: Array((payload.json + "\n").utf8), environment: variables)
  }
}
