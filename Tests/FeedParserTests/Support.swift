import FeedParser
import Foundation
import Testing

/// Bytes of a fixture in Tests/FeedParserTests/Fixtures.
func fixture(_ name: String) throws -> [UInt8] {
  let url = try #require(
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
  return [UInt8](try Data(contentsOf: url))
}

/// Parses a whole buffer, failing the test when no feed comes out.
func parsed(_ bytes: [UInt8], options: FeedParserOptions = FeedParserOptions()) throws -> (
  feed: Feed, items: [FeedItem]
) {
  switch parseFeed(bytes, options: options) {
  case .success(let result): return result
  case .failure(let error):
    Issue.record("parse failed: \(error)")
    throw error
  }
}

func parsed(_ text: String, options: FeedParserOptions = FeedParserOptions()) throws -> (
  feed: Feed, items: [FeedItem]
) {
  try parsed(Array(text.utf8), options: options)
}

/// Feeds `bytes` to a stream parser in chunks of `size` bytes.
func parsedInChunks(_ bytes: [UInt8], size: Int, options: FeedParserOptions = FeedParserOptions())
  -> (
    Result<Feed, ParseError>, [FeedItem]
  )
{
  var items: [FeedItem] = []
  let parser = FeedStreamParser(options: options) { items.append($0) }
  var offset = 0
  bytes.withUnsafeBytes { raw in
    while offset < raw.count {
      let end = min(offset + size, raw.count)
      parser.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
      offset = end
    }
  }
  return (parser.finish(), items)
}

func utc(
  _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0
) -> Date {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "UTC")!
  return calendar.date(
    from: DateComponents(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}
