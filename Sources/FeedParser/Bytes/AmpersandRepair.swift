#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Escapes the `&` that real feeds leave bare ("?a=1&b=2"), which libxml2 would otherwise
/// drop together with the name after it, and turns `&#X41;` into `&#x41;`. Works on UTF-8
/// chunk by chunk: CDATA sections and comments pass untouched, and a construct cut by a
/// chunk boundary is carried over to the next chunk.
final class AmpersandRepair {
  private enum State { case text, cdata, comment }
  private var state = State.text
  private var carry: [UInt8] = []
  private static let cdataOpen = Array("<![CDATA[".utf8)
  private static let commentOpen = Array("<!--".utf8)
  private static let escapedAmpersand = Array("&amp;".utf8)
  private static let lowercaseHexReference = Array("&#x".utf8)
  /// "&lt;" and "&gt;" as little-endian 32-bit words.
  private static let lessThanReference = UInt32(littleEndianBytes: "&lt;")
  private static let greaterThanReference = UInt32(littleEndianBytes: "&gt;")
  /// Longest reference looked at before calling an `&` bare.
  private static let lookahead = 40

  func process(
    _ input: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    if carry.isEmpty {
      scan(input, final: final, emit: emit)
    } else {
      var joined = carry
      carry.removeAll()
      joined.append(contentsOf: input)
      joined.withUnsafeBufferPointer { scan($0, final: final, emit: emit) }
    }
  }

  private func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    guard let base = bytes.baseAddress else { return }
    let count = bytes.count
    // A local copy: reading a stored property per byte costs an exclusivity check each time.
    var state = self.state
    defer { self.state = state }
    var runStart = 0
    var index = 0
    func flush(_ end: Int) {
      if end > runStart { emit(UnsafeBufferPointer(start: base + runStart, count: end - runStart)) }
    }
    func keepRest(from position: Int) {
      flush(position)
      carry = Array(UnsafeBufferPointer(start: base + position, count: count - position))
      runStart = count
      index = count
    }
    while index < count {
      switch state {
      case .cdata, .comment:
        // Skip to the closing "]]>" or "-->".
        let mark: UInt8 = state == .cdata ? 0x5D : 0x2D  // "]" or "-"
        if let found = memchr(base + index, Int32(mark), count - index) {
          index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        } else {
          index = count
        }
        guard index < count else { break }
        if index + 3 > count && !final {
          keepRest(from: index)
          return
        }
        if index + 3 <= count && base[index + 1] == mark && base[index + 2] == 0x3E {
          state = .text
          index += 3
        } else {
          index += 1
        }
      case .text:
        // Only "&" and "<!" matter, so look for "&" and "!" eight bytes at a time: in markup
        // "!" is far rarer than "<". A chunk ending in "<" keeps it for the next one, so the
        // byte before a "!" is always at hand.
        while index + 8 <= count {
          let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
          if containsByte(word, 0x2121_2121_2121_2121) || containsByte(word, 0x2626_2626_2626_2626)
          {
            break
          }
          index += 8
        }
        guard index < count else { break }
        let byte = base[index]
        if byte == 0x21 {  // !
          guard index > 0 && base[index - 1] == 0x3C else {  // not "<!"
            index += 1
            continue
          }
          let open = index - 1
          let available = count - open
          if !final && available < Self.cdataOpen.count
            && (Self.cdataOpen.starts(
              with: UnsafeBufferPointer(start: base + open, count: available))
              || Self.commentOpen.starts(
                with: UnsafeBufferPointer(start: base + open, count: min(available, 4))))
          {
            keepRest(from: open)
            return
          }
          let rest = UnsafeBufferPointer(start: base + open, count: available)
          if rest.starts(with: Self.cdataOpen) {
            state = .cdata
            index = open + Self.cdataOpen.count
          } else if rest.starts(with: Self.commentOpen) {
            state = .comment
            index = open + Self.commentOpen.count
          } else {
            index += 1
          }
        } else if byte == 0x26 {  // &
          // Escaped markup is mostly "&lt;" and "&gt;": known valid without a look at the name.
          if index + 4 <= count {
            let word = UInt32(
              littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self))
            if word == Self.lessThanReference || word == Self.greaterThanReference {
              index += 4
              continue
            }
          }
          switch Self.classify(base, index, count) {
          case .valid:
            index += 1
          case .uppercaseHex:
            flush(index)
            Self.lowercaseHexReference.withUnsafeBufferPointer(emit)
            index += 3
            runStart = index
          case .bare:
            flush(index)
            Self.escapedAmpersand.withUnsafeBufferPointer(emit)
            index += 1
            runStart = index
          case .undecided:
            if final {
              flush(index)
              Self.escapedAmpersand.withUnsafeBufferPointer(emit)
              index += 1
              runStart = index
            } else {
              keepRest(from: index)
              return
            }
          }
        } else {
          index += 1
        }
      }
    }
    if state == .text && !final && count > runStart && base[count - 1] == 0x3C {
      keepRest(from: count - 1)
      return
    }
    flush(count)
  }

  enum Reference { case valid, uppercaseHex, bare, undecided }

  /// What the `&` at `start` begins, looking at most `lookahead` bytes ahead (`XMLScanner` reads
  /// references by the same rule, so both paths agree on what is bare).
  static func classify(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Reference {
    var index = start + 1
    let limit = min(count, start + Self.lookahead)
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
    func isNameStart(_ b: UInt8) -> Bool {
      ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
    }
    func isName(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) || b == 0x2D || b == 0x2E }
    guard index < limit else { return count - start < Self.lookahead ? .undecided : .bare }
    if base[index] == 0x23 {  // #
      index += 1
      guard index < limit else { return limit == count ? .undecided : .bare }
      var uppercase = false
      var hex = false
      if base[index] == 0x78 || base[index] == 0x58 {  // x X
        uppercase = base[index] == 0x58
        hex = true
        index += 1
      }
      let digitsStart = index
      while index < limit && (hex ? isHex(base[index]) : isDigit(base[index])) { index += 1 }
      guard index < limit else { return limit == count ? .undecided : .bare }
      guard index > digitsStart && base[index] == 0x3B else { return .bare }
      return uppercase ? .uppercaseHex : .valid
    }
    guard isNameStart(base[index]) else { return .bare }
    while index < limit && isName(base[index]) { index += 1 }
    guard index < limit else { return limit == count ? .undecided : .bare }
    return base[index] == 0x3B ? .valid : .bare
  }
}

extension UInt32 {
  /// The four bytes of `text` read as a little-endian word.
  fileprivate init(littleEndianBytes text: StaticString) {
    precondition(text.utf8CodeUnitCount == 4)
    let bytes = text.utf8Start
    self =
      UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
  }
}
