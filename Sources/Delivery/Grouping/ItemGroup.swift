import Hashing
import Store
import Watch

/// The alerts one item raised, delivered as one notification by a sink with `group: item`.
/// A group of one is sent exactly as the alert; a group of several as
/// `{"v": 1, "group": "item", "id": …, "severity": …, "alerts": [ … ]}`, each alert as its line.
struct ItemGroup {
  /// The outbox rows with their alerts decoded, in outbox order.
  var members: [(delivery: PendingDelivery, pending: PendingAlert)]

  /// The item an alert is about: its feed and item key (alerts of one item are committed
  /// together, by one poll).
  static func key(_ pending: PendingAlert) -> String {
    pending.row.feedKey + "\u{0}" + (pending.alert?.item.key ?? pending.row.id)
  }

  /// The alerts of each item, groups in the order of their first alert. When `more` (the
  /// batch was cut at its limit), the last group may continue past it and is left for the
  /// next batch, unless it is the only one.
  static func groups(_ batch: [PendingDelivery], more: Bool) -> [ItemGroup] {
    var groups: [ItemGroup] = []
    var index: [String: Int] = [:]
    for row in batch {
      let delivery = (delivery: row, pending: PendingAlert(row.alert))
      let key = key(delivery.pending)
      if let at = index[key] {
        groups[at].members.append(delivery)
      } else {
        index[key] = groups.count
        groups.append(ItemGroup(members: [delivery]))
      }
    }
    if more, groups.count > 1 { groups.removeLast() }
    return groups
  }

  /// Stable for the set of alerts it holds.
  var id: String {
    if members.count == 1 { return members[0].delivery.alert.id }
    let ids = members.map(\.delivery.alert.id).sorted().joined(separator: "\u{0}")
    return String(Digest.sha256Hex("item-group\u{0}" + ids).prefix(32))
  }

  /// The payload for a group of several; each alert in it highest severity first.
  var payload: SinkPayload {
    let decoded = members.map(\.pending)
    let ordered = decoded.enumerated().sorted { lhs, rhs in
      let (left, right) = (
        lhs.element.alert?.severity ?? .info, rhs.element.alert?.severity ?? .info
      )
      return left != right ? left > right : lhs.offset < rhs.offset
    }.map(\.element)
    let severity = ordered.first?.alert?.severity ?? .info
    let json =
      #"{"alerts":["# + ordered.map(\.row.json).joined(separator: ",") + #"],"group":"item","id":""#
      + id + #"","severity":""# + severity.rawValue + #"","v":1}"#
    let first = ordered.first?.alert
    let rules = ordered.map(\.row.rule)
    let title =
      "[\(severity.rawValue)] \(rules.joined(separator: ", ")): \(first?.item.title ?? "(untitled)")"
    var lines = ["\(title)"]
    if let feed = first?.feed.name { lines.append("feed: \(feed)") }
    if let link = first?.item.link { lines.append(link) }
    for pending in ordered {
      guard let alert = pending.alert else {
        lines.append("\(pending.row.rule)")
        continue
      }
      var line = "\(alert.rule) (\(alert.severity.rawValue))"
      if let match = alert.matches.first { line += " · \(match.kind) \(match.term): \(match.text)" }
      lines.append(line)
    }
    return SinkPayload(
      kind: .group, id: id, json: json, title: title, text: lines.joined(separator: "\n"),
      severity: severity, rules: rules, alertCount: members.count, link: first?.item.link,
      feed: first?.feed.name)
  }
}
