import Foundation
import TestHTTPServer
import Testing

@testable import Fetcher

@Suite struct CacheLifetimeTests {
  private static let date = "Sun, 06 Nov 1994 08:49:37 GMT"
  private var date: String { Self.date }

  @Test func maxAgeGivesTheLifetime() {
    #expect(freshnessLifetime(["cache-control": "public, max-age=600"]) == 600)
    #expect(freshnessLifetime(["cache-control": "max-age=\"90\""]) == 90)
    #expect(freshnessLifetime(["cache-control": "Max-Age=30, must-revalidate"]) == 30)
  }

  @Test func maxAgeWinsOverExpires() {
    let headers = [
      "cache-control": "max-age=60", "date": date, "expires": "Sun, 06 Nov 1994 09:49:37 GMT",
    ]
    #expect(freshnessLifetime(headers) == 60)
  }

  @Test func sharedCacheMaxAgeIsIgnored() {
    #expect(freshnessLifetime(["cache-control": "s-maxage=900, max-age=60"]) == 60)
    #expect(freshnessLifetime(["cache-control": "s-maxage=900"]) == nil)
  }

  @Test func noCacheAndNoStoreMeanZero() {
    #expect(freshnessLifetime(["cache-control": "no-cache"]) == 0)
    #expect(freshnessLifetime(["cache-control": "max-age=600, no-store"]) == 0)
    #expect(
      freshnessLifetime(["cache-control": "no-cache", "expires": "Sun, 06 Nov 2094 08:49:37 GMT"])
        == 0)
  }

  @Test func malformedMaxAgeIsStale() {
    #expect(freshnessLifetime(["cache-control": "max-age=soon"]) == 0)
    #expect(freshnessLifetime(["cache-control": "max-age=-5"]) == 0)
  }

  @Test func expiresMinusDateInEveryHTTPDateForm() {
    #expect(freshnessLifetime(["date": date, "expires": "Sun, 06 Nov 1994 09:49:37 GMT"]) == 3600)
    #expect(freshnessLifetime(["date": date, "expires": "Sunday, 06-Nov-94 08:59:37 GMT"]) == 600)
    #expect(freshnessLifetime(["date": date, "expires": "Sun Nov  6 08:50:37 1994"]) == 60)
  }

  @Test func expiresWithoutDateCountsFromNow() {
    let now = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    #expect(freshnessLifetime(["expires": "Sun, 06 Nov 1994 08:51:37 GMT"], now: now) == 120)
  }

  @Test func pastOrInvalidExpiresIsStale() {
    #expect(freshnessLifetime(["date": date, "expires": "Sat, 05 Nov 1994 08:49:37 GMT"]) == 0)
    #expect(freshnessLifetime(["date": date, "expires": "0"]) == 0)
    #expect(freshnessLifetime(["date": date, "expires": "-1"]) == 0)
    #expect(freshnessLifetime(["date": date, "expires": "never"]) == 0)
  }

  @Test func noCachingHeadersMeanNoLifetime() {
    #expect(freshnessLifetime([:]) == nil)
    #expect(freshnessLifetime(["date": date, "cache-control": "public"]) == nil)
  }

  @Test func responseCarriesTheLifetime() async throws {
    try await withServer({ _ in
      var response = TestResponse.text("feed")
      response.headers.append(("Cache-Control", "max-age=300"))
      return response
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/"))
      #expect(handler.response?.freshFor == 300)
    }
  }

  @Test func notModifiedCarriesTheLifetimeToo() async throws {
    try await withServer({ _ in
      TestResponse(
        status: 304, headers: [("Date", Self.date), ("Expires", "Sun, 06 Nov 1994 08:59:37 GMT")])
    }) { server in
      let handler = await fetchOnce(request(server.baseURL + "/") { $0.etag = "\"v1\"" })
      #expect(handler.response?.status == 304)
      #expect(handler.response?.freshFor == 600)
    }
  }
}
