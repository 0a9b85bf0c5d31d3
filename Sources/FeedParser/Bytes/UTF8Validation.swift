/// The length of the UTF-8 sequence `lead` starts: 2…4, or 1 for ASCII and for bytes that cannot
/// start a sequence.
func utf8Length(_ lead: UInt8) -> Int {
  switch lead {
  case 0xC2...0xDF: return 2
  case 0xE0...0xEF: return 3
  case 0xF0...0xF4: return 4
  default: return 1
  }
}

/// Whether the `length` bytes at `index` (all present) are one valid sequence: no overlong
/// form, surrogate or code point above U+10FFFF.
func validSequence(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
  let lead = bytes[index]
  let second = bytes[index + 1]
  switch lead {
  case 0xE0: if second < 0xA0 || second > 0xBF { return false }
  case 0xED: if second < 0x80 || second > 0x9F { return false }
  case 0xF0: if second < 0x90 || second > 0xBF { return false }
  case 0xF4: if second < 0x80 || second > 0x8F { return false }
  default: if second & 0xC0 != 0x80 { return false }
  }
  for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
  return true
}

/// Whether `bytes` are valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
/// U+10FFFF), eight ASCII bytes at a time.
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard let base = bytes.baseAddress else { return true }
  var index = 0
  while index < bytes.count {
    while index + 8 <= bytes.count,
      UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
    {
      index += 8
    }
    guard index < bytes.count else { break }
    let length = utf8Length(base[index])
    if length == 1 {
      guard base[index] < 0x80 else { return false }
    } else {
      guard index + length <= bytes.count, validSequence(bytes, at: index, length: length)
      else { return false }
    }
    index += length
  }
  return true
}

/// A String of bytes that are valid UTF-8 by construction: the HTML→text output (runs of its
/// valid input cut only at ASCII bytes, and characters it decoded) and plain text with its
/// whitespace collapsed. Both parser paths hand out only valid UTF-8, so checking again cost 5%
/// of a parse; debug builds still check.
func string(fromValidUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String {
  assert(isValidUTF8(bytes), "bytes made from valid UTF-8 are not UTF-8")
  return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII(bytes)))
}

/// Whether all bytes are below 0x80, eight at a time (most texts with a letter beyond ASCII
/// have one early on).
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard let base = bytes.baseAddress else { return true }
  var index = 0
  while index + 8 <= bytes.count {
    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
    if word & 0x8080_8080_8080_8080 != 0 { return false }
    index += 8
  }
  while index < bytes.count {
    if base[index] >= 0x80 { return false }
    index += 1
  }
  return true
}

/// The UTF-8 form of `scalar` (a Unicode scalar value), handed to `body`.
@inline(__always) func withUTF8(of scalar: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
  var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
  let count: Int
  if scalar < 0x80 {
    bytes.0 = UInt8(scalar)
    count = 1
  } else if scalar < 0x800 {
    bytes = (UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F), 0, 0)
    count = 2
  } else if scalar < 0x10000 {
    bytes = (
      UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F), 0
    )
    count = 3
  } else {
    bytes = (
      UInt8(0xF0 | scalar >> 18), UInt8(0x80 | (scalar >> 12) & 0x3F),
      UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)
    )
    count = 4
  }
  withUnsafeBytes(of: &bytes) { raw in
    body(UnsafeBufferPointer(start: raw.bindMemory(to: UInt8.self).baseAddress, count: count))
  }
}
