import Logging
import Store
import Watch

/// One readable line per alert in the daemon's log (stderr, hence the journal under systemd):
/// rule, severity, feed, title, link.
package final class JournalSink: AlertSink {
  package let identity: SinkIdentity
  package let rules: Set<String>?
  let logger: Logger

  init(identity: SinkIdentity, rules: Set<String>?, logger: Logger) {
    self.identity = identity
    self.rules = rules
    self.logger = logger
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    for entry in batch {
      guard let alert = entry.alert else {
        logger.notice("ALERT", metadata: ["rule": "\(entry.row.rule)", "id": "\(entry.row.id)"])
        continue
      }
      var metadata: Logger.Metadata = [
        "rule": "\(alert.rule)", "severity": "\(alert.severity.rawValue)",
        "feed": "\(alert.feed.name)",
        "title": "\(alert.item.title ?? "")", "id": "\(alert.id)",
      ]
      if let link = alert.item.link { metadata["link"] = "\(link)" }
      logger.log(
        level: alert.severity.logLevel, "ALERT \(alert.item.title ?? "(untitled)")",
        metadata: metadata)
    }
    return batch.map { _ in .delivered }
  }
}

extension Severity {
  var logLevel: Logger.Level {
    switch self {
    case .info, .notice: return .notice
    case .warning: return .warning
    case .critical: return .critical
    }
  }
}
