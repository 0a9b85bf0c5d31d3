/// What `/readyz` answers: ready, or the reasons it is not (each one sentence).
public enum Readiness: Sendable, Equatable {
  case ready
  case notReady([String])
}

/// The endpoint's bounds: a client gets this much of the server and no more.
public struct ServerLimits: Sendable {
  /// The request's head (request line and header fields) must fit.
  public var maxRequestBytes = 8192
  /// The head must arrive within this many seconds of the connection's accept (else 408).
  public var requestTimeout: Double = 5
  /// A connection is closed this long after its accept, whatever it is doing.
  public var connectionLifetime: Double = 15
  /// Connections open at once; more are closed at once on accept.
  public var maxConnections = 16

  public init() {}
}
