import FeedParser

#if canImport(Glibc)
  import Glibc
#endif

/// Bytes → Feed: the whole document at once, then the same bytes in chunks (the daemon
/// streams bodies as they arrive, so chunk boundaries must not matter for safety). The
/// first byte picks the chunk size, 1–64 bytes, so the fuzzer explores the boundaries too.
///
/// Both readings are also made by libxml2 alone. Where libxml2 finds the document well-formed
/// (after the repairs both readers make), the scanner must read it exactly as libxml2 does: a
/// difference is a finding. How each recovers from errors can differ in detail (libxml2's
/// recovery depends on the chunks, and the ampersand repair before it on its own reading of
/// the markup), so broken documents are only read for safety. FEEDWATCH_FUZZ_COMPARE=0 turns
/// the comparison off.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let options = FeedParserOptions(baseURL: "https://example.org/feed")
  let whole = parse(bytes, options: options)
  guard let first = bytes.first else { return 0 }
  let chunkSize = Int(first % 64) + 1
  let chunked = parse(bytes, options: options, chunkSize: chunkSize)
  if comparesReaders {
    var libxml2Options = options
    libxml2Options.libxml2Only = true
    let reference = parse(bytes, options: libxml2Options)
    if reference.errors == 0 && (whole != reference || chunked != reference) {
      fatalError("the scanner and libxml2 read this well-formed document differently")
    }
  }
  return 0
}

/// What a parse gives: the feed or error, and the items with their text read (summaries and
/// content become plain text when read).
private struct Reading: Equatable {
  var outcome: Result<Feed, ParseError>
  var items: [FeedItem]
  var texts: [String?]
  var errors: Int
}

private func parse(_ bytes: [UInt8], options: FeedParserOptions, chunkSize: Int? = nil)
  -> Reading
{
  var items: [FeedItem] = []
  let parser = FeedStreamParser(options: options) { items.append($0) }
  let size = chunkSize ?? max(1, bytes.count)
  var offset = 0
  while offset < bytes.count {
    let end = min(bytes.count, offset + size)
    bytes[offset..<end].withUnsafeBytes { parser.write($0) }
    offset = end
  }
  let outcome = parser.finish()
  return Reading(
    outcome: outcome, items: items, texts: items.flatMap { [$0.summary, $0.content] },
    errors: parser.recoveredErrorCount)
}

private let comparesReaders = getenv("FEEDWATCH_FUZZ_COMPARE").map { String(cString: $0) } != "0"
