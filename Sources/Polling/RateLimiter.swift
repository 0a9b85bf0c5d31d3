package import Store
import Synchronization
package import Watch

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// Per-rule hourly limits. Counts live in memory (seeded from the outbox when an hour starts),
/// under a mutex, so feeds polled at the same moment cannot all slip under the limit.
package final class RateLimiter: Sendable {
  private let store: any StateStore
  private let counts = Mutex<[String: (bucket: Int, count: Int)]>([:])

  package init(store: any StateStore) {
    self.store = store
  }

  /// The hour a moment falls in: seconds since 1970 divided by 3600.
  package static func bucket(of date: Date) -> Int {
    Int((date.timeIntervalSince1970 / 3600).rounded(.down))
  }

  /// Whether one more alert of `rule` fits in the current hour; counts it when it does.
  func admit(_ rule: Rule, at now: Date) -> Bool {
    guard let limit = rule.maxPerHour else { return true }
    let bucket = Self.bucket(of: now)
    return counts.withLock { counts in
      var entry = counts[rule.name] ?? (bucket, 0)
      if entry.bucket != bucket || counts[rule.name] == nil {
        let hourStart = Date(timeIntervalSince1970: Double(bucket) * 3600)
        entry = (bucket, (try? store.alertCount(rule: rule.name, since: hourStart)) ?? 0)
      }
      let admitted = entry.count < limit
      if admitted { entry.count += 1 }
      counts[rule.name] = entry
      return admitted
    }
  }

  /// Turns the held-back alerts of every finished hour into one digest per rule and hour.
  /// Idempotent: a digest's id is stable, and its alerts leave the holding table with it.
  @discardableResult
  package func writeDigests(rules: [Rule], now: Date) throws -> Int {
    let held = try store.foldedAlerts(before: Self.bucket(of: now))
    guard !held.isEmpty else { return 0 }
    let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let groups = Dictionary(grouping: held, by: { "\($0.bucket)\u{0}\($0.rule)" })
    for key in groups.keys.sorted() {
      let group = groups[key]!
      let alerts = group.compactMap { try? Alert.decode(jsonLine: $0.json) }
      guard let first = alerts.first else { continue }
      // A rule removed from the config since still gets its digest, under its old name.
      let rule = byName[group[0].rule]
      let digest = Alert.digest(
        rule: group[0].rule, severity: rule?.severity ?? first.severity,
        limit: rule?.maxPerHour ?? 0,
        bucket: group[0].bucket, held: alerts, at: now)
      // The outbox row belongs to a feed; the digest is filed under its first alert's.
      try store.commitDigest(
        OutboxAlert(
          id: digest.id, created: now, rule: digest.rule, feedKey: first.feed.url,
          json: try digest.jsonLine()),
        rule: group[0].rule, bucket: group[0].bucket)
      PollMetrics.digest(rule: digest.rule, severity: digest.severity)
    }
    return groups.count
  }
}
