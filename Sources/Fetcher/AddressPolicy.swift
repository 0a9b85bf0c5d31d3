import CCurl

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which resolved addresses a request with `denyPrivateNetworks` may not connect to: anything
/// that reaches this machine or its local networks rather than the public internet.
///
/// IPv4: 0/8 (unspecified, "this network"), 10/8, 100.64/10 (carrier-grade NAT), 127/8,
/// 169.254/16 (link-local), 172.16/12, 192.168/16, 224/4 (multicast), 240/4 (reserved and
/// broadcast). IPv6: :: and ::1, fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10
/// (the former site-local), ff00::/8 (multicast); an IPv4 address carried in an IPv6 one
/// (::ffff:a.b.c.d, 64:ff9b::a.b.c.d) is judged as the IPv4 address.
enum AddressPolicy {
  /// Whether an IPv4 address (host byte order) is private, local, multicast or unspecified.
  static func isPrivate(ipv4 address: UInt32) -> Bool {
    let a = address >> 24
    let b = (address >> 16) & 0xff
    switch a {
    case 0, 10, 127: return true
    case 100: return (64..<128).contains(b)
    case 169: return b == 254
    case 172: return (16..<32).contains(b)
    case 192: return b == 168
    case 224...255: return true
    default: return false
    }
  }

  /// Whether a 16-byte IPv6 address (network byte order) is private, local, multicast or unspecified.
  static func isPrivate(ipv6 bytes: [UInt8]) -> Bool {
    precondition(bytes.count == 16)
    let first = bytes[0]
    let second = bytes[1]
    if first == 0xff { return true }  // multicast
    if first & 0xfe == 0xfc { return true }  // fc00::/7
    if first == 0xfe && second & 0xc0 == 0x80 { return true }  // fe80::/10
    if first == 0xfe && second & 0xc0 == 0xc0 { return true }  // fec0::/10
    if bytes[0..<15].allSatisfy({ $0 == 0 }) && (bytes[15] == 0 || bytes[15] == 1) {
      return true  // :: and ::1
    }
    let ipv4Mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
    let nat64: [UInt8] = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
    if ipv4Mapped || bytes[0..<12].elementsEqual(nat64) {
      let embedded = bytes[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      return isPrivate(ipv4: embedded)
    }
    return false
  }

  /// The textual address when `address` is one that `denyPrivateNetworks` refuses; nil when
  /// it is allowed. Families other than IPv4 and IPv6 (Unix sockets) are refused.
  static func refusal(of address: UnsafePointer<sockaddr>) -> String? {
    switch Int32(address.pointee.sa_family) {
    case AF_INET:
      let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
      let hostOrder = UInt32(bigEndian: ipv4.sin_addr.s_addr)
      let bytes = withUnsafeBytes(of: ipv4.sin_addr) { Array($0) }
      return isPrivate(ipv4: hostOrder) ? text(family: AF_INET, of: bytes) : nil
    case AF_INET6:
      let ipv6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
      let bytes = withUnsafeBytes(of: ipv6.sin6_addr) { Array($0) }
      return isPrivate(ipv6: bytes) ? text(family: AF_INET6, of: bytes) : nil
    default:
      return "address family \(address.pointee.sa_family)"
    }
  }

  /// Through a proxy the connect-time check only sees the proxy, so the URL itself is judged:
  /// the host of `url` when it names this machine or a private network by itself (an IP
  /// address in a refused range, `localhost` or a name under it), else nil. What a name
  /// resolves to at the proxy cannot be seen from here.
  static func refusal(ofHostIn url: String) -> String? {
    guard let parsed = curl_url() else { return nil }
    defer { curl_url_cleanup(parsed) }
    var text: UnsafeMutablePointer<CChar>?
    // libcurl's parser also rewrites numeric IPv4 forms ("2130706433", "0x7f.1") as dotted quads.
    guard curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK,
      curl_url_get(parsed, CURLUPART_HOST, &text, 0) == CURLUE_OK, let text
    else { return nil }
    defer { curl_free(text) }
    let host = String(cString: text).lowercased()
    let bare =
      host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare == "localhost" || bare.hasSuffix(".localhost") { return bare }
    var ipv4 = in_addr()
    if inet_pton(AF_INET, bare, &ipv4) == 1 {
      return isPrivate(ipv4: UInt32(bigEndian: ipv4.s_addr)) ? bare : nil
    }
    var ipv6 = in6_addr()
    if inet_pton(AF_INET6, bare, &ipv6) == 1 {
      return isPrivate(ipv6: withUnsafeBytes(of: ipv6) { Array($0) }) ? bare : nil
    }
    return nil
  }

  /// `bytes`: the address in network byte order (4 or 16 bytes).
  private static func text(family: Int32, of bytes: [UInt8]) -> String {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
    return String(
      decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
