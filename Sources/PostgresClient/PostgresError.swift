/// An error from PostgreSQL or from talking to it. It names the server by its URI without the
/// password, and carries the server's SQLSTATE when the server answered.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The connection could not be made (server down, wrong host, authentication refused).
    case cannotConnect
    /// The connection broke while in use: the operation may or may not have happened.
    case connectionLost
    /// The server refused a statement; `sqlState` says why.
    case server
    /// A value the client cannot read as the type asked for, or a use after closing.
    case client
  }

  public var kind: Kind
  /// The server, as `PostgresURI.redacted` shows it.
  public var server: String
  public var message: String
  /// The five-character SQLSTATE, for `.server` errors.
  public var sqlState: String?

  public init(kind: Kind, server: String, message: String, sqlState: String? = nil) {
    self.kind = kind
    self.server = server
    self.message = message
    self.sqlState = sqlState
  }

  /// A unique or primary key was violated (SQLSTATE 23505).
  public var isUniqueViolation: Bool { sqlState == "23505" }
  /// The transaction lost a serialization conflict or a deadlock and can be retried.
  public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
  /// The connection is gone (or was never made): reconnecting may help, retrying on it cannot.
  public var isConnectionFailure: Bool { kind == .cannotConnect || kind == .connectionLost }

  public var description: String {
    var text = "PostgreSQL \(server): \(message)"
    if let sqlState { text += " (SQLSTATE \(sqlState))" }
    return text
  }
}
