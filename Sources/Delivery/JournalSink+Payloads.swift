import Logging
import Watch

/// A group or digest as one line in the daemon's log, at the level of its highest severity.
extension JournalSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    var metadata: Logger.Metadata = [
      "id": "\(payload.id)", "severity": "\(payload.severity.rawValue)",
      "rules": "\(payload.rules.joined(separator: ","))", "alerts": "\(payload.alertCount)",
    ]
    if let feed = payload.feed { metadata["feed"] = "\(feed)" }
    if let link = payload.link { metadata["link"] = "\(link)" }
    let label = payload.kind == .digest ? "DIGEST" : "ALERTS"
    logger.log(level: payload.severity.logLevel, "\(label) \(payload.title)", metadata: metadata)
    return .delivered
  }
}
