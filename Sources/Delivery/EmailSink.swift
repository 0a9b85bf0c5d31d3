import Config
import Fetcher
import Store

/// Mails each alert to the sink's recipients through its SMTP server (`SMTPClient`, libcurl).
/// Accepted is delivered; a 5xx reply (a recipient refused, authentication failed) and a
/// server without the STARTTLS the sink requires are parked with the server's reply; a 4xx
/// reply and connection failures are retried with backoff. The Message-ID comes from the alert
/// id (a group's or a digest's id), so a message sent again after a lost answer is
/// recognisable as the same message.
package final class EmailSink: AlertSink {
  let email: Config.Sink.Email
  /// Read from `passwordFile` when the sink was made.
  private let password: String?
  package let rules: Set<String>?
  package let identity: SinkIdentity

  init(identity: SinkIdentity, email: Config.Sink.Email, password: String?, rules: Set<String>?) {
    self.identity = identity
    self.email = email
    self.password = password
    self.rules = rules
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    // After a retry the server is unreachable or deferring: the rest would fare no better
    // now. A refused (parked) message does not hold the next one back.
    DeliveryOutcome.inOrder(batch, stoppingAt: \.isRetry) { send($0).outcome }
  }

  package func probe(_ alert: PendingAlert) -> SinkAnswer { send(alert) }

  private func send(_ pending: PendingAlert) -> SinkAnswer {
    submit(AlertMail.message(for: pending, email: email, sinkName: identity.name))
  }

  /// Submits one message to the sink's server; the outcome follows the server's reply.
  func submit(_ message: MailMessage) -> SinkAnswer {
    let submission = MailSubmission(
      url: email.url, from: MailAddress.bare(email.from) ?? email.from, recipients: email.to,
      message: message.rendered(), username: email.username, password: password,
      requireTLS: email.security == .required, caFile: email.caFile, timeout: email.timeout,
      connectTimeout: min(email.timeout, 10))
    let shown = identity.shown
    switch SMTPClient.send(submission) {
    case .success(let reply):
      return SinkAnswer(outcome: .delivered, reply: reply.description)
    case .failure(.rejected(let reply)):
      return SinkAnswer(
        outcome: .park("\(shown) refused the message: \(reply); not retried"),
        reply: reply.description)
    case .failure(.deferred(let reply)):
      return SinkAnswer(
        outcome: .retry("\(shown) deferred the message: \(reply)"), reply: reply.description)
    case .failure(let error) where error.isMissingTLS:
      // Retrying would not make the server offer it; sending without it is not allowed.
      return SinkAnswer(outcome: .park("\(shown): \(error)"), reply: "")
    case .failure(let error):
      return SinkAnswer(outcome: .retry("\(shown): \(error)"), reply: "")
    }
  }
}

extension MailError {
  var isMissingTLS: Bool {
    if case .noTLS = self { return true }
    return false
  }
}
