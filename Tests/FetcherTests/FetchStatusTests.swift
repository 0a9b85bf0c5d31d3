import Fetcher
import TestHTTPServer
import Testing

@Suite struct FetchStatusTests {
  private func outcome(for response: TestResponse) async throws -> RecordingHandler {
    try await withServer({ _ in response }) { server in
      await fetchOnce(request(server.baseURL + "/feed"))
    }
  }

  @Test func notFoundAndServerErrorAreHTTPErrors() async throws {
    #expect(try await outcome(for: .text("missing", status: 404)).error == .http(status: 404))
    #expect(try await outcome(for: .text("broken", status: 500)).error == .http(status: 500))
  }

  @Test func goneIsReported() async throws {
    #expect(try await outcome(for: .text("gone", status: 410)).error == .gone)
  }

  @Test func forbiddenAndUnauthorizedAreBlocked() async throws {
    #expect(try await outcome(for: .text("no", status: 403)).error == .blocked(status: 403))
    #expect(try await outcome(for: .text("no", status: 401)).error == .blocked(status: 401))
  }

  @Test func errorBodiesAreNotDelivered() async throws {
    let handler = try await outcome(for: .text("missing", status: 404))
    #expect(handler.heads.isEmpty)
    #expect(handler.body.isEmpty)
  }

  @Test func tooManyRequestsCarriesRetryAfterSeconds() async throws {
    var response = TestResponse.text("slow down", status: 429)
    response.headers.append(("Retry-After", "120"))
    #expect(try await outcome(for: response).error == .rateLimited(status: 429, retryAfter: 120))
  }

  @Test func unavailableCarriesRetryAfterDate() async throws {
    var response = TestResponse.text("later", status: 503)
    response.headers.append(("Retry-After", httpDate(secondsFromNow: 3600)))
    guard case .rateLimited(503, let retryAfter?) = try await outcome(for: response).error else {
      Issue.record("expected rateLimited with a Retry-After")
      return
    }
    #expect((3590...3600).contains(retryAfter))
  }

  @Test func rateLimitWithoutRetryAfter() async throws {
    #expect(
      try await outcome(for: .text("busy", status: 429)).error
        == .rateLimited(status: 429, retryAfter: nil))
  }

  @Test func errorDescriptionsNameTheCause() {
    #expect(FetchError.gone.description == "The feed is gone (HTTP 410).")
    #expect(FetchError.timeout(30).description == "The server did not answer within 30 seconds.")
    #expect(
      FetchError.rateLimited(status: 429, retryAfter: 120).description
        == "The server is rate limiting (HTTP 429) and asks to retry in 120 seconds.")
  }
}
