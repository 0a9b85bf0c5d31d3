import Config
import Delivery

/// How the commands show a configured sink: its name, its address without secrets, and its
/// settings, never a URL's token, a header's value or a password.
extension Config.Sink {
  var identity: SinkIdentity { SinkIdentity(self) }

  /// e.g. `slack, signed` or `to 2 recipients, STARTTLS, AUTH as alerts`.
  var settings: String {
    var parts: [String] = []
    switch kind {
    case .jsonl, .journal: break
    case .webhook(let webhook):
      parts.append(webhook.format.rawValue)
      if webhook.secret != nil { parts.append("signed") }
      if !webhook.headers.isEmpty {
        parts.append("headers: " + webhook.headers.keys.sorted().joined(separator: ", "))
      }
    case .exec(let exec):
      if exec.command.count > 1 { parts.append("\(exec.command.count - 1) arguments") }
    case .email(let email):
      parts.append("to \(email.to.count) recipient\(email.to.count == 1 ? "" : "s")")
      if email.security == .none {
        parts.append("no TLS")
      } else {
        parts.append(SinkURL.origin(of: email.url).hasPrefix("smtps:") ? "TLS" : "STARTTLS")
      }
      if let username = email.username { parts.append("AUTH as \(username)") }
    }
    if let rules { parts.append("rules: " + rules.joined(separator: ", ")) }
    return parts.joined(separator: ", ")
  }
}
