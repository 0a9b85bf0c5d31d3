import Fetcher
import TestHTTPServer
import Testing

@Suite struct ProxyTests {
  @Test func requestGoesToTheProxyInAbsoluteForm() async throws {
    try await withServer({ _ in .text("<rss/>", contentType: "application/rss+xml") }) { proxy in
      // The feed's host does not exist: only the proxy is ever contacted.
      let handler = await fetchOnce(
        request("http://feeds.example.invalid/news/rss.xml?x=1") { $0.proxy = proxy.baseURL })
      #expect(handler.response?.status == 200)
      #expect(handler.body == Array("<rss/>".utf8))
      let seen = try #require(proxy.requests.first)
      #expect(seen.path == "http://feeds.example.invalid/news/rss.xml?x=1")
      #expect(seen.headers["host"] == "feeds.example.invalid")
    }
  }

  @Test func proxyThatCannotBeReachedIsAConnectError() async throws {
    let handler = try await withRefusingPort { port in
      await fetchOnce(
        request("http://feeds.example.invalid/rss") { $0.proxy = "http://127.0.0.1:\(port)" })
    }
    guard case .connect = handler.error else {
      Issue.record("expected a connect error, got \(String(describing: handler.result))")
      return
    }
  }
}
