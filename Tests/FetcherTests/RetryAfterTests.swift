import Testing

@testable import Fetcher

@Suite struct RetryAfterTests {
  @Test func parsesDelaySeconds() {
    #expect(parseRetryAfter("120") == 120)
    #expect(parseRetryAfter(" 0 ") == 0)
  }

  @Test func parsesHTTPDateFormsRelativeToNow() {
    let now = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    #expect(parseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == 60)
    #expect(parseRetryAfter("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == 60)
    #expect(parseRetryAfter("Sun Nov  6 08:50:37 1994", now: now) == 60)
  }

  @Test func pastDateMeansNoWait() {
    #expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_777 + 500) == 0)
  }

  @Test func rejectsGarbage() {
    #expect(parseRetryAfter("soon") == nil)
    #expect(parseRetryAfter("-5") == nil)
    #expect(parseRetryAfter("") == nil)
  }
}
