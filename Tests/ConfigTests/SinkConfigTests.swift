import Foundation
import Testing

@testable import Config

/// The "sinks" list: names, the e-mail sink's keys, ntfy, and errors naming field and fix.
@Suite struct SinkConfigTests {
  func parse(_ sinks: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(
      Data(#"{"rules": [{"name": "r", "when": "topic:withdrawal"}], "sinks": \#(sinks)}"#.utf8),
      file: "/etc/feedwatch/config.json")
  }

  @Test func sinksAreNamedByTypeAndHostUnlessNamed() throws {
    let config = try parse(
      #"""
      [{"type": "jsonl", "path": "alerts.jsonl"},
       {"type": "webhook", "url": "https://Hooks.Example.org/a?token=x"},
       {"type": "webhook", "url": "https://hooks.example.org/b", "name": "webhook-hooks.example.org-2"},
       {"type": "webhook", "url": "https://hooks.example.org/c"},
       {"type": "journal"},
       {"type": "exec", "command": ["/usr/bin/apprise", "-c", "x"]},
       {"type": "email", "url": "smtps://smtp.example.org:465", "from": "a@example.org", "to": "b@example.org"}]
      """#)
    #expect(
      config.sinks.map(\.name) == [
        "jsonl-alerts.jsonl", "webhook-hooks.example.org", "webhook-hooks.example.org-2",
        "webhook-hooks.example.org-3", "journal", "exec-apprise", "email-smtp.example.org",
      ])
    #expect(config.sinks[1].shownAddress == "https://hooks.example.org")
    #expect(config.sink(named: "exec-apprise")?.shownAddress == "/usr/bin/apprise")
  }

  @Test func anEmailSinkReadsEveryKey() throws {
    let config = try parse(
      #"""
      [{"type": "email", "name": "desk", "url": "smtp://relay.example.org:587",
        "from": "Feedwatch <alerts@example.org>", "to": ["desk@example.org", "duty@example.org"],
        "username": "alerts", "passwordFile": "smtp.pw", "subject": "{rule}: {title}",
        "caFile": "/etc/ssl/private-ca.pem", "timeout": "20s", "rules": ["r"]}]
      """#)
    guard case .email(let email) = config.sinks[0].kind else {
      Issue.record("not an email sink")
      return
    }
    #expect(email.from == "Feedwatch <alerts@example.org>")
    #expect(email.to == ["desk@example.org", "duty@example.org"])
    #expect(email.passwordFile == "/etc/feedwatch/smtp.pw")
    #expect(email.security == .required)
    #expect(email.subject == "{rule}: {title}")
    #expect(email.timeout == 20)
    #expect(config.sinks[0].rules == ["r"])
    #expect(MailAddress.bare(email.from) == "alerts@example.org")
  }

  @Test func plainSMTPToAnotherHostIsAllowedWithAWarning() throws {
    let loopback = try parse(
      #"[{"type": "email", "url": "smtp://127.0.0.1:25", "tls": "none", "from": "a@x.org", "to": ["b@x.org"]}]"#
    )
    #expect(loopback.warnings.isEmpty)
    let remote = try parse(
      #"[{"type": "email", "url": "smtp://relay.example.org", "tls": "none", "from": "a@x.org", "to": ["b@x.org"]}]"#
    )
    #expect(remote.warnings.map(\.field) == ["sinks[0].tls"])
  }

  @Test func ntfyIsAWebhookFormat() throws {
    let config = try parse(
      #"[{"type": "webhook", "url": "https://ntfy.sh/desk", "format": "ntfy"}]"#)
    guard case .webhook(let webhook) = config.sinks[0].kind else {
      Issue.record("not a webhook")
      return
    }
    #expect(webhook.format == .ntfy)
  }

  @Test(arguments: [
    (
      #"[{"type": "jsonl", "path": "a", "name": "x"}, {"type": "journal", "name": "x"}]"#,
      "sinks[1].name", "already the name of sinks[0]"
    ),
    (#"[{"type": "journal", "name": "two words"}]"#, "sinks[0].name", "not a sink name"),
    (
      #"[{"type": "email", "url": "smtps://u:pw@smtp.example.org", "from": "a@x.org", "to": ["b@x.org"]}]"#,
      "sinks[0].url", "give them as \"username\" and \"passwordFile\""
    ),
    (
      #"[{"type": "email", "url": "https://smtp.example.org", "from": "a@x.org", "to": ["b@x.org"]}]"#,
      "sinks[0].url", "not an SMTP server URL"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "a@x.org", "to": []}]"#,
      "sinks[0].to", "needs recipients"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "a@x.org", "to": ["b at x.org"]}]"#,
      "sinks[0].to[0]", "not a mail address"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "nobody", "to": ["b@x.org"]}]"#,
      "sinks[0].from", "not a mail address"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "a@x.org", "to": ["b@x.org"], "username": "u"}]"#,
      "sinks[0].passwordFile", "needs both"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "a@x.org", "to": ["b@x.org"], "tls": "none"}]"#,
      "sinks[0].tls", "cannot apply to smtps://"
    ),
    (
      #"[{"type": "email", "url": "smtps://smtp.example.org", "from": "a@x.org", "to": ["b@x.org"], "subject": "{host}"}]"#,
      "sinks[0].subject", "{host} is not a subject field"
    ),
    (
      #"[{"type": "webhook", "url": "https://h.org", "format": "teams"}]"#, "sinks[0].format",
      "ntfy"
    ),
    (#"[{"type": "sms"}]"#, "sinks[0].type", "email"),
  ])
  func errorsNameTheFieldAndTheFix(json: String, field: String, message: String) {
    do {
      _ = try parse(json)
      Issue.record("expected an error for \(json)")
    } catch {
      #expect(error.field == field, "\(error)")
      #expect(error.description.contains(message), "\(error)")
    }
  }
}
