/// Case and accent folding to lowercase bytes: Latin letters with diacritics become their
/// base ASCII letter ("Baghdād" → "baghdad"), other scripts are lowercased as UTF-8.
enum Folding {
  /// Base letters for U+00C0…U+017F, one character per scalar ("-" = not a letter).
  private static let latin1AndExtendedA: [UInt8] = Array(
    ("aaaaaaaceeeeiiiidnooooo-ouuuuyts" + "aaaaaaaceeeeiiiidnooooo-ouuuuyty"
      + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
      + "nnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs").utf8)

  /// At most this many bytes for one scalar: a lowercase mapping has at most three
  /// scalars, of at most four UTF-8 bytes each.
  static let maxBytesPerScalar = 12

  /// Writes the folded form of `scalar` at `out` (room for `maxBytesPerScalar` bytes)
  /// and returns its length.
  static func write(_ scalar: Unicode.Scalar, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let v = scalar.value
    if v < 0x80 {
      let b = UInt8(v)
      out[0] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
      return 1
    }
    if v >= 0xC0 && v <= 0x17F {
      let b = latin1AndExtendedA[Int(v - 0xC0)]
      if b != UInt8(ascii: "-") {
        out[0] = b
        return 1
      }
    }
    if (v >= 0x180 && v <= 0x24F) || (v >= 0x1E00 && v <= 0x1EFF), let base = latinBase(scalar) {
      out[0] = base
      return 1
    }
    var count = 0
    for lower in scalar.properties.lowercaseMapping.unicodeScalars.prefix(3) {
      for b in String(lower).utf8 {
        out[count] = b
        count += 1
      }
    }
    return count
  }

  /// "LATIN SMALL LETTER H WITH DOT BELOW" → "h": covers the transliteration letters
  /// (ḥ ṣ ṭ ḍ ẓ ā ī ū) without a hand table.
  private static func latinBase(_ scalar: Unicode.Scalar) -> UInt8? {
    guard let name = scalar.properties.name else { return nil }
    for prefix in ["LATIN SMALL LETTER ", "LATIN CAPITAL LETTER "] where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      guard let first = rest.utf8.first, first >= 0x41, first <= 0x5A else { return nil }
      let second = rest.utf8.dropFirst().first
      if second == nil || second == UInt8(ascii: " ") { return first | 0x20 }
    }
    return nil
  }
}
