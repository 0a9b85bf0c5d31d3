import Fetcher
import Foundation
import TestHTTPServer
import Testing

@Suite struct FetchResponseTests {
  @Test func streamsA200BodyInChunksAfterTheHead() async throws {
    let text = String(repeating: "0123456789", count: 1000)
    try await withServer({ _ in
      var response = TestResponse.text(text, contentType: "application/rss+xml")
      response.headers.append(("ETag", "\"v1\""))
      response.headers.append(("Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT"))
      response.chunkedDelay = 0.01
      response.chunkSize = 2000
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/feed.xml"))
      let response = try #require(handler.response)
      #expect(response.status == 200)
      #expect(response.etag == "\"v1\"")
      #expect(response.lastModified == "Wed, 21 Oct 2026 07:28:00 GMT")
      #expect(response.contentType == "application/rss+xml")
      #expect(response.bodyBytes == text.utf8.count)
      #expect(response.effectiveURL == server.baseURL + "/feed.xml")
      #expect(!response.notModified)
      #expect(handler.body == Array(text.utf8))
      #expect(handler.chunkCount > 1)
      #expect(handler.heads.count == 1)
      #expect(handler.heads.first?.status == 200)
      #expect(handler.heads.first?.headers["etag"] == "\"v1\"")
      #expect(handler.completions == 1)
    }
  }

  @Test func headerNamesAreLowercasedValuesTrimmedAndRepeatsJoined() async throws {
    try await withServer({ _ in
      var response = TestResponse.text("body")
      response.headers.append(("X-Mixed-Case", "  padded value\t"))
      response.headers.append(("Link", "<https://a.example/>"))
      response.headers.append(("link", "<https://b.example/>"))
      response.headers.append(("X-Clock", "12:30:00"))
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/"))
      let headers = try #require(handler.response?.headers)
      #expect(headers["x-mixed-case"] == "padded value")
      #expect(headers["link"] == "<https://a.example/>, <https://b.example/>")
      #expect(headers["x-clock"] == "12:30:00")
      #expect(headers["content-type"] == "text/plain")
      #expect(handler.heads.first?.headers == headers)
    }
  }

  @Test func conditionalGetSendsValidatorsExactlyAsReceived() async throws {
    let etag = "W/\"5e15-153d6d2c6f8\""
    let lastModified = "Tue, 15 Nov 1994 12:45:26 GMT"
    try await withServer({ request in
      request.headers["if-none-match"] == etag ? TestResponse(status: 304) : .text("full body")
    }) { server in
      let handler = await fetchOnce(
        request(server.baseURL + "/feed") {
          $0.etag = etag
          $0.lastModified = lastModified
        })
      let response = try #require(handler.response)
      #expect(response.notModified)
      #expect(response.bodyBytes == 0)
      #expect(handler.heads.isEmpty)
      let seen = try #require(server.requests.first)
      #expect(seen.headers["if-none-match"] == etag)
      #expect(seen.headers["if-modified-since"] == lastModified)
    }
  }

  @Test func noValidatorsMeansNoConditionalHeaders() async throws {
    try await withServer({ _ in .text("body") }) { server in
      _ = await fetchOnce(request(server.baseURL + "/"))
      let seen = try #require(server.requests.first)
      #expect(seen.headers["if-none-match"] == nil)
      #expect(seen.headers["if-modified-since"] == nil)
    }
  }

  @Test func gzipBodyIsDecompressed() async throws {
    let text = String(repeating: "<item><title>compressible</title></item>\n", count: 500)
    let compressed = try gzipped(Array(text.utf8))
    try await withServer({ _ in
      TestResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/feed"))
      #expect(handler.response?.bodyBytes == text.utf8.count)
      #expect(handler.body == Array(text.utf8))
      #expect(server.requests.first?.headers["accept-encoding"]?.contains("gzip") == true)
    }
  }

  @Test func sendsTheCallersUserAgent() async throws {
    try await withServer({ _ in .text("ok") }) { server in
      _ = await fetchOnce(request(server.baseURL + "/"))
      _ = await fetchOnce(FetchRequest(url: server.baseURL + "/other", userAgent: "custom-agent/2"))
      #expect(
        server.requests.map { $0.headers["user-agent"] } == [
          FeedwatchVersion.userAgent, "custom-agent/2",
        ])
      #expect(
        FeedwatchVersion.userAgent == "feedwatch/0.1.0 (+https://github.com/feedwatch/feedwatch)")
    }
  }

  @Test func handlerCanAbortAtTheHead() async throws {
    try await withServer({ _ in .text("<html>not a feed</html>", contentType: "text/html") }) {
      server in
      let handler = await fetchOnce(request(server.baseURL + "/")) { head in
        head.contentType != "text/html"
      }
      #expect(handler.error == .aborted)
      #expect(handler.body.isEmpty)
      #expect(handler.completions == 1)
    }
  }

  @Test func emptySuccessfulBodyStillGetsAHead() async throws {
    try await withServer({ _ in TestResponse(status: 200) }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/"))
      #expect(handler.response?.bodyBytes == 0)
      #expect(handler.heads.count == 1)
    }
  }

  @Test func readsAFileURL() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fetcher-\(UUID().uuidString).xml")
    let text = "<rss><channel><title>local</title></channel></rss>"
    try Data(text.utf8).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    let handler = await fetchOnce(request("file://" + path.path))
    let response = try #require(handler.response)
    #expect(response.status == 200)
    #expect(handler.body == Array(text.utf8))
    #expect(handler.heads.count == 1)
  }
}

@Suite struct RequestHeaderTests {
  @Test func validatorsCannotInjectHeaders() async throws {
    try await withServer({ _ in .text("ok") }) { server in
      _ = await fetchOnce(
        request(server.baseURL + "/") {
          $0.etag = "\"v1\"\r\nX-Injected: etag"
          $0.lastModified = "Tue, 15 Nov 1994 12:45:26 GMT\nX-Other: date"
          $0.userAgent = "agent\r\nX-Agent: injected"
        })
      let seen = try #require(server.requests.first)
      #expect(seen.headers["x-injected"] == nil)
      #expect(seen.headers["x-other"] == nil)
      #expect(seen.headers["x-agent"] == nil)
      #expect(seen.headers["if-none-match"] == "\"v1\"X-Injected: etag")
    }
  }

  @Test func handlerCanAbortMidBody() async throws {
    try await withServer({ _ in
      var response = TestResponse(body: [UInt8](repeating: 66, count: 8000))
      response.chunkedDelay = 0.01
      response.chunkSize = 1000
      return response
    }) { server in
      let fetcher = Fetcher(maxConcurrent: 2, logger: testLogger)
      defer { fetcher.shutdown() }
      let handler = StopAfterFirstChunk()
      fetcher.fetch(request(server.baseURL + "/"), handler: handler)
      await handler.recorder.completion()
      #expect(handler.recorder.error == .aborted)
      #expect(handler.recorder.chunkCount == 1)
      #expect(handler.recorder.completions == 1)
    }
  }

  @Test func shutdownFromACompletionHandlerAbortsTheRest() async throws {
    try await withServer({ request in
      var response = TestResponse.text("ok")
      if request.path != "/fast" { response.delay = 10 }
      return response
    }) { server in
      let fetcher = Fetcher(maxConcurrent: 4, logger: testLogger)
      let slow = (0..<3).map { _ in RecordingHandler() }
      for handler in slow { fetcher.fetch(request(server.baseURL + "/slow"), handler: handler) }
      let fast = RecordingHandler()
      fast.onComplete = { fetcher.shutdown() }
      fetcher.fetch(request(server.baseURL + "/fast"), handler: fast)
      for handler in slow { await handler.completion() }
      #expect(fast.response?.status == 200)
      #expect(slow.allSatisfy { $0.error == .aborted && $0.completions == 1 })
    }
  }
}

/// Accepts the first body chunk, then asks to stop.
final class StopAfterFirstChunk: TransferHandler, @unchecked Sendable {
  let recorder = RecordingHandler()
  func didReceiveHead(_ head: ResponseHead) -> Bool { recorder.didReceiveHead(head) }
  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    _ = recorder.didReceive(chunk)
    return false
  }
  func didComplete(_ result: Result<FetchResponse, FetchError>) { recorder.didComplete(result) }
}
