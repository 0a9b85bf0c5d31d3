#if canImport(Glibc)
  import Glibc
#endif

/// A loopback port that is reserved (bound) but not listening, so every connection to it is
/// refused, and no other server in the process can take it while this object lives.
public final class RefusingPort: @unchecked Sendable {
  public let port: Int
  private let fd: Int32

  public init() throws {
    (fd, port) = try LoopbackSocket.bind(listenBacklog: nil)
  }

  deinit { close(fd) }
}
