#if canImport(Glibc)
  import Glibc
#endif

/// A loopback port that is reserved (bound) but not listening, so every connection to it is
/// refused, and no other server in the process can take it while this object lives.
public final class RefusingPort: @unchecked Sendable {
  public let port: Int
  private let fd: Int32

  public init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard fd >= 0, bound else {
      if fd >= 0 { close(fd) }
      throw TestHTTPServerError.socket(errno)
    }
    self.fd = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(fd) }
}
