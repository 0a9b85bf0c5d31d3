import Testing

@testable import Fetcher

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct AddressPolicyTests {
  private func ipv4(_ text: String) -> UInt32 {
    var address = in_addr()
    precondition(inet_pton(AF_INET, text, &address) == 1, text)
    return UInt32(bigEndian: address.s_addr)
  }

  private func ipv6(_ text: String) -> [UInt8] {
    var address = in6_addr()
    precondition(inet_pton(AF_INET6, text, &address) == 1, text)
    return withUnsafeBytes(of: address) { Array($0) }
  }

  @Test(arguments: [
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
    "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.251", "239.255.255.250",
    "255.255.255.255",
  ])
  func refusesLocalIPv4(_ address: String) {
    #expect(AddressPolicy.isPrivate(ipv4: ipv4(address)))
  }

  @Test(arguments: [
    "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.167.1.1", "192.169.0.1",
    "169.253.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1", "126.255.255.255", "128.0.0.1",
    "223.255.255.255",
  ])
  func allowsPublicIPv4(_ address: String) {
    #expect(!AddressPolicy.isPrivate(ipv4: ipv4(address)))
  }

  @Test(arguments: [
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:192.168.0.10", "64:ff9b::10.0.0.1",
  ])
  func refusesLocalIPv6(_ address: String) {
    #expect(AddressPolicy.isPrivate(ipv6: ipv6(address)))
  }

  @Test(arguments: [
    "2001:4860:4860::8888", "2a00:1450::1", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "::2",
    "fbff::1",
  ])
  func allowsPublicIPv6(_ address: String) {
    #expect(!AddressPolicy.isPrivate(ipv6: ipv6(address)))
  }

  @Test func namesTheRefusedAddress() {
    var v4 = sockaddr_in()
    v4.sin_family = sa_family_t(AF_INET)
    v4.sin_addr.s_addr = in_addr_t(0x0a00_0005).bigEndian
    let refused = withUnsafePointer(to: &v4) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { AddressPolicy.refusal(of: $0) }
    }
    #expect(refused == "10.0.0.5")

    var v6 = sockaddr_in6()
    v6.sin6_family = sa_family_t(AF_INET6)
    inet_pton(AF_INET6, "fe80::1", &v6.sin6_addr)
    let refused6 = withUnsafePointer(to: &v6) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { AddressPolicy.refusal(of: $0) }
    }
    #expect(refused6 == "fe80::1")

    var public4 = sockaddr_in()
    public4.sin_family = sa_family_t(AF_INET)
    public4.sin_addr.s_addr = in_addr_t(0x0808_0808).bigEndian
    let allowed = withUnsafePointer(to: &public4) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { AddressPolicy.refusal(of: $0) }
    }
    #expect(allowed == nil)
  }
}
