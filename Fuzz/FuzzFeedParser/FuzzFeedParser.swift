import FeedParser

#if canImport(Glibc)
  import Glibc
#endif

/// Bytes → Feed: the whole document at once, then the same bytes in chunks (the daemon
/// streams bodies as they arrive, so chunk boundaries must not matter for safety). The
/// first byte picks the chunk size, 1–64 bytes, so the fuzzer explores the boundaries too.
/// The whole document is also read by libxml2 alone: when the two readers disagree, that is a
/// finding (FEEDWATCH_FUZZ_COMPARE=0 turns the comparison off).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let options = FeedParserOptions(baseURL: "https://example.org/feed")
  let scanned = parseFeed(bytes, options: options)
  if case .success(let parsed) = scanned {
    // Summaries and content become plain text when read.
    for item in parsed.items { _ = (item.summary, item.content) }
  }
  if comparesReaders {
    var libxml2Options = options
    libxml2Options.libxml2Only = true
    let reference = parseFeed(bytes, options: libxml2Options)
    switch (scanned, reference) {
    case (.success(let a), .success(let b)) where a.feed == b.feed && a.items == b.items: break
    case (.failure(let a), .failure(let b)) where a == b: break
    default: fatalError("the scanner and libxml2 read this document differently")
    }
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

private let comparesReaders = getenv("FEEDWATCH_FUZZ_COMPARE").map { String(cString: $0) } != "0"
