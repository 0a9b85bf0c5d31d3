import Fetcher
import TestHTTPServer
import Testing

/// A sink's delivery: a POST through the same transfer machinery as a feed's poll.
@Suite struct PostTests {
  private func post(_ body: String, headers: [String], to url: String) -> FetchRequest {
    request(url) {
      $0.maxRedirects = 0
      $0.post = HTTPPost(body: Array(body.utf8), headerLines: headers)
    }
  }

  @Test func bodyAndHeadersReachTheServerWithoutFeedHeaders() async throws {
    let body = String(repeating: "x", count: 4000)  // past libcurl's 100-continue threshold
    try await withServer(responding: .text("ok", status: 202)) { server in
      let fetcher = Fetcher(maxConcurrent: 1, logger: testLogger)
      defer { fetcher.shutdown() }
      let result = fetcher.perform(
        post(
          body, headers: ["Content-Type: text/plain", "X-Test: 1"], to: server.baseURL + "/hook"))
      #expect((try? result.get())?.status == 202)
      let seen = try #require(server.requests.first)
      #expect(seen.method == "POST")
      #expect(seen.body == Array(body.utf8))
      #expect(seen.headers["x-test"] == "1")
      #expect(seen.headers["content-type"] == "text/plain")
      #expect(seen.headers["expect"] == nil)
      #expect(seen.headers["if-none-match"] == nil)
    }
  }

  @Test func aRejectionIsTheStatusAndARedirectIsNotFollowed() async throws {
    let respond: @Sendable (TestRequest) -> TestResponse = { request in
      request.path == "/moved"
        ? TestResponse(status: 301, headers: [("Location", "/hook")]) : .text("no", status: 400)
    }
    try await withServer(respond) { server in
      let fetcher = Fetcher(maxConcurrent: 1, logger: testLogger)
      defer { fetcher.shutdown() }
      let rejected = fetcher.perform(post("{}", headers: [], to: server.baseURL + "/hook"))
      #expect(rejected.error == .http(status: 400))
      let moved = fetcher.perform(post("{}", headers: [], to: server.baseURL + "/moved"))
      #expect(moved.error == .tooManyRedirects)
      #expect(server.requests.count == 2)
    }
  }
}

extension Result where Failure == FetchError {
  fileprivate var error: FetchError? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
