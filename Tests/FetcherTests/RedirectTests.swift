import Fetcher
import TestHTTPServer
import Testing

@Suite struct RedirectTests {
  /// "/hop/N" redirects to "/hop/N-1"; "/hop/0" is the feed.
  private static let chain: @Sendable (TestRequest) -> TestResponse = { request in
    guard request.path.hasPrefix("/hop/"), let n = Int(request.path.dropFirst(5)) else {
      return .text("?", status: 404)
    }
    return n == 0 ? .text("feed") : .redirect(to: "/hop/\(n - 1)")
  }

  @Test func followsUpToTheRedirectLimit() async throws {
    try await withServer(Self.chain) { server in
      let handler = await fetchOnce(request(server.baseURL + "/hop/5"))
      let response = try #require(handler.response)
      #expect(response.effectiveURL == server.baseURL + "/hop/0")
      #expect(response.permanentRedirect == nil)
      #expect(handler.body == Array("feed".utf8))
      #expect(handler.heads.first?.effectiveURL == server.baseURL + "/hop/0")
    }
  }

  @Test func oneRedirectTooManyFails() async throws {
    try await withServer(Self.chain) { server in
      let handler = await fetchOnce(request(server.baseURL + "/hop/6"))
      #expect(handler.error == .tooManyRedirects)
    }
  }

  @Test func redirectLoopIsStopped() async throws {
    try await withServer({ request in
      .redirect(to: request.path == "/a" ? "/b" : "/a")
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/a") { $0.maxRedirects = 5 })
      #expect(handler.error == .tooManyRedirects)
      // The first request and five redirects followed, then no more.
      #expect(server.requests.count == 6)
    }
  }

  @Test func permanentRedirectIsRecorded() async throws {
    try await withServer({ request in
      switch request.path {
      case "/old": .redirect(to: "/new", status: 301)
      case "/new": .text("feed")
      default: .text("?", status: 404)
      }
    }) { server in
      let response = try #require(await fetchOnce(request(server.baseURL + "/old")).response)
      #expect(response.permanentRedirect == server.baseURL + "/new")
      #expect(response.effectiveURL == server.baseURL + "/new")
    }
  }

  @Test func permanentChainRecordsItsLastPermanentTarget() async throws {
    try await withServer({ request in
      switch request.path {
      case "/a": .redirect(to: "/b", status: 308)
      case "/b": .redirect(to: "/c", status: 301)
      case "/c": .redirect(to: "/d", status: 302)
      case "/d": .text("feed")
      default: .text("?", status: 404)
      }
    }) { server in
      let response = try #require(await fetchOnce(request(server.baseURL + "/a")).response)
      #expect(response.permanentRedirect == server.baseURL + "/c")
      #expect(response.effectiveURL == server.baseURL + "/d")
    }
  }

  @Test func temporaryFirstHopRecordsNoPermanentRedirect() async throws {
    try await withServer({ request in
      switch request.path {
      case "/a": .redirect(to: "/b", status: 302)
      case "/b": .redirect(to: "/c", status: 301)
      case "/c": .text("feed")
      default: .text("?", status: 404)
      }
    }) { server in
      let response = try #require(await fetchOnce(request(server.baseURL + "/a")).response)
      #expect(response.permanentRedirect == nil)
    }
  }

  @Test func redirectToAFileURLIsRefused() async throws {
    try await withServer({ _ in .redirect(to: "file:///etc/hostname", status: 301) }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/feed"))
      guard case .protocolRefused = handler.error else {
        Issue.record("expected protocolRefused, got \(String(describing: handler.result))")
        return
      }
      #expect(handler.body.isEmpty)
    }
  }
}
