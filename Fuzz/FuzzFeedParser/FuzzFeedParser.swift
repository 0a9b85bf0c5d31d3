import FeedParser

/// Bytes → Feed: the whole document at once, then the same bytes in small chunks (the
/// daemon streams bodies as they arrive, so chunk boundaries must not matter for safety).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = parseFeed(bytes, options: FeedParserOptions(baseURL: "https://example.org/feed"))

  var itemCount = 0
  let parser = FeedStreamParser(options: FeedParserOptions()) { _ in itemCount += 1 }
  var offset = 0
  while offset < bytes.count {
    let end = min(bytes.count, offset + 7)
    bytes[offset..<end].withUnsafeBytes { parser.write($0) }
    offset = end
  }
  _ = parser.finish()
  return 0
}
