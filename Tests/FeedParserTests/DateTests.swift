import FeedParser
import Foundation
import Testing

@Suite struct DateTests {
  private func published(_ text: String, offset: Int = 0) throws -> Date? {
    let (_, items) = try parsed(
      "<rss version=\"2.0\"><channel><item><title>t</title><pubDate>\(text)</pubDate></item></channel></rss>",
      options: FeedParserOptions(defaultTimeZoneOffset: offset))
    return items.first?.published
  }

  @Test(arguments: [
    ("Wed, 31 Dec 2003 10:14:55 GMT", utc(2003, 12, 31, 10, 14, 55)),
    ("Wed, 31 Dec 2003 10:14:55 +0100", utc(2003, 12, 31, 9, 14, 55)),
    ("31 Dec 2003 10:14:55 -0500", utc(2003, 12, 31, 15, 14, 55)),
    ("Wed, 31 Dec 03 10:14:55 EST", utc(2003, 12, 31, 15, 14, 55)),
    ("Wednesday, 31 December 2003 10:14 PDT", utc(2003, 12, 31, 17, 14)),
    ("Wed, 1 Jan 2003 10:14:55 Z", utc(2003, 1, 1, 10, 14, 55)),
    ("Wed,31 Dec 2003 10:14:55 +01:00", utc(2003, 12, 31, 9, 14, 55)),
    ("Thu, 01 Jan 04 19:48:21 GMT+02:00", utc(2004, 1, 1, 17, 48, 21)),
    ("2003-12-31T10:14:55Z", utc(2003, 12, 31, 10, 14, 55)),
    ("2003-12-31T10:14:55.123-08:00", utc(2003, 12, 31, 18, 14, 55)),
    ("2003-12-31", utc(2003, 12, 31)),
    ("20031231T101455Z", utc(2003, 12, 31, 10, 14, 55)),
    ("2003-12-31 10:14:55", utc(2003, 12, 31, 10, 14, 55)),
    ("Sun Jan  4 16:29:06 2004", utc(2004, 1, 4, 16, 29, 6)),
  ])
  func formats(text: String, expected: Date) throws {
    #expect(try published(text) == expected)
  }

  @Test func zonelessDateUsesDefaultZone() throws {
    #expect(
      try published("Wed, 31 Dec 2003 10:14:55", offset: 3600) == utc(2003, 12, 31, 9, 14, 55))
    #expect(try published("2003-12-31T10:14:55", offset: -7200) == utc(2003, 12, 31, 12, 14, 55))
  }

  @Test func nonsenseIsNoDate() throws {
    #expect(try published("yesterday afternoon") == nil)
    #expect(try published("Wed, 32 Dec 2003 10:14:55 GMT") == nil)
  }
}
