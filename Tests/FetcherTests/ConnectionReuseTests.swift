import Fetcher
import Foundation
import Testing

@Suite struct ConnectionReuseTests {
  /// Keep-alive: a host's feeds go over the connections its politeness budget allows, not one
  /// connection per feed.
  @Test func requestsToOneHostReuseItsConnections() async throws {
    let server = try KeepAliveServer(body: Array("<rss version=\"2.0\"><channel/></rss>".utf8))
    defer { server.stop() }
    let fetcher = Fetcher(
      maxConcurrent: 8, logger: testLogger,
      politeness: HostPoliteness(maxConcurrentPerHost: 2, minimumSpacing: 0))
    defer { fetcher.shutdown() }
    let handlers = (0..<20).map { _ in RecordingHandler() }
    for (index, handler) in handlers.enumerated() {
      fetcher.fetch(request(server.baseURL + "/feed-\(index).xml"), handler: handler)
    }
    for handler in handlers { await handler.completion() }
    #expect(handlers.allSatisfy { $0.response?.status == 200 })
    #expect(server.requestCount == 20)
    #expect((1...2).contains(server.connectionCount))
  }
}
