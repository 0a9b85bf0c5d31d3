#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whitespace state between two pieces of text.
private enum Pending {
  static let space: UInt8 = 1
  static let lineBreak: UInt8 = 2
}

/// The open elements of one conversion, in buffers the converter reuses. Depth is capped
/// (deeper elements are not tracked) and end tags look at most `endTagReach` elements down,
/// so hostile nesting costs linear time.
struct HTMLElementStack {
  static let capacity = 1024
  static let endTagReach = 256
  let keys: UnsafeMutablePointer<UInt64>
  let infos: UnsafeMutablePointer<HTMLElementInfo>
  /// How many open elements fall in each bucket of name keys: an end tag whose bucket is
  /// empty closes nothing, found without a search.
  let openCounts: UnsafeMutablePointer<UInt32>

  static func allocate() -> HTMLElementStack {
    let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
    counts.initialize(repeating: 0, count: 256)
    return HTMLElementStack(
      keys: .allocate(capacity: capacity), infos: .allocate(capacity: capacity),
      openCounts: counts)
  }

  func deallocate() {
    keys.deallocate()
    infos.deallocate()
    openCounts.deallocate()
  }

  @inline(__always) static func bucket(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
  }
}

/// One HTML→text conversion over UTF-8 bytes: tags dropped, block elements as line breaks,
/// script/style/iframe/noscript/template/object/svg/head content dropped, comments and
/// CDATA sections dropped, entities decoded, whitespace (and no-break space) collapsed to
/// one space. Follows libxml2's HTML parser where it decides the text (implied paragraphs,
/// end-tag priorities, implicit closes), without its tree or recursion: one pass, linear time.
struct HTMLTextScanner {
  private let input: UnsafePointer<UInt8>
  private let count: Int
  private var position = 0
  /// At least `count + 8` bytes: the text is never longer than the HTML.
  private let output: UnsafeMutablePointer<UInt8>
  private(set) var length = 0
  private var pending: UInt8 = 0
  private var skipDepth = 0
  /// Where the last markup ended.
  private var markupEnd = -1
  private var depth = 0
  /// False while text would imply a paragraph: before the first start tag, inside an
  /// implied head, after </body> (libxml2's current element is none, html or head).
  private var started = false
  private let stack: HTMLElementStack
  private let elements: HTMLElementTable
  private let entities: PackedKeyTable<10, UInt32>

  init(
    input: UnsafeBufferPointer<UInt8>, output: UnsafeMutablePointer<UInt8>,
    stack: HTMLElementStack
  ) {
    self.input = input.baseAddress ?? UnsafePointer(output)
    count = input.count
    self.output = output
    self.stack = stack
    elements = HTMLElementTable.shared
    entities = htmlEntityScalars
  }

  mutating func run() {
    while position < count {
      if skipDepth > 0 { skipText() } else { copyText() }
      if position < count, input[position] == UInt8(ascii: "<") {
        markup()
        markupEnd = position
      }
    }
    // Forget the elements still open (no events: trailing breaks never show).
    while depth > 0 {
      depth -= 1
      stack.openCounts[HTMLElementStack.bucket(stack.keys[depth])] -= 1
    }
  }

  // MARK: text

  /// Copies text up to the next '<', decoding references and collapsing whitespace.
  private mutating func copyText() {
    // The common bytes run in locals; anything else goes back through `self`.
    var index = position
    var written = length
    var separator = pending
    defer {
      position = index
      length = written
      pending = separator
    }
    while index < count {
      // Eight bytes at a time while the text needs no change: words and single spaces.
      if separator == 0 && started && written > 0 {
        // Whether the byte before the eight is a space, in the mark of the first byte.
        var spaceBefore: UInt64 = 0
        while index &+ 8 <= count {
          let word = UnsafeRawPointer(input + index).loadUnaligned(as: UInt64.self)
          // All eight bytes are stored; only the verbatim ones count.
          UnsafeMutableRawPointer(output + written).storeBytes(of: word, as: UInt64.self)
          let (stops, spaces) = verbatimStops(word, spaceBefore: spaceBefore)
          if stops != 0 {
            let verbatim = stops.trailingZeroBitCount >> 3
            written &+= verbatim
            index &+= verbatim
            break
          }
          written &+= 8
          index &+= 8
          spaceBefore = spaces >> 56
        }
        // A space the run ended with is pending again: it could turn out to be a line break.
        if output[written - 1] == 0x20 {
          written -= 1
          separator = Pending.space
        }
        guard index < count else { break }
      }
      let byte = input[index]
      if byte > 0x3C || (byte > 0x26 && byte < 0x3C) || (byte > 0x20 && byte < 0x26) {
        if byte == 0xC2 && index + 1 < count && input[index + 1] == 0xA0 {
          separator |= Pending.space  // no-break space
          index += 2
          continue
        }
        if separator != 0 || !started {
          if !started || written == 0 {
            (position, length, pending) = (index, written, separator)
            beforeText()
            (written, separator) = (length, pending)
          } else {
            output[written] = separator & Pending.lineBreak != 0 ? 0x0A : 0x20
            written += 1
            separator = 0
          }
        }
        output[written] = byte
        written += 1
        index += 1
        continue
      }
      switch byte {
      case 0x20, 0x0A, 0x09, 0x0D:
        separator |= Pending.space
        index += 1
      case 0x3C:
        return
      case 0x26:
        (position, length, pending) = (index, written, separator)
        reference()
        (index, written, separator) = (position, length, pending)
      case 0, 0x0C:
        separator |= Pending.space  // libxml2 reads NUL as a space; form feed is whitespace
        index += 1
      default:
        index += 1  // other control characters are not XML characters: dropped
      }
    }
  }

  /// Skips text inside a skipped element up to the next '<'. Text in a bare <head> ends
  /// it and opens a paragraph, as in libxml2.
  private mutating func skipText() {
    let start = position
    let end = nextByte(0x3C, from: position) ?? count
    if depth > 0, stack.keys[depth - 1] == elements.head {
      var index = start
      while index < end {
        let byte = input[index]
        if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { break }
        index += 1
      }
      if index < end {
        impliedParagraph()
        position = start
        return
      }
    }
    position = end
  }

  /// Before a piece of visible text: the implied paragraph, then the pending separator.
  @inline(__always) private mutating func beforeText() {
    if !started { impliedParagraph() }
    if length > 0 && pending != 0 {
      output[length] = pending & Pending.lineBreak != 0 ? 0x0A : 0x20
      length += 1
    }
    pending = 0
  }

  /// Text where libxml2 has no element to put it in opens a paragraph (closing a head).
  private mutating func impliedParagraph() {
    started = true
    let paragraph = elements.info(elements.paragraph)
    while depth > 0, paragraph.closes & stack.infos[depth - 1].closableBit != 0 { pop() }
    push(elements.paragraph, paragraph)
  }

  /// A character or entity reference at `position` ('&').
  private mutating func reference() {
    if position + 1 == count && position == markupEnd {
      position += 1  // libxml2 drops a final '&' that directly follows markup
      return
    }
    let next = position + 1 < count ? input[position + 1] : 0
    if next == UInt8(ascii: "#") {
      let scalar = characterReference()
      if !started { beforeText() }
      if let scalar { emit(scalar) }
      return
    }
    var end = position + 1
    while end < count, isEntityNameByte(input[end], first: end == position + 1) { end += 1 }
    if end < count, input[end] == UInt8(ascii: ";"), end - position - 1 <= 8 {
      var key: UInt64 = 0
      for index in (position + 1)..<end { key = key << 8 | UInt64(input[index]) }
      if end > position + 1, let scalar = entities.value(key) {
        position = end + 1
        if !started { beforeText() }
        emit(scalar)
        return
      }
    }
    // Not a known entity: the '&' is text, and so is what follows it.
    beforeText()
    output[length] = UInt8(ascii: "&")
    length += 1
    position += 1
  }

  /// `&#…;` or `&#x…;` at `position`: the character, or nil when it is not an XML character
  /// (the reference then vanishes, as in libxml2). The ';' is optional.
  private mutating func characterReference() -> UInt32? {
    var index = position + 2
    var value: UInt32 = 0
    if index < count, input[index] | 0x20 == UInt8(ascii: "x") {
      index += 1
      while index < count {
        let byte = input[index]
        let digit: UInt32
        if byte >= 0x30 && byte <= 0x39 {
          digit = UInt32(byte - 0x30)
        } else if byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66 {
          digit = UInt32(byte | 0x20) - 0x61 + 10
        } else {
          break
        }
        if value < 0x110000 { value = value * 16 + digit }
        index += 1
      }
    } else {
      while index < count, input[index] >= 0x30, input[index] <= 0x39 {
        if value < 0x110000 { value = value * 10 + UInt32(input[index] - 0x30) }
        index += 1
      }
    }
    if index < count, input[index] == UInt8(ascii: ";") { index += 1 }
    position = index
    return isXMLCharacter(value) ? value : nil
  }

  /// A decoded character: whitespace (and no-break space) collapses, the rest is text.
  private mutating func emit(_ scalar: UInt32) {
    switch scalar {
    case 0x20, 0x0A, 0x09, 0x0D, 0xA0:
      pending |= Pending.space
      return
    default: break
    }
    beforeText()
    withUTF8(of: scalar) { bytes in
      (output + length).update(from: bytes.baseAddress!, count: bytes.count)
      length += bytes.count
    }
  }

  // MARK: markup

  /// Markup at `position` ('<').
  private mutating func markup() {
    let next = position + 1 < count ? input[position + 1] : 0
    switch next {
    case UInt8(ascii: "!"):
      if position + 3 < count, input[position + 2] == UInt8(ascii: "-"),
        input[position + 3] == UInt8(ascii: "-")
      {
        position = endOfComment(from: position + 4)
      } else if startsCDATA(at: position) {
        cdataSection()
      } else {
        // DOCTYPE or another declaration: dropped up to '>'.
        position = afterByte(UInt8(ascii: ">"), from: position + 2)
      }
    case UInt8(ascii: "?"):
      position = afterByte(UInt8(ascii: ">"), from: position + 2)
    case UInt8(ascii: "/"):
      endTag()
    default:
      if next | 0x20 >= 0x61 && next | 0x20 <= 0x7A {
        startTag()
      } else {
        // A '<' that starts no tag is text (but not a final one: libxml2 drops it).
        if skipDepth == 0 && position + 1 < count {
          beforeText()
          output[length] = UInt8(ascii: "<")
          length += 1
        }
        position += 1
      }
    }
  }

  private mutating func startTag() {
    var index = position + 1
    var name = HTMLNameKey()
    while index < count, isHTMLNameByte(input[index]) {
      name.append(input[index])
      index += 1
    }
    let (end, selfClosing) = endOfStartTag(from: index)
    position = end
    let key = name.value
    let info = elements.info(key)
    // Close the current elements this tag implicitly ends.
    while depth > 0, info.closes & stack.infos[depth - 1].closableBit != 0 { pop() }
    if key == elements.html { return }
    if key == elements.body {
      started = true
      return
    }
    if key == elements.head {
      // Only a leading <head> is one; its content is hidden until something closes it.
      if depth == 0 && !started { push(key, info) }
      return
    }
    if !started && depth == 0 && Self.impliesHead(key) {
      // libxml2 puts these in an implied head, and text after them implies a paragraph.
      // Unlike libxml2, that head hides nothing: a leading <style> would hide what follows
      // up to an element it knows to end a head.
      var head = elements.info(elements.head)
      head.flags = 0
      push(elements.head, head)
    } else {
      started = true
    }
    let pushed = push(key, info)
    if selfClosing || info.has(HTMLElementInfo.empty) {
      if pushed { pop() } else if info.has(HTMLElementInfo.block) { pending |= Pending.lineBreak }
    } else if info.has(HTMLElementInfo.rawText) {
      position = endOfRawText(from: position, name: key, nameLength: key == elements.script ? 6 : 5)
    }
  }

  /// Where a start tag's attributes end (after '>' or "/>"), read as libxml2 reads them:
  /// quotes count only around attribute values.
  private func endOfStartTag(from start: Int) -> (end: Int, selfClosing: Bool) {
    var index = start
    while index < count {
      let byte = input[index]
      if byte == UInt8(ascii: ">") { return (index + 1, false) }
      if byte == UInt8(ascii: "/"), index + 1 < count, input[index + 1] == UInt8(ascii: ">") {
        return (index + 2, true)
      }
      if isXMLSpace(byte) {
        index += 1
        continue
      }
      if isHTMLNameStart(byte) {
        index += 1
        while index < count, isHTMLNameByte(input[index]) { index += 1 }
        while index < count, isXMLSpace(input[index]) { index += 1 }
        guard index < count, input[index] == UInt8(ascii: "=") else { continue }
        index += 1
        while index < count, isXMLSpace(input[index]) { index += 1 }
        guard index < count else { break }
        let quote = input[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
          index = afterByte(quote, from: index + 1)
        } else {
          while index < count, !isXMLSpace(input[index]), input[index] != UInt8(ascii: ">") {
            index += 1
          }
        }
        continue
      }
      // Not an attribute: skipped up to a blank or the end of the tag.
      while index < count {
        let byte = input[index]
        if isXMLSpace(byte) || byte == UInt8(ascii: ">") { break }
        if byte == UInt8(ascii: "/"), index + 1 < count, input[index + 1] == UInt8(ascii: ">") {
          break
        }
        index += 1
      }
    }
    return (count, false)
  }

  private mutating func endTag() {
    var index = position + 2
    guard index < count, isHTMLNameStart(input[index]) else {
      position += 2  // "</" without a name vanishes
      return
    }
    var name = HTMLNameKey()
    while index < count, isHTMLNameByte(input[index]) {
      name.append(input[index])
      index += 1
    }
    position = afterByte(UInt8(ascii: ">"), from: index)
    if name.value == elements.body || name.value == elements.html {
      // Everything closes; text after it implies a new paragraph.
      while depth > 0 { pop() }
      started = false
      return
    }
    close(name.value)
  }

  private static let headElements: [UInt64] = ["script", "style", "meta", "link", "title", "base"]
    .map { HTMLNameKey($0).value }

  private static func impliesHead(_ key: UInt64) -> Bool { headElements.contains(key) }

  private func startsCDATA(at index: Int) -> Bool {
    let marker: StaticString = "<![CDATA["
    guard index + marker.utf8CodeUnitCount <= count else { return false }
    for offset in 0..<marker.utf8CodeUnitCount
    where input[index + offset] != marker.utf8Start[offset] {
      return false
    }
    return true
  }

  /// A CDATA section's content is literal text (libxml2 shows the markers as text, HTML5
  /// drops the content: feeds that wrap text twice in CDATA mean the text).
  private mutating func cdataSection() {
    var index = position + 9
    var end = count
    while let bracket = nextByte(UInt8(ascii: "]"), from: index) {
      if bracket + 2 < count, input[bracket + 1] == UInt8(ascii: "]"),
        input[bracket + 2] == UInt8(ascii: ">")
      {
        end = bracket
        break
      }
      index = bracket + 1
    }
    if skipDepth == 0 {
      for offset in (position + 9)..<end {
        let byte = input[offset]
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
          pending |= Pending.space
        } else if byte != 0 {
          if pending != 0 || !started { beforeText() }
          output[length] = byte
          length += 1
        }
      }
    }
    position = min(end + 3, count)
  }

  /// An end tag closes its element and those above it, unless the element is not open or
  /// an element of higher priority stands in between (libxml2's htmlAutoCloseOnClose).
  private mutating func close(_ key: UInt64) {
    guard stack.openCounts[HTMLElementStack.bucket(key)] > 0 else { return }
    let priority = elements.info(key).priority
    let lowest = max(0, depth - HTMLElementStack.endTagReach)
    var index = depth - 1
    while index >= lowest {
      if stack.keys[index] == key { break }
      if stack.infos[index].priority > priority { return }
      index -= 1
    }
    guard index >= lowest else { return }
    while depth > index { pop() }
  }

  private mutating func push(_ key: UInt64) { push(key, elements.info(key)) }

  /// False when the stack is full: the element is then not tracked.
  @discardableResult
  private mutating func push(_ key: UInt64, _ info: HTMLElementInfo) -> Bool {
    if info.has(HTMLElementInfo.block) { pending |= Pending.lineBreak }
    guard depth < HTMLElementStack.capacity else { return false }
    if info.has(HTMLElementInfo.skipped) { skipDepth += 1 }
    stack.keys[depth] = key
    stack.infos[depth] = info
    stack.openCounts[HTMLElementStack.bucket(key)] += 1
    depth += 1
    return true
  }

  private mutating func pop() {
    depth -= 1
    let info = stack.infos[depth]
    if info.has(HTMLElementInfo.block) { pending |= Pending.lineBreak }
    if info.has(HTMLElementInfo.skipped) { skipDepth -= 1 }
    stack.openCounts[HTMLElementStack.bucket(stack.keys[depth])] -= 1
  }

  // MARK: scanning

  /// Raw text (script, style) ends at "</" followed by the element's name, in any case.
  private func endOfRawText(from start: Int, name: UInt64, nameLength: Int) -> Int {
    var index = start
    while let lessThan = nextByte(UInt8(ascii: "<"), from: index) {
      if lessThan + 1 + nameLength < count, input[lessThan + 1] == UInt8(ascii: "/") {
        var candidate = HTMLNameKey()
        for offset in 0..<nameLength { candidate.append(input[lessThan + 2 + offset]) }
        if candidate.value == name { return lessThan }
      }
      index = lessThan + 1
    }
    return count
  }

  private func endOfComment(from start: Int) -> Int {
    var index = start
    while let dash = nextByte(UInt8(ascii: "-"), from: index) {
      if dash + 2 < count, input[dash + 1] == UInt8(ascii: "-"),
        input[dash + 2] == UInt8(ascii: ">")
      {
        return dash + 3
      }
      index = dash + 1
    }
    return count
  }

  private func nextByte(_ byte: UInt8, from start: Int) -> Int? {
    guard start < count else { return nil }
    guard let found = memchr(input + start, Int32(byte), count - start) else { return nil }
    return UnsafeRawPointer(found) - UnsafeRawPointer(input)
  }

  private func afterByte(_ byte: UInt8, from start: Int) -> Int {
    nextByte(byte, from: start).map { $0 + 1 } ?? count
  }
}

/// Entity names: a letter, '_' or ':' first, then also digits, '-' and '.'; any non-ASCII
/// byte continues a name (only ASCII names are known entities).
@inline(__always) private func isEntityNameByte(_ byte: UInt8, first: Bool) -> Bool {
  let lower = byte | 0x20
  if (lower >= 0x61 && lower <= 0x7A) || byte == 0x5F || byte == 0x3A || byte >= 0x80 {
    return true
  }
  return !first && ((byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E)
}

/// Eight bytes of text with the first that cannot go to the output unchanged marked (see
/// `ByteMarks.swift`; a later mark only ends the run early, which is always safe): a control
/// character, '<', '&', the lead byte of a no-break space, or a space after a space (the byte
/// before the eight included, by `spaceBefore`). Also the marks of the spaces, for the next
/// eight. Written in the output, a leading space is the one separator the preceding text needs.
@inline(__always) private func verbatimStops(_ word: UInt64, spaceBefore: UInt64)
  -> (stops: UInt64, spaces: UInt64)
{
  let high: UInt64 = 0x8080_8080_8080_8080
  let spaces = zeroBits(word ^ 0x2020_2020_2020_2020) & high
  // Little-endian: the byte after byte i holds the next higher eight bits.
  let stops =
    (controlBits(word) | zeroBits(word ^ 0x3C3C_3C3C_3C3C_3C3C)
      | zeroBits(word ^ 0x2626_2626_2626_2626) | zeroBits(word ^ 0xC2C2_C2C2_C2C2_C2C2)) & high
    | (spaces & ((spaces << 8) | spaceBefore))
  return (stops, spaces)
}
