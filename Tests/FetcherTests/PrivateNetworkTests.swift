import Foundation
import TestHTTPServer
import Testing

@testable import Fetcher

#if canImport(Glibc)
  import Glibc
#endif

/// Every server a test can start is on loopback, which `denyPrivateNetworks` refuses: the direct
/// cases use the real policy; the redirect case uses a policy that lets one port through, to
/// show that the redirect target's connection is judged too.
@Suite struct PrivateNetworkTests {
  @Test func loopbackIsRefusedWhenPrivateNetworksAreDenied() async throws {
    try await withServer(responding: .text("feed")) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.denyPrivateNetworks = true })
      #expect(handler.error == .privateAddressRefused("127.0.0.1"))
      #expect(handler.heads.isEmpty)
      #expect(server.requests.isEmpty)
      #expect(
        handler.error?.description
          == "The server's address 127.0.0.1 is on a loopback, private or link-local network, which the config's \"denyPrivateNetworks\": true refuses."
      )
    }
  }

  @Test func loopbackIsReachedByDefault() async throws {
    try await withServer(responding: .text("feed")) { server in
      let handler = await fetchOnce(request(server.baseURL + "/"))
      #expect(handler.response?.status == 200)
      #expect(handler.body == Array("feed".utf8))
    }
  }

  @Test func aNameResolvingToLoopbackIsRefused() async throws {
    try await withServer(responding: .text("feed")) { server in
      let handler = await fetchOnce(
        request("http://localhost:\(server.port)/") { $0.denyPrivateNetworks = true })
      guard case .privateAddressRefused(let address) = handler.error else {
        Issue.record("expected a refusal, got \(String(describing: handler.result))")
        return
      }
      #expect(address == "127.0.0.1" || address == "::1")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func redirectToAPrivateAddressIsRefused() async throws {
    try await withServer(responding: .text("internal secrets")) { inside in
      try await withServer(responding: .redirect(to: inside.baseURL + "/admin", status: 301)) {
        outside in
        // Stands in for a public address: only the first server's port passes.
        let allowedPort = UInt16(outside.port)
        let fetcher = Fetcher(
          maxConcurrent: 2, logger: testLogger, politeness: .unlimited,
          addressPolicy: { address in
            let port = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
              UInt16(bigEndian: $0.pointee.sin_port)
            }
            return port == allowedPort ? nil : AddressPolicy.refusal(of: address)
          })
        defer { fetcher.shutdown() }
        let handler = RecordingHandler()
        fetcher.fetch(
          request(outside.baseURL + "/feed") { $0.denyPrivateNetworks = true }, handler: handler)
        await handler.completion()
        #expect(outside.requests.count == 1)
        #expect(inside.requests.isEmpty)
        #expect(handler.error == .privateAddressRefused("127.0.0.1"))
        #expect(handler.body.isEmpty)
      }
    }
  }

  /// Through an explicit proxy the connect-time check sees only the proxy, so the URL's own
  /// host is judged: a private address (in any of the forms libcurl reads) or localhost is
  /// refused before the proxy is asked.
  @Test(arguments: [
    ("http://192.168.1.20/feed", "192.168.1.20"), ("http://2130706433/feed", "127.0.0.1"),
    ("http://[::1]:8080/feed", "::1"), ("http://LocalHost/feed", "localhost"),
    ("http://admin.localhost/feed", "admin.localhost"),
  ])
  func aPrivateHostIsRefusedThroughAProxy(url: String, refused: String) async throws {
    try await withServer(responding: .text("via proxy")) { proxy in
      let handler = await fetchOnce(
        request(url) {
          $0.denyPrivateNetworks = true
          $0.proxy = proxy.baseURL
        })
      #expect(handler.error == .privateAddressRefused(refused))
      #expect(proxy.requests.isEmpty)
    }
  }

  @Test func aRedirectToAPrivateHostIsRefusedThroughAProxy() async throws {
    try await withServer(responding: .redirect(to: "http://10.1.2.3/admin", status: 302)) { proxy in
      let handler = await fetchOnce(
        request("http://feeds.example.invalid/rss") {
          $0.denyPrivateNetworks = true
          $0.proxy = proxy.baseURL
        })
      #expect(handler.error == .privateAddressRefused("10.1.2.3"))
      #expect(proxy.requests.count == 1)
      #expect(handler.body.isEmpty)
    }
  }

  @Test func anExplicitProxyIsTheOperatorsChoice() async throws {
    // The connection goes to the proxy (here on loopback), not to the feed's host.
    try await withServer(responding: .text("via proxy")) { proxy in
      let handler = await fetchOnce(
        request("http://feeds.example.invalid/rss") {
          $0.denyPrivateNetworks = true
          $0.proxy = proxy.baseURL
        })
      #expect(handler.response?.status == 200)
      #expect(proxy.requests.count == 1)
    }
  }
}
