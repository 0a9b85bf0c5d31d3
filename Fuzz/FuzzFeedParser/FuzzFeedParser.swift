import FeedParser

/// Bytes → Feed: the whole document at once, then the same bytes in chunks (the daemon
/// streams bodies as they arrive, so chunk boundaries must not matter for safety). The
/// first byte picks the chunk size, 1–64 bytes, so the fuzzer explores the boundaries too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if case .success(let parsed) = parseFeed(
    bytes, options: FeedParserOptions(baseURL: "https://example.org/feed"))
  {
    // Summaries and content become plain text when read.
    for item in parsed.items { _ = (item.summary, item.content) }
  }

  guard let first = bytes.first else { return 0 }
  let chunkSize = Int(first % 64) + 1
  var itemCount = 0
  let parser = FeedStreamParser(options: FeedParserOptions()) { _ in itemCount += 1 }
  var offset = 0
  while offset < bytes.count {
    let end = min(bytes.count, offset + chunkSize)
    bytes[offset..<end].withUnsafeBytes { parser.write($0) }
    offset = end
  }
  _ = parser.finish()
  return 0
}
