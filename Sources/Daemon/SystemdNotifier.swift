#if canImport(Glibc)
  public import Glibc
#endif

/// sd_notify without libsystemd: one datagram to $NOTIFY_SOCKET per message.
public struct SystemdNotifier: Sendable {
  private let socketPath: String?

  public init(environment socketPath: String? = getenv("NOTIFY_SOCKET").map { String(cString: $0) })
  {
    self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
  }

  public var isActive: Bool { socketPath != nil }

  /// The watchdog interval systemd expects pings at, when WatchdogSec= is set for this process.
  public static var watchdogInterval: Double? {
    guard let usec = getenv("WATCHDOG_USEC").flatMap({ Double(String(cString: $0)) }), usec > 0
    else { return nil }
    if let pid = getenv("WATCHDOG_PID").flatMap({ Int32(String(cString: $0)) }), pid != getpid() {
      return nil
    }
    return usec / 1_000_000
  }

  /// Sends one message. Never blocks: when the receiver is not reading, the message is dropped
  /// (a wedged notify socket must not stall the scheduler).
  @discardableResult
  public func notify(_ message: String) -> Bool {
    guard let socketPath else { return false }
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    // An abstract socket is written "@name": its first byte is NUL and the length is exact.
    var pathBytes = Array(socketPath.utf8)
    if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard pathBytes.count < capacity else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: pathBytes)
    }
    let length = socklen_t(
      MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
    let bytes = Array(message.utf8)
    let sent = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { addr in
        sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), addr, length)
      }
    }
    return sent == bytes.count
  }
}
