#if canImport(Glibc)
  public import Glibc
#endif

/// A close-on-exec TCP socket bound to a loopback address (127.0.0.1 unless told) on a port
/// the kernel picks: the one place the test servers and reserved ports get their sockets.
public enum LoopbackSocket {
  /// Binds a new socket, and listens on it with `backlog` unless nil. The caller owns `fd`.
  /// `lastOctet`: 127.0.0.`lastOctet` (all of 127/8 is loopback on Linux), so that tests can
  /// have several hosts.
  public static func bind(listenBacklog backlog: Int32?, lastOctet: UInt8 = 1) throws -> (
    fd: Int32, port: Int
  ) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw TestHTTPServerError.socket(errno) }
    var address = address(port: 0, lastOctet: lastOctet)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.bind(fd, $0, length) == 0 && (backlog.map { listen(fd, $0) == 0 } ?? true)
          && getsockname(fd, $0, &length) == 0
      }
    }
    guard ready else {
      let code = errno
      close(fd)
      throw TestHTTPServerError.socket(code)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// 127.0.0.1:`port` (or 127.0.0.`lastOctet`), for connecting to it.
  public static func address(port: Int, lastOctet: UInt8 = 1) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port)).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7f00_0000 | UInt32(lastOctet)).bigEndian
    return address
  }
}
