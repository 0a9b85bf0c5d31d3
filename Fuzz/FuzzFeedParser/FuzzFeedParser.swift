import FeedParser

#if canImport(Glibc)
  import Glibc
#endif

/// Bytes → Feed: the whole document at once, then the same bytes in chunks (the daemon
/// streams bodies as they arrive, so chunk boundaries must not matter for safety). The
/// first byte picks the chunk size, 1–64 bytes, so the fuzzer explores the boundaries too.
///
/// Both readings are also made by libxml2 alone. Where libxml2 reads the document the same
/// whole and in chunks, the scanner must read it as libxml2 does: a difference is a finding.
/// (In broken documents libxml2's recovery can depend on the chunks; those are not compared.)
/// FEEDWATCH_FUZZ_COMPARE=0 turns the comparison off.
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
    if reference == parse(bytes, options: libxml2Options, chunkSize: chunkSize),
      whole != reference || chunked != reference
    {
      fatalError("the scanner and libxml2 read this document differently")
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
    outcome: outcome, items: items, texts: items.flatMap { [$0.summary, $0.content] })
}

private let comparesReaders = getenv("FEEDWATCH_FUZZ_COMPARE").map { String(cString: $0) } != "0"
