#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// An alert waiting in the outbox. Sinks deliver from the outbox, each on its own.
public struct OutboxAlert: Sendable, Equatable {
  /// Stable: the same item and rule always give the same id, so a second insert is ignored.
  public var id: String
  public var created: Date
  public var rule: String
  public var feedKey: String
  /// The alert's JSON line, without the newline.
  public var json: String

  public init(id: String, created: Date, rule: String, feedKey: String, json: String) {
    self.id = id
    self.created = created
    self.rule = rule
    self.feedKey = feedKey
    self.json = json
  }
}

/// An alert a sink has yet to deliver, with that sink's failed attempts so far.
public struct PendingDelivery: Sendable, Equatable {
  public var alert: OutboxAlert
  public var attempts: Int
  public var lastError: String?

  public init(alert: OutboxAlert, attempts: Int, lastError: String?) {
    self.alert = alert
    self.attempts = attempts
    self.lastError = lastError
  }
}
