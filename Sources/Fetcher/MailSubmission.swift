/// One message to hand to an SMTP server: the envelope, the message itself and how to reach
/// the server. The message is already RFC 5322 text with CRLF line ends.
public struct MailSubmission: Sendable {
  /// `smtps://host:465` (TLS from the start) or `smtp://host:587`.
  public var url: String
  /// The envelope sender (MAIL FROM), a bare address.
  public var from: String
  /// The envelope recipients (RCPT TO), bare addresses.
  public var recipients: [String]
  public var message: [UInt8]
  public var username: String?
  public var password: String?
  /// On smtp://, STARTTLS is required (the send fails without it); false only for a relay
  /// on loopback.
  public var requireTLS: Bool
  /// CA certificates to trust instead of the system's.
  public var caFile: String?
  /// Seconds for the whole exchange.
  public var timeout: Double
  public var connectTimeout: Double

  public init(
    url: String, from: String, recipients: [String], message: [UInt8], username: String? = nil,
    password: String? = nil, requireTLS: Bool = true, caFile: String? = nil, timeout: Double = 30,
    connectTimeout: Double = 10
  ) {
    self.url = url
    self.from = from
    self.recipients = recipients
    self.message = message
    self.username = username
    self.password = password
    self.requireTLS = requireTLS
    self.caFile = caFile
    self.timeout = timeout
    self.connectTimeout = connectTimeout
  }
}

/// The server's last reply: its code and its text as sent (continuation lines joined by a
/// space), e.g. `250 2.0.0 Ok: queued as 4F2A1`.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
  public var code: Int
  public var text: String

  public init(code: Int, text: String) {
    self.code = code
    self.text = text
  }

  public var description: String { text.isEmpty ? "\(code)" : text }
}

/// Why a message was not accepted.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A 5xx reply (a recipient or sender refused, authentication failed, the message refused):
  /// sending it again would get the same answer.
  case rejected(SMTPReply)
  /// A 4xx reply: the server asks to try again later.
  case deferred(SMTPReply)
  /// The server does not offer STARTTLS on smtp://, which the submission requires.
  case noTLS(String)
  /// The connection: DNS, connect, TLS, timeout, or the server closing it.
  case transfer(FetchError)

  public var description: String {
    switch self {
    case .rejected(let reply): "The mail server refused the message: \(reply)."
    case .deferred(let reply): "The mail server deferred the message: \(reply)."
    case .noTLS(let detail):
      "The mail server does not offer STARTTLS, which the sink requires (\(detail)); "
        + "use smtps://, or \"tls\": \"none\" for a relay on loopback."
    case .transfer(let error): "\(error)"
    }
  }
}
