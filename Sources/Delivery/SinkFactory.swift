package import Config
package import Fetcher
package import Logging

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The sinks a config names, each ready to deliver (a jsonl sink's file is open, an e-mail
/// sink's password read).
package enum SinkFactory {
  /// Webhooks post through `fetcher`, which the caller shuts down after delivery stops.
  package static func sinks(for config: Config, fetcher: Fetcher, logger: Logger) throws
    -> [any AlertSink]
  {
    try config.sinks.map { try sink($0, fetcher: fetcher, logger: logger) }
  }

  package static func sink(_ sink: Config.Sink, fetcher: Fetcher, logger: Logger) throws
    -> any AlertSink
  {
    let rules = sink.rules.map(Set.init)
    switch sink.kind {
    case .jsonl(let path):
      let log = AlertLog(path: path)
      try log.reopen()
      return JSONLSink(identity: SinkIdentity(sink), log: log, rules: rules)
    case .journal:
      return JournalSink(identity: SinkIdentity(sink), rules: rules, logger: logger)
    case .webhook(let webhook):
      return WebhookSink(
        identity: SinkIdentity(sink), webhook: webhook, rules: rules, fetcher: fetcher)
    case .exec(let exec):
      return ExecSink(
        identity: SinkIdentity(sink), command: exec.command, timeout: exec.timeout, rules: rules)
    case .email(let email):
      let password = try email.passwordFile.map { try readPassword($0, sink: sink.name) }
      return EmailSink(
        identity: SinkIdentity(sink, password: password), email: email, password: password,
        rules: rules)
    }
  }

  /// The password file's first line (a trailing newline is not part of it).
  static func readPassword(_ path: String, sink: String) throws(DaemonError) -> String {
    guard let line = PasswordFile.firstLine(of: path) else {
      throw DaemonError(
        "sink \(sink): cannot read its passwordFile \(path) (does it exist, and may this user "
          + "read it? With systemd, LoadCredential= makes it readable by the service alone)")
    }
    guard !line.isEmpty else {
      throw DaemonError("sink \(sink): its passwordFile \(path) is empty")
    }
    return line
  }
}
