/// The check every list entry's URL passes: feedwatch polls http(s) feeds from lists.
enum WebURL {
  /// Why `url` cannot be polled, or nil when it can.
  static func problem(_ url: String) -> SkippedEntry.Reason? {
    let bytes = url.utf8
    let scheme = hasPrefix(bytes, "https://") ? 8 : hasPrefix(bytes, "http://") ? 7 : 0
    guard scheme > 0 else { return .notWeb(url: url) }
    let host = bytes.dropFirst(scheme).prefix {
      $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
    }
    guard !host.isEmpty, !bytes.contains(where: { $0 <= 0x20 }) else { return .invalidURL(url) }
    return nil
  }

  /// Whether `bytes` starts with the lowercase ASCII `prefix`, in any case.
  private static func hasPrefix(_ bytes: String.UTF8View, _ prefix: StaticString) -> Bool {
    let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    guard bytes.count >= expected.count else { return false }
    return zip(bytes, expected).allSatisfy { $0 | 0x20 == $1 || $0 == $1 }
  }
}
