#if canImport(Glibc)
  import Glibc
#endif

/// Where the metrics endpoint listens: an IP address literal and a port, written
/// `127.0.0.1:9464` or `[::1]:9464`. A host name is refused: which address it resolves to
/// would decide who can reach the endpoint.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
  public enum Family: Sendable, Equatable {
    case ipv4
    case ipv6
  }

  public var host: String
  public var port: UInt16
  public var family: Family

  /// 0 lets the kernel pick a free port (the log line says which).
  public init?(_ text: String) {
    let hostPart: Substring
    let portPart: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"),
        text[text.index(after: close)...].hasPrefix(":")
      else { return nil }
      hostPart = text[text.index(after: text.startIndex)..<close]
      portPart = text[text.index(close, offsetBy: 2)...]
      family = .ipv6
    } else {
      guard let colon = text.lastIndex(of: ":") else { return nil }
      hostPart = text[..<colon]
      portPart = text[text.index(after: colon)...]
      family = .ipv4
    }
    guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
      portPart.count <= 5, let port = UInt16(portPart)
    else { return nil }
    host = String(hostPart)
    self.port = port
    guard Self.parses(host, family) else { return nil }
  }

  /// Whether only this machine can reach it (127.0.0.0/8 or ::1).
  public var isLoopback: Bool {
    switch family {
    case .ipv4: host.hasPrefix("127.")
    case .ipv6: host == "::1" || host == "0:0:0:0:0:0:0:1"
    }
  }

  public var description: String {
    family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  private static func parses(_ host: String, _ family: Family) -> Bool {
    switch family {
    case .ipv4:
      var address = in_addr()
      return inet_pton(AF_INET, host, &address) == 1
    case .ipv6:
      var address = in6_addr()
      return inet_pton(AF_INET6, host, &address) == 1
    }
  }
}
