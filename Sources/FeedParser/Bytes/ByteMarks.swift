// Tests on eight bytes at a time (a UInt64) or sixteen (SIMD2<UInt64>, which compiles to SSE2 on
// x86-64), for the loops that run over most of a document's bytes. A "mark" is the high bit of a
// byte. The zero-byte tests are exact for the first byte they mark in a word; a borrow may mark
// bytes above it, so the loops stop at the first mark and read on byte by byte from there.

/// True when none of the eight bytes is below 0x20 or above 0x7F.
@inline(__always) func isPrintableASCII(_ word: UInt64) -> Bool {
  (word | controlBits(word)) & 0x8080_8080_8080_8080 == 0
}

/// True when one of the eight bytes equals `byte` (its repetition in every lane).
@inline(__always) func containsByte(_ word: UInt64, _ repeated: UInt64) -> Bool {
  zeroBits(word ^ repeated) & 0x8080_8080_8080_8080 != 0
}

/// The high bit set in the first zero byte of `word` (maybe in some above it).
@inline(__always) func zeroBits(_ word: UInt64) -> UInt64 {
  (word &- 0x0101_0101_0101_0101) & ~word
}

/// The high bit set in the first ASCII byte of `word` below 0x20 (maybe in some above it).
@inline(__always) func controlBits(_ word: UInt64) -> UInt64 {
  (word &- 0x2020_2020_2020_2020) & ~word
}

/// `byte` in each of sixteen bytes.
@inline(__always) func byteLanes(_ byte: UInt64) -> SIMD2<UInt64> {
  SIMD2(repeating: byte &* 0x0101_0101_0101_0101)
}

@inline(__always) func zeroBits(_ words: SIMD2<UInt64>) -> SIMD2<UInt64> {
  (words &- byteLanes(0x01)) & ~words
}

@inline(__always) func controlBits(_ words: SIMD2<UInt64>) -> SIMD2<UInt64> {
  (words &- byteLanes(0x20)) & ~words
}

/// True when `marks` marks none of the sixteen bytes.
@inline(__always) func isUnmarked(_ marks: SIMD2<UInt64>) -> Bool {
  (marks[0] | marks[1]) & 0x8080_8080_8080_8080 == 0
}

/// The number of bytes before the first that `marks` marks (16 when none).
@inline(__always) func unmarkedPrefix(_ marks: SIMD2<UInt64>) -> Int {
  let first = marks[0] & 0x8080_8080_8080_8080
  if first != 0 { return first.trailingZeroBitCount >> 3 }
  return 8 + (marks[1] & 0x8080_8080_8080_8080).trailingZeroBitCount >> 3
}

/// Where, from `start`, the first byte `marks` marks is, sixteen bytes a step; or where fewer
/// than sixteen are left before `count` (the caller reads those one by one).
@inline(__always) func firstMarked(
  _ base: UnsafePointer<UInt8>, from start: Int, count: Int,
  by marks: (UnsafeRawPointer) -> SIMD2<UInt64>
) -> Int {
  var index = start
  while index &+ 16 <= count {
    let found = marks(UnsafeRawPointer(base + index))
    // Branching on the common case keeps the next load independent of this one's test.
    guard isUnmarked(found) else { return index &+ unmarkedPrefix(found) }
    index &+= 16
  }
  return index
}
