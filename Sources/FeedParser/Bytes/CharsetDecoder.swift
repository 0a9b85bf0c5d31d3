#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns a document's bytes into UTF-8 chunk by chunk, carrying partial characters over
/// chunk boundaries. UTF-8 (and undeclared) input passes through where valid; a byte that
/// is not UTF-8 is read as windows-1252. Other charsets go through iconv.
/// C0 control characters that XML forbids become spaces, so libxml2 does not stop on them.
final class CharsetDecoder {
  private enum Mode {
    case utf8, windows1252
    case iconv(iconv_t)
  }
  private var mode: Mode
  private var carry: [UInt8] = []
  private var output: [UInt8] = []

  init(charset: String) {
    switch charset {
    case "utf-8", "us-ascii", "":
      mode = .utf8
    case "windows-1252", "iso-8859-1":
      // Real feeds labelled ISO-8859-1 use the windows-1252 punctuation in 0x80–0x9F.
      mode = .windows1252
    default:
      let handle = iconv_open("UTF-8", iconvName(charset))
      if Int(bitPattern: handle) == -1 {
        // A charset this system does not know: read as UTF-8, invalid bytes as windows-1252.
        mode = .utf8
      } else {
        mode = .iconv(handle!)
      }
    }
  }

  deinit {
    if case .iconv(let handle) = mode { iconv_close(handle) }
  }

  /// True when the input is read as UTF-8 (with windows-1252 for bytes that are not).
  var readsUTF8: Bool {
    if case .utf8 = mode { return true }
    return false
  }

  /// Decodes `bytes` and hands the UTF-8 result to `emit` (possibly in several pieces).
  func decode(_ bytes: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
    switch mode {
    case .utf8: decodeUTF8(bytes, emit: emit)
    case .windows1252:
      output.removeAll(keepingCapacity: true)
      // ASCII (but a forbidden control) stays as it is, in runs.
      var run = 0
      for index in bytes.indices {
        let byte = bytes[index]
        guard byte >= 0x80 || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) else {
          continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        appendWindows1252(byte)
        run = index + 1
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
      output.withUnsafeBufferPointer(emit)
    case .iconv(let handle): decodeIconv(handle, bytes, emit: emit)
    }
  }

  /// Flushes a partial character left at the end of the input.
  func finish(emit: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard !carry.isEmpty else { return }
    let rest = carry
    carry.removeAll()
    output.removeAll(keepingCapacity: true)
    if case .utf8 = mode {
      for byte in rest { appendWindows1252(byte) }
    } else {
      output.append(contentsOf: [0xEF, 0xBF, 0xBD])
    }
    output.withUnsafeBufferPointer(emit)
  }

  private func decodeUTF8(
    _ input: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var bytes = input
    if !carry.isEmpty {
      // Complete the character split across chunks, then go on with the chunk itself.
      let needed = utf8Length(carry[0])
      var taken = 0
      while carry.count < needed && taken < input.count && input[taken] & 0xC0 == 0x80 {
        carry.append(input[taken])
        taken += 1
      }
      if carry.count < needed && taken == input.count { return }
      let joined = carry
      carry.removeAll()
      joined.withUnsafeBufferPointer { passUTF8($0, emit: emit, keepTail: false) }
      bytes = UnsafeBufferPointer(rebasing: input[taken...])
    }
    passUTF8(bytes, emit: emit, keepTail: true)
  }

  /// Emits valid runs of `bytes` directly; repairs invalid bytes and forbidden controls.
  private func passUTF8(
    _ bytes: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void, keepTail: Bool
  ) {
    let count = bytes.count
    var runStart = 0
    var index = 0
    let base = bytes.baseAddress
    while index < count {
      // Eight bytes at a time while they are printable ASCII (the bulk of any feed).
      while index + 8 <= count,
        isPrintableASCII(UnsafeRawPointer(base! + index).loadUnaligned(as: UInt64.self))
      {
        index += 8
      }
      guard index < count else { break }
      let byte = bytes[index]
      if byte >= 0x20 && byte < 0x80 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        index += 1
        continue
      }
      if byte >= 0x80 {
        let length = utf8Length(byte)
        if length > 1 {
          if index + length > count {
            if keepTail && validContinuation(bytes, from: index, length: count - index) {
              if index > runStart { emit(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
              carry = Array(bytes[index...])
              return
            }
          } else if validSequence(bytes, at: index, length: length) {
            if !isNoncharacterFFFx(bytes, at: index) {
              index += length
              continue
            }
            // U+FFFE and U+FFFF are not XML characters: libxml2 would drop a CDATA section
            // holding one and stop parsing.
            if index > runStart { emit(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            replacementCharacter.withUnsafeBufferPointer(emit)
            index += length
            runStart = index
            continue
          }
        }
      }
      // A byte to repair: flush the valid run, then write its replacement.
      if index > runStart { emit(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
      output.removeAll(keepingCapacity: true)
      if byte >= 0x80 {
        appendWindows1252(byte)
      } else {
        output.append(0x20)
      }
      output.withUnsafeBufferPointer(emit)
      index += 1
      runStart = index
    }
    if count > runStart { emit(UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
  }

  private func decodeIconv(
    _ handle: iconv_t, _ bytes: UnsafeBufferPointer<UInt8>,
    emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var input = carry
    carry.removeAll()
    input.append(contentsOf: bytes)
    output.removeAll(keepingCapacity: true)
    var buffer = [UInt8](repeating: 0, count: max(4096, input.count * 4))
    input.withUnsafeMutableBufferPointer { inBuffer in
      var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      var inLeft = inBuffer.count
      while inLeft > 0 {
        let produced: Int = buffer.withUnsafeMutableBytes { outRaw in
          var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(
            to: CChar.self)
          var outLeft = outRaw.count
          let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
          if result == -1 {
            switch errno {
            case EILSEQ:
              // Skip the bad byte and mark it.
              inPointer = inPointer! + 1
              inLeft -= 1
              let written = outRaw.count - outLeft
              output.append(contentsOf: UnsafeRawBufferPointer(rebasing: outRaw[0..<written]))
              output.append(contentsOf: [0xEF, 0xBF, 0xBD])
              return -1
            case EINVAL:
              // An incomplete character at the end: keep it for the next chunk.
              let start = UnsafeRawPointer(inPointer!).assumingMemoryBound(to: UInt8.self)
              carry = Array(UnsafeBufferPointer(start: start, count: inLeft))
              inLeft = 0
            default: break
            }
          }
          return outRaw.count - outLeft
        }
        if produced > 0 { output.append(contentsOf: buffer[0..<produced]) }
        if produced == 0 && inLeft > 0 && errno != E2BIG && errno != EILSEQ { break }
      }
    }
    output.withUnsafeBufferPointer(emit)
  }

  private func appendWindows1252(_ byte: UInt8) {
    appendRepair(of: byte, to: &output)
  }
}

/// What a byte that cannot stand in a UTF-8 document becomes: a forbidden C0 control becomes a
/// space, and a byte that is not UTF-8 the windows-1252 character it stands for.
func repairScalar(of byte: UInt8) -> UInt32 {
  let scalar: UInt32 =
    byte < 0x80 ? UInt32(byte) : (byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte))
  return scalar < 0x20 && scalar != 9 && scalar != 10 && scalar != 13 ? 0x20 : scalar
}

func appendRepair(of byte: UInt8, to output: inout [UInt8]) {
  withUTF8(of: repairScalar(of: byte)) { output.append(contentsOf: $0) }
}

/// U+FFFD in UTF-8.
private let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

/// Whether the valid three-byte sequence at `index` is U+FFFE or U+FFFF.
@inline(__always) func isNoncharacterFFFx(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int)
  -> Bool
{
  bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
}

private func validContinuation(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, length: Int)
  -> Bool
{
  for offset in 1..<max(1, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
  return true
}

/// glibc's iconv name for a charset label. Labels are lowercased; publishers (and Python's
/// codecs, which accept them) also write `windows_1251` for `windows-1251` and the Mac names
/// that glibc spells differently.
private func iconvName(_ label: String) -> String {
  switch label {
  case "gb2312": return "GB18030"
  case "utf-16": return "UTF-16"
  case "macroman", "mac-roman", "mac_roman": return "MACINTOSH"
  case "maccentraleurope", "maclatin2", "mac-latin2": return "MAC-CENTRALEUROPE"
  case "cp_is", "csibm861": return "IBM861"
  default: return label.replacing("_", with: "-").uppercased()
  }
}

/// windows-1252 code points for bytes 0x80–0x9F (undefined ones map to the C1 control).
private let windows1252High: [UInt32] = [
  0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8D,
  0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
  0x0161, 0x203A,
  0x0153, 0x9D, 0x017E, 0x0178,
]
