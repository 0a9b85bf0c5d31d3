import FeedParser

/// Item HTML → plain text. The input is decoded as UTF-8 (invalid bytes become U+FFFD),
/// as the parser hands it over.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let html = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = HTMLText.plainText(fromHTML: html)
  return 0
}
