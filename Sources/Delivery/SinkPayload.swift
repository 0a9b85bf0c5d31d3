package import Watch

/// A notification that is not one alert: an item's alerts grouped (`group: item`) or a digest.
/// Each sink renders it its own way: the JSON for webhook `alert` format, exec and jsonl; the
/// title and text for webhook `slack`/`text`, the journal and e-mail.
package struct SinkPayload: Sendable, Equatable {
  package enum Kind: String, Sendable {
    case group
    case digest
  }

  package var kind: Kind
  /// Stable for what it holds, so a receiver can drop a repeat (`Idempotency-Key`).
  package var id: String
  /// One JSON line.
  package var json: String
  package var title: String
  package var text: String
  /// The highest severity of the alerts it holds.
  package var severity: Severity
  /// The rules of the alerts it holds (a group's highest severity first; a digest's by name).
  package var rules: [String]
  package var alertCount: Int
  /// The item's link, for a group.
  package var link: String?
  /// The item's feed, for a group.
  package var feed: String?

  package init(
    kind: Kind, id: String, json: String, title: String, text: String, severity: Severity,
    rules: [String], alertCount: Int, link: String? = nil, feed: String? = nil
  ) {
    self.kind = kind
    self.id = id
    self.json = json
    self.title = title
    self.text = text
    self.severity = severity
    self.rules = rules
    self.alertCount = alertCount
    self.link = link
    self.feed = feed
  }
}

/// A sink that can deliver a group or a digest as one notification.
package protocol PayloadSink: AlertSink {
  /// Called on the sink's own queue.
  func send(_ payload: SinkPayload) -> DeliveryOutcome
}

extension SinkDigest {
  /// The payload with `json`, the digest's stored line, as its JSON.
  package func payload(json: String) -> SinkPayload {
    SinkPayload(
      kind: .digest, id: id, json: json, title: title, text: text,
      severity: severity, rules: Array(Set(stories.flatMap { $0.rules.map(\.rule) })).sorted(),
      alertCount: alertCount)
  }
}
