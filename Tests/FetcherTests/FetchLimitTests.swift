import Fetcher
import Foundation
import TestHTTPServer
import Testing

@Suite struct FetchLimitTests {
  @Test func bodyOverTheLimitIsRefused() async throws {
    try await withServer({ _ in TestResponse(body: [UInt8](repeating: 65, count: 5000)) }) {
      server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.maxBytes = 1000 })
      #expect(handler.error == .tooLarge(limit: 1000))
      #expect(handler.body.count <= 1000)
    }
  }

  @Test func bodyExactlyAtTheLimitIsAccepted() async throws {
    try await withServer({ _ in TestResponse(body: [UInt8](repeating: 65, count: 1000)) }) {
      server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.maxBytes = 1000 })
      #expect(handler.response?.bodyBytes == 1000)
    }
  }

  @Test func limitCountsDecompressedBytes() async throws {
    let expanded = [UInt8](repeating: 65, count: 200_000)
    let compressed = try gzipped(expanded)
    #expect(compressed.count < 10_000)
    try await withServer({ _ in
      TestResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.maxBytes = 10_000 })
      #expect(handler.error == .tooLarge(limit: 10_000))
    }
  }

  @Test func endlessBodyIsAbortedAtTheCap() async throws {
    try await withServer({ _ in
      var response = TestResponse(body: [UInt8](repeating: 65, count: 16_384))
      response.chunkedDelay = 0
      response.chunkSize = 16_384
      response.endless = true
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.maxBytes = 100_000 })
      #expect(handler.error == .tooLarge(limit: 100_000))
      #expect(handler.body.count <= 100_000)
      #expect(handler.body.count > 50_000)
    }
  }

  @Test func gzipBombIsAbortedAtTheCap() async throws {
    // 20 MB of zeros, about 20 KB on the wire.
    let compressed = try gzipped([UInt8](repeating: 0, count: 20 << 20))
    #expect(compressed.count < 100_000)
    try await withServer({ _ in
      TestResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.maxBytes = 1 << 20 })
      #expect(handler.error == .tooLarge(limit: 1 << 20))
      #expect(handler.body.count <= 1 << 20)
    }
  }

  @Test func slowDripServerTimesOut() async throws {
    // A byte every 20 ms never stalls the connection, yet the whole transfer takes too long.
    try await withServer({ _ in
      var response = TestResponse(body: [UInt8](repeating: 65, count: 2000))
      response.chunkedDelay = 0.02
      response.chunkSize = 1
      return response
    }) { server in
      // 3 s: long enough for the first bytes to arrive on a slow (sanitizer) run, far shorter
      // than the 40 s the whole body takes.
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.timeout = 3 })
      #expect(handler.error == .timeout(3))
      #expect(handler.body.count > 0)
      #expect(handler.body.count < 2000)
    }
  }

  @Test func slowServerTimesOut() async throws {
    try await withServer({ _ in
      var response = TestResponse.text("late")
      response.delay = 5
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.timeout = 0.3 })
      #expect(handler.error == .timeout(0.3))
    }
  }

  @Test func stalledBodyTimesOut() async throws {
    try await withServer({ _ in
      var response = TestResponse(body: [UInt8](repeating: 65, count: 4))
      response.chunkedDelay = 5
      response.chunkSize = 1
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.timeout = 0.3 })
      #expect(handler.error == .timeout(0.3))
    }
  }

  @Test func refusedConnectionIsAConnectError() async throws {
    let handler = try await withRefusingPort { port in
      await fetchOnce(request("http://127.0.0.1:\(port)/feed"))
    }
    guard case .connect = handler.error else {
      Issue.record("expected a connect error, got \(String(describing: handler.result))")
      return
    }
  }

  @Test func tlsHandshakeFailureIsATLSError() async throws {
    try await withServer({ _ in .text("plain HTTP only") }) { server in
      let handler = await fetchOnce(request("https://127.0.0.1:\(server.port)/feed"))
      guard case .tls = handler.error else {
        Issue.record("expected a TLS error, got \(String(describing: handler.result))")
        return
      }
    }
  }

  @Test func unansweredConnectTimesOutWithTheConnectTimeout() async throws {
    let handler = try await withUnresponsivePort { port in
      await fetchOnce(
        request("http://127.0.0.1:\(port)/feed") {
          $0.connectTimeout = 0.3
          $0.timeout = 20
        })
    }
    #expect(handler.error == .timeout(0.3))
  }

  @Test func unsupportedSchemeIsRefused() async throws {
    let handler = await fetchOnce(request("ftp://127.0.0.1/feed"))
    guard case .protocolRefused = handler.error else {
      Issue.record("expected protocolRefused, got \(String(describing: handler.result))")
      return
    }
  }

  @Test func malformedURLIsInvalid() async throws {
    let handler = await fetchOnce(request("http://"))
    guard case .invalidURL = handler.error else {
      Issue.record("expected invalidURL, got \(String(describing: handler.result))")
      return
    }
  }
}
