#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A single-pass reader for what most feeds are: well-formed XML without a DTD, in UTF-8 (other
/// charsets come decoded). It reads the bytes as they arrive and gives the handler the events
/// libxml2 would give, with the repairs `CharsetDecoder` and `AmpersandRepair` make on the way to
/// libxml2 (a forbidden control becomes a space, a byte that is not UTF-8 its windows-1252
/// character, a bare `&` stays text).
///
/// At anything else (a DOCTYPE, a broken tag, an undeclared prefix, a bad character reference)
/// it stops and hands the rest to libxml2 (`XMLHandOver`), with start tags that reopen the
/// elements open at that point, so libxml2 reads on with the namespaces and line numbers it would
/// have had. One pass over the bytes instead of three (charset check, ampersand repair, libxml2)
/// is what makes it fast. Generic over the handler, so that each event is a direct call.
///
/// Not thread-safe: use from one thread or serial queue at a time.
final class XMLScanner<Handler: XMLEventHandler> {

  private enum Phase { case prolog, content, epilog }
  private enum Step {
    case next(Int)
    case wait(Int)
    case handOver(Int)
  }

  private struct OpenElement {
    var qname: Int
    var tagStart: Int
    var bindingCount: Int
    /// Where its start tag is in the input being read, until its line is counted (libxml2 names
    /// that line in errors about the element).
    var offset: Int
    var line = 0
  }

  private struct RawAttribute {
    var qname: Int
    var isDecoded: Bool
    var start: Int
    var end: Int
    var namespace = -1
  }

  private let handler: Handler
  private let names = XMLNameTable()
  // Per-event state: unchecked exclusivity, as nothing here is reentrant (a checked access costs
  // a runtime call per property use).
  @exclusivity(unchecked) private var phase = Phase.prolog
  @exclusivity(unchecked) private var inCDATA = false
  @exclusivity(unchecked) private var stopped = false
  @exclusivity(unchecked) private var pending = ByteBuffer(capacity: 4096)
  @exclusivity(unchecked) private var cursor = 0
  @exclusivity(unchecked) private var linesBefore = 0
  @exclusivity(unchecked) private var open: [OpenElement] = []
  /// The raw start tags of the open elements, one after another.
  @exclusivity(unchecked) private var openTags = ByteBuffer()
  /// Namespace bindings in scope, innermost last: (prefix name id, or -1 for the default; URI id).
  @exclusivity(unchecked) private var bindings: [(prefix: Int, uri: Int)] = []
  /// Where the reading of a text cut by a chunk's end goes on, and where its current run
  /// started (-1: no text in progress); positions in the input, like `cursor`.
  @exclusivity(unchecked) private var textResume = -1
  @exclusivity(unchecked) private var textRun = 0
  /// Text of the current text node once a reference or repair made it differ from the input.
  @exclusivity(unchecked) private var decodedText = ByteBuffer()
  @exclusivity(unchecked) private var attributes: [RawAttribute] = []
  @exclusivity(unchecked) private var attributeValues: [UInt8] = []
  @exclusivity(unchecked) private var attributePointers: UnsafeMutablePointer<UnsafePointer<UInt8>?>
  @exclusivity(unchecked) private var attributeCapacity = 8
  /// Prefix and local name ids of each qualified name id (-2: not worked out yet).
  @exclusivity(unchecked) private var nameParts: [(prefix: Int, local: Int)] = []
  @exclusivity(unchecked) private var elementNames: [Int: XMLElementName] = [:]
  /// The names each name id last resolved to, and the `bindingsVersion` they were resolved in.
  @exclusivity(unchecked) private var recentElementNames: [(version: Int, name: XMLElementName)?] =
    []
  /// Counts changes to `bindings`.
  @exclusivity(unchecked) private var bindingsVersion = 0
  @exclusivity(unchecked) private var recentNames = [Int](repeating: -1, count: 64)
  /// The errors read past (libxml2's, where it reads on after one), up to a hand-over.
  private(set) var errors = XMLErrorLog()
  private let xmlPrefix: Int
  private let xmlnsPrefix: Int
  private let xmlNamespace: Int
  private let emptyNamespace: Int

  init(handler: Handler) {
    self.handler = handler
    attributePointers = .allocate(capacity: 5 * attributeCapacity)
    xmlPrefix = names.id(of: "xml")
    xmlnsPrefix = names.id(of: "xmlns")
    xmlNamespace = names.id(of: "http://www.w3.org/XML/1998/namespace")
    emptyNamespace = names.id(of: "")
  }

  deinit { attributePointers.deallocate() }

  /// Reads `chunk`; returns where libxml2 must take over, if it must.
  func write(_ chunk: UnsafeBufferPointer<UInt8>) -> XMLHandOver? {
    guard !stopped, !chunk.isEmpty else { return nil }
    // Read in place when nothing is left over from the last chunk (most of the time): copying
    // every chunk first would be one more pass over the document. (Before the root element,
    // everything is kept: pending is empty only for the first chunk.)
    if pending.isEmpty { return read(chunk, inPending: false) }
    pending.append(chunk)
    return read(pending.bytes, inPending: true)
  }

  /// Ends the input; returns where libxml2 must take over (to report a truncated document).
  func finish() -> XMLHandOver? {
    guard !stopped else { return nil }
    let input = pending.bytes
    switch scan(input, from: cursor, final: true) {
    case .handOver(let position): return handOver(at: position, in: input)
    case .next(let position), .wait(let position):
      if phase == .epilog && position == input.count { return nil }
      return handOver(at: position, in: input)
    }
  }

  /// Scans `input` (the chunk itself, or `pending`) from `cursor`, and keeps what is not read
  /// yet (everything, before the root element) in `pending`.
  private func read(_ input: UnsafeBufferPointer<UInt8>, inPending: Bool) -> XMLHandOver? {
    switch scan(input, from: cursor, final: false) {
    case .handOver(let position): return handOver(at: position, in: input)
    case .next(let position), .wait(let position): cursor = position
    }
    if stopped {
      pending.removeAll()
      return nil
    }
    if phase != .prolog && cursor > 0 {
      // Every open element's start tag lies before `cursor`, so all their lines are counted now.
      countLines(upTo: cursor, in: input)
      if textResume >= 0 {
        textResume -= cursor
        textRun -= cursor
      }
      if inPending {
        pending.removeFirst(cursor)
      } else {
        pending.append(UnsafeBufferPointer(rebasing: input[cursor...]))
      }
      cursor = 0
    } else if !inPending {
      pending.append(input)
    }
    if pending.count - cursor > longestWait || (phase == .prolog && pending.count > longestWait) {
      return handOver(at: cursor, in: pending.bytes)
    }
    return nil
  }

  // MARK: hand-over

  /// libxml2 reads on from `position` in `input`.
  private func handOver(at position: Int, in input: UnsafeBufferPointer<UInt8>) -> XMLHandOver {
    stopped = true
    decodedText.removeAll()
    // Before the root element opens, libxml2 reads the document from its start (and finds the
    // errors found so far again).
    let start = phase == .prolog ? 0 : position
    if phase == .prolog { errors = XMLErrorLog() }
    countLines(upTo: start, in: input)
    var prefix: [UInt8] = []
    // libxml2 counts lines itself, and names the line an open element started on in errors
    // about it: each tag goes on its own line, and the last one ends on the hand-over point's.
    // A tag that spanned lines goes on one, as whitespace (and a control, in an attribute value)
    // inside a tag reads the same as a space; the lines still missing go inside the last tag,
    // where they make no text.
    var line = 1
    switch phase {
    case .prolog: break
    case .content:
      for (index, element) in open.enumerated() {
        let end = index + 1 < open.count ? open[index + 1].tagStart : openTags.count
        prefix.append(contentsOf: repeatElement(0x0A, count: max(0, element.line - line)))
        line = max(line, element.line)
        for byte in UnsafeBufferPointer(rebasing: openTags.bytes[element.tagStart..<end]) {
          // Controls too: `CharsetDecoder` makes them spaces on libxml2's path.
          prefix.append(byte < 0x20 ? 0x20 : byte)
        }
      }
    case .epilog:
      prefix = Array("<_/>".utf8)
    }
    if !prefix.isEmpty {
      let tagEnd = prefix.lastIndex(of: 0x3E)! - (phase == .epilog ? 1 : 0)
      prefix.insert(
        contentsOf: repeatElement(0x0A, count: max(0, linesBefore + 1 - line)), at: tagEnd)
      if inCDATA { prefix.append(contentsOf: "<![CDATA[".utf8) }
    }
    let rest = Array(UnsafeBufferPointer(rebasing: input[start...]))
    pending.removeAll()
    return XMLHandOver(prefix: prefix, rest: rest)
  }

  /// Counts the lines of `input` up to `end` into `linesBefore`, noting the line of each open
  /// element whose start tag lies before `end`.
  private func countLines(upTo end: Int, in input: UnsafeBufferPointer<UInt8>) {
    var counted = 0
    for index in open.indices where open[index].line == 0 && open[index].offset < end {
      linesBefore += countNewlines(input, from: counted, upTo: open[index].offset)
      counted = open[index].offset
      open[index].line = linesBefore + 1
    }
    linesBefore += countNewlines(input, from: counted, upTo: end)
  }

  private func countNewlines(_ input: UnsafeBufferPointer<UInt8>, from start: Int, upTo end: Int)
    -> Int
  {
    guard let base = input.baseAddress else { return 0 }
    var lines = 0
    var index = start
    while index < end, let found = memchr(base + index, 0x0A, end - index) {
      lines += 1
      index = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
    }
    return lines
  }

  // MARK: scanning

  private func scan(_ input: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool) -> Step {
    var index = start
    while index < input.count {
      let step: Step
      switch phase {
      case .prolog: step = prolog(input, index)
      case .content:
        if inCDATA {
          step = cdata(input, index, final: final)
        } else if input[index] == 0x3C {
          step = markup(input, index)
        } else {
          step = text(input, index, final: final)
        }
      case .epilog: step = epilog(input, index)
      }
      guard case .next(let next) = step else { return step }
      index = next
    }
    return .wait(index)
  }

  private func prolog(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    var index = start
    if index == 0 && input.starts(with: "<?xml".utf8) {
      guard input.count > 5 else { return .wait(0) }
      if isXMLSpace(input[5]) { return declaration(input) }
    }
    while index < input.count && isXMLSpace(input[index]) { index += 1 }
    guard index < input.count else { return .wait(index) }
    guard input[index] == 0x3C else { return .handOver(0) }
    let step = markup(input, index)
    if case .handOver = step { return .handOver(0) }
    return step
  }

  private func epilog(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    var index = start
    while index < input.count && isXMLSpace(input[index]) { index += 1 }
    guard index < input.count else { return .wait(index) }
    guard input[index] == 0x3C else { return .handOver(index) }
    guard index + 1 < input.count else { return .wait(index) }
    switch input[index + 1] {
    case 0x3F, 0x21: return markup(input, index)  // a processing instruction, a comment
    default: return .handOver(index)
    }
  }

  /// `<?xml version="1.0" encoding="…" standalone="…"?>`, in that order; anything else is
  /// libxml2's to judge.
  private func declaration(_ input: UnsafeBufferPointer<UInt8>) -> Step {
    var index = 5
    // 0: version next; 1: encoding or standalone may follow; 2: standalone may; 3: nothing may.
    var stage = 0
    while true {
      let spaceStart = index
      while index < input.count && isXMLSpace(input[index]) { index += 1 }
      guard index + 1 < input.count else { return .wait(0) }
      if input[index] == 0x3F {
        return input[index + 1] == 0x3E && stage > 0 ? .next(index + 2) : .handOver(0)
      }
      guard index > spaceStart else { return .handOver(0) }
      let nameStart = index
      while index < input.count && isNameByte(input[index]) { index += 1 }
      let name = UnsafeBufferPointer(rebasing: input[nameStart..<index])
      while index < input.count && isXMLSpace(input[index]) { index += 1 }
      guard index < input.count else { return .wait(0) }
      guard input[index] == 0x3D else { return .handOver(0) }
      index += 1
      while index < input.count && isXMLSpace(input[index]) { index += 1 }
      guard index < input.count else { return .wait(0) }
      let quote = input[index]
      guard quote == 0x22 || quote == 0x27 else { return .handOver(0) }
      let valueStart = index + 1
      guard let end = input[valueStart...].firstIndex(of: quote) else { return .wait(0) }
      let value = UnsafeBufferPointer(rebasing: input[valueStart..<end])
      index = end + 1
      if stage == 0 && name.elementsEqual("version".utf8) && value.elementsEqual("1.0".utf8) {
        stage = 1
      } else if stage == 1 && name.elementsEqual("encoding".utf8) && !value.isEmpty
        && isLetter(value[0]) && value.allSatisfy(isNameByte)
      {
        stage = 2
      } else if stage >= 1 && stage <= 2 && name.elementsEqual("standalone".utf8)
        && (value.elementsEqual("yes".utf8) || value.elementsEqual("no".utf8))
      {
        stage = 3
      } else {
        return .handOver(0)
      }
    }
  }

  /// A construct that starts with `<` (and its second byte is there or awaited).
  private func markup(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    guard start + 1 < input.count else { return .wait(start) }
    switch input[start + 1] {
    case 0x2F: return endTag(input, start)
    case 0x3F: return processingInstruction(input, start)
    case 0x21:
      let rest = UnsafeBufferPointer(rebasing: input[start...])
      if hasPrefix(rest, commentOpen) { return comment(input, start) }
      if phase == .content && hasPrefix(rest, cdataOpen) {
        inCDATA = true
        return .next(start + 9)
      }
      if hasPrefix(cdataOpen, rest) || hasPrefix(commentOpen, rest) { return .wait(start) }
      return .handOver(start)
    default:
      return phase == .epilog ? .handOver(start) : startTag(input, start)
    }
  }

  private func comment(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    let base = input.baseAddress!
    var index = start + 4
    // The first "--" must end the comment.
    while index < input.count, let found = memchr(base + index, 0x2D, input.count - index) {
      let dash = UnsafeRawPointer(found) - UnsafeRawPointer(base)
      guard dash + 1 < input.count else { return .wait(start) }
      guard input[dash + 1] == 0x2D else {
        index = dash + 1
        continue
      }
      guard dash + 2 < input.count else { return .wait(start) }
      return input[dash + 2] == 0x3E ? .next(dash + 3) : .handOver(start)
    }
    return .wait(start)
  }

  private func processingInstruction(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    var index = start + 2
    guard index < input.count else { return .wait(start) }
    guard isNameStart(input[index]) else { return .handOver(start) }
    while index < input.count && isNameByte(input[index]) { index += 1 }
    guard index + 1 < input.count else { return .wait(start) }
    let target = UnsafeBufferPointer(rebasing: input[(start + 2)..<index])
    // "xml" in any case is reserved, and only the declaration may use it. libxml2 reads a
    // misplaced declaration as an instruction after an error: a feed that starts with a blank
    // line (common from web page templates) has one.
    let isDeclaration = target.count == 3 && equalsIgnoringASCIICase(target, "xml")
    if isDeclaration && !target.elementsEqual("xml".utf8) { return .handOver(start) }
    let step = instructionEnd(input, start, afterTarget: index)
    if isDeclaration, case .next = step {
      errors.record(
        line: linesBefore + 1 + countNewlines(input, from: 0, upTo: start),
        message: "XML declaration allowed only at the start of the document")
    }
    return step
  }

  /// The end of the processing instruction at `start`, whose target ends at `index`.
  private func instructionEnd(
    _ input: UnsafeBufferPointer<UInt8>, _ start: Int, afterTarget index: Int
  )
    -> Step
  {
    if input[index] == 0x3F {
      return input[index + 1] == 0x3E ? .next(index + 2) : .handOver(start)
    }
    guard isXMLSpace(input[index]) else { return .handOver(start) }
    var index = index
    while let end = input[index...].firstIndex(of: 0x3F) {
      guard end + 1 < input.count else { return .wait(start) }
      if input[end + 1] == 0x3E { return .next(end + 2) }
      index = end + 1
    }
    return .wait(start)
  }

  // MARK: tags

  private func endTag(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    guard let top = open.last else { return .handOver(start) }
    let name = names.bytes(top.qname)
    var index = start + 2
    guard index + name.count < input.count else { return .wait(start) }
    guard memcmp(input.baseAddress! + index, name.baseAddress!, name.count) == 0 else {
      return .handOver(start)
    }
    index += name.count
    while index < input.count && isXMLSpace(input[index]) { index += 1 }
    guard index < input.count else { return .wait(start) }
    guard input[index] == 0x3E else { return .handOver(start) }
    handler.endElement()
    close(top)
    return .next(index + 1)
  }

  private func close(_ element: OpenElement) {
    open.removeLast()
    if bindings.count > element.bindingCount {
      bindings.removeSubrange(element.bindingCount...)
      bindingsVersion += 1
    }
    openTags.truncate(to: element.tagStart)
    if open.isEmpty { phase = .epilog }
  }

  private func startTag(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) -> Step {
    var index = start + 1
    switch scanQualifiedName(input, &index) {
    case .incomplete: return .wait(start)
    case .invalid: return .handOver(start)
    case .complete: break
    }
    let qname = nameID(UnsafeBufferPointer(rebasing: input[(start + 1)..<index]))
    // Most tags have no attributes, and clearing an empty array still costs a generic call.
    if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
    if !attributeValues.isEmpty { attributeValues.removeAll(keepingCapacity: true) }
    var selfClosing = false
    while true {
      let spaceStart = index
      while index < input.count && isXMLSpace(input[index]) { index += 1 }
      guard index < input.count else { return .wait(start) }
      let byte = input[index]
      if byte == 0x3E {
        index += 1
        break
      }
      if byte == 0x2F {
        guard index + 1 < input.count else { return .wait(start) }
        guard input[index + 1] == 0x3E else { return .handOver(start) }
        selfClosing = true
        index += 2
        break
      }
      guard index > spaceStart else { return .handOver(start) }
      let step = attribute(input, &index)
      if case .wait = step { return .wait(start) }
      if case .handOver = step { return .handOver(start) }
    }
    let bindingCount = bindings.count
    if attributes.isEmpty {
      guard let name = resolvedElementName(qname) else { return .handOver(start) }
      handler.startElement(
        name, attributes: XMLAttributes(raw: nil, count: 0), namespaceDeclarations: [])
      return opened(
        qname, input, start, index, bindingCount: bindingCount, selfClosing: selfClosing)
    }
    guard let declarations = declareNamespaces(input), resolveAttributeNamespaces(),
      let name = resolvedElementName(qname)
    else { return .handOver(start) }
    let count = attributes.count
    if count > attributeCapacity {
      attributePointers.deallocate()
      attributeCapacity = count
      attributePointers = .allocate(capacity: 5 * count)
    }
    attributeValues.withUnsafeBufferPointer { values in
      for (position, attribute) in attributes.enumerated() {
        let parts = self.parts(attribute.qname)
        let source = attribute.isDecoded ? values.baseAddress : input.baseAddress
        let slot = attributePointers + 5 * position
        slot[0] = names.pointer(parts.local)
        slot[1] = parts.prefix < 0 ? nil : names.pointer(parts.prefix)
        slot[2] = attribute.namespace < 0 ? nil : names.pointer(attribute.namespace)
        slot[3] = source.map { UnsafePointer($0 + attribute.start) }
        slot[4] = source.map { UnsafePointer($0 + attribute.end) }
      }
      handler.startElement(
        name, attributes: XMLAttributes(raw: count > 0 ? attributePointers : nil, count: count),
        namespaceDeclarations: declarations)
    }
    return opened(qname, input, start, index, bindingCount: bindingCount, selfClosing: selfClosing)
  }

  /// After the start tag from `start` to `end` was handed out: the element is open (or closed
  /// again, when the tag closed itself).
  private func opened(
    _ qname: Int, _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
    bindingCount: Int, selfClosing: Bool
  ) -> Step {
    // As `XMLPushParser` does: nothing after the element that decides it is read.
    if !handler.wantsMore {
      stopped = true
      return .wait(end)
    }
    if phase == .prolog { phase = .content }
    let element = OpenElement(
      qname: qname, tagStart: openTags.count, bindingCount: bindingCount, offset: start)
    open.append(element)
    if selfClosing {
      handler.endElement()
      close(element)
    } else {
      openTags.append(UnsafeBufferPointer(rebasing: input[start..<end]))
    }
    return .next(end)
  }

  /// One `name="value"`; `.next` when it was read whole.
  private func attribute(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Step {
    let nameStart = index
    switch scanQualifiedName(input, &index) {
    case .incomplete: return .wait(nameStart)
    case .invalid: return .handOver(nameStart)
    case .complete: break
    }
    let qname = nameID(UnsafeBufferPointer(rebasing: input[nameStart..<index]))
    for earlier in attributes where earlier.qname == qname { return .handOver(nameStart) }
    while index < input.count && isXMLSpace(input[index]) { index += 1 }
    guard index < input.count else { return .wait(nameStart) }
    guard input[index] == 0x3D else { return .handOver(nameStart) }
    index += 1
    while index < input.count && isXMLSpace(input[index]) { index += 1 }
    guard index < input.count else { return .wait(nameStart) }
    let quote = input[index]
    guard quote == 0x22 || quote == 0x27 else { return .handOver(nameStart) }
    index += 1
    let valueStart = index
    var decodedStart = -1
    while true {
      guard index < input.count else { return .wait(nameStart) }
      let byte = input[index]
      if byte == quote { break }
      if byte >= 0x20 && byte < 0x80 && byte != 0x26 && byte != 0x3C {
        if decodedStart >= 0 { attributeValues.append(byte) }
        index += 1
        continue
      }
      if byte >= 0x80 {
        let length = utf8Length(byte)
        guard length > 1, index + length <= input.count else {
          return length > 1 ? .wait(nameStart) : .handOver(nameStart)
        }
        guard validSequence(input, at: index, length: length), !isNoncharacterFFFx(input, at: index)
        else { return .handOver(nameStart) }
        if decodedStart >= 0 {
          attributeValues.append(
            contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + length)]))
        }
        index += length
        continue
      }
      guard byte != 0x3C else { return .handOver(nameStart) }
      if decodedStart < 0 {
        decodedStart = attributeValues.count
        attributeValues.append(contentsOf: UnsafeBufferPointer(rebasing: input[valueStart..<index]))
      }
      if byte == 0x26 {
        switch attributeReference(input, &index) {
        case .wait: return .wait(nameStart)
        case .handOver: return .handOver(nameStart)
        case .next: continue
        }
      }
      // Whitespace and forbidden controls read as a space; CR LF is one line end.
      if byte == 0x0D {
        guard index + 1 < input.count else { return .wait(nameStart) }
        if input[index + 1] == 0x0A { index += 1 }
      }
      attributeValues.append(0x20)
      index += 1
    }
    attributes.append(
      decodedStart < 0
        ? RawAttribute(qname: qname, isDecoded: false, start: valueStart, end: index)
        : RawAttribute(
          qname: qname, isDecoded: true, start: decodedStart, end: attributeValues.count))
    index += 1
    return .next(index)
  }

  /// A reference in an attribute value, written as libxml2 writes it there: `&` as `&#38;`.
  private func attributeReference(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Step {
    switch AmpersandRepair.classify(input.baseAddress!, index, input.count) {
    case .undecided: return .wait(index)
    case .bare:
      attributeValues.append(contentsOf: escapedAmpersand)
      index += 1
      return .next(index)
    case .valid, .uppercaseHex:
      guard case (let end, let scalar)? = reference(input, at: index) else {
        return .handOver(index)
      }
      if scalar == 0x26 {
        attributeValues.append(contentsOf: escapedAmpersand)
      } else if let scalar {
        withUTF8(of: scalar) { attributeValues.append(contentsOf: $0) }
      } else {
        return .handOver(index)
      }
      index = end
      return .next(index)
    }
  }

  // MARK: namespaces

  /// Binds the tag's `xmlns` attributes and takes them out of `attributes`; nil when libxml2
  /// would complain about one.
  private func declareNamespaces(_ input: UnsafeBufferPointer<UInt8>) -> [(
    prefix: String?, uri: String
  )]? {
    var declarations: [(prefix: String?, uri: String)] = []
    guard attributes.contains(where: { isDeclaration($0.qname) }) else { return declarations }
    var kept: [RawAttribute] = []
    for attribute in attributes {
      guard isDeclaration(attribute.qname) else {
        kept.append(attribute)
        continue
      }
      let parts = self.parts(attribute.qname)
      let prefix = parts.prefix < 0 ? -1 : parts.local
      let value = attributeValues.withUnsafeBufferPointer { values in
        Array(
          UnsafeBufferPointer(
            rebasing: (attribute.isDecoded ? values : input)[attribute.start..<attribute.end]))
      }
      guard prefix != xmlPrefix, prefix != xmlnsPrefix, isPlainNamespaceName(value),
        !(prefix >= 0 && value.isEmpty)
      else { return nil }
      let uri = value.withUnsafeBufferPointer { names.id(of: $0) }
      guard uri != xmlNamespace, !value.elementsEqual("http://www.w3.org/2000/xmlns/".utf8) else {
        return nil
      }
      // libxml2 neither binds nor reports a prefix bound to the same URI already.
      if lookUp(prefix) == uri { continue }
      bindings.append((prefix, uri))
      bindingsVersion += 1
      declarations.append((prefix < 0 ? nil : names.string(prefix), names.string(uri)))
    }
    attributes = kept
    return declarations
  }

  private func isDeclaration(_ qname: Int) -> Bool {
    qname == xmlnsPrefix || parts(qname).prefix == xmlnsPrefix
  }

  /// The URI id bound to `prefix` (-1: the default namespace), nil when none is.
  private func lookUp(_ prefix: Int) -> Int? {
    for binding in bindings.reversed() where binding.prefix == prefix { return binding.uri }
    return nil
  }

  /// The element's namespace URI id (-1: none), nil when its prefix is not bound.
  private func elementNamespace(_ qname: Int) -> Int? {
    let prefix = parts(qname).prefix
    if prefix < 0 {
      let uri = lookUp(-1) ?? -1
      return uri == emptyNamespace ? -1 : uri
    }
    guard prefix != xmlPrefix, prefix != xmlnsPrefix else { return nil }
    return lookUp(prefix)
  }

  /// Sets each attribute's namespace; false when a prefix is not bound or two attributes end
  /// up with the same name.
  private func resolveAttributeNamespaces() -> Bool {
    for index in attributes.indices {
      let prefix = parts(attributes[index].qname).prefix
      guard prefix >= 0 else { continue }
      if prefix == xmlPrefix {
        attributes[index].namespace = xmlNamespace
      } else if let uri = lookUp(prefix), prefix != xmlnsPrefix {
        attributes[index].namespace = uri
      } else {
        return false
      }
      let local = parts(attributes[index].qname).local
      for earlier in attributes[..<index]
      where earlier.namespace == attributes[index].namespace
        && parts(earlier.qname).local == local
      {
        return false
      }
    }
    return true
  }

  /// Prefix and local name ids of a qualified name id.
  private func parts(_ qname: Int) -> (prefix: Int, local: Int) {
    if qname < nameParts.count, nameParts[qname].local >= 0 { return nameParts[qname] }
    let bytes = names.bytes(qname)
    var parts = (prefix: -1, local: qname)
    if let colon = bytes.firstIndex(of: 0x3A) {
      parts = (
        names.id(of: UnsafeBufferPointer(rebasing: bytes[..<colon])),
        names.id(of: UnsafeBufferPointer(rebasing: bytes[(colon + 1)...]))
      )
    }
    if nameParts.count < names.count {
      nameParts.append(
        contentsOf: repeatElement((prefix: -2, local: -2), count: names.count - nameParts.count))
    }
    nameParts[qname] = parts
    return parts
  }

  /// The element's names, nil when its prefix is not bound. Remembered per name until the
  /// bindings in scope change.
  private func resolvedElementName(_ qname: Int) -> XMLElementName? {
    if qname < recentElementNames.count, let recent = recentElementNames[qname],
      recent.version == bindingsVersion
    {
      return recent.name
    }
    guard let namespace = elementNamespace(qname) else { return nil }
    let key = qname << 32 | (namespace + 1)
    let name: XMLElementName
    if let known = elementNames[key] {
      name = known
    } else {
      let parts = self.parts(qname)
      let local = names.string(parts.local)
      let uri = namespace < 0 ? nil : names.string(namespace)
      let prefix = parts.prefix < 0 ? nil : names.string(parts.prefix)
      let handlerKey = handler.elementKey(local: local, namespace: uri, prefix: prefix)
      name = XMLElementName(
        key: handlerKey, code: handler.elementCode(forKey: handlerKey), local: local,
        namespace: uri, prefix: prefix)
      elementNames[key] = name
    }
    if recentElementNames.count <= qname {
      recentElementNames.append(
        contentsOf: repeatElement(nil, count: qname + 1 - recentElementNames.count))
    }
    recentElementNames[qname] = (bindingsVersion, name)
    return name
  }

  /// The id of a tag or attribute name: names repeat, so the last one seen with the same length
  /// and first and last byte is compared before the table is asked.
  private func nameID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let slot =
      (bytes.count &* 31 &+ Int(bytes[0]) &* 7 &+ Int(bytes[bytes.count - 1]))
      & (recentNames.count - 1)
    let recent = recentNames[slot]
    if recent >= 0 {
      let known = names.bytes(recent)
      if known.count == bytes.count
        && memcmp(known.baseAddress!, bytes.baseAddress!, bytes.count) == 0
      {
        return recent
      }
    }
    let id = names.id(of: bytes)
    recentNames[slot] = id
    return id
  }

  // MARK: text

  private func text(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, final: Bool) -> Step {
    let base = input.baseAddress!
    let count = input.count
    // A text cut by the last chunk's end goes on where its reading stopped.
    var index = textResume >= 0 ? textResume : start
    var run = textResume >= 0 ? textRun : start
    textResume = -1
    while true {
      index = firstMarked(base, from: index, count: count, by: textMarks)
      guard index < count else { return waitForTheRest(start, at: index, run: run) }
      let byte = base[index]
      switch byte {
      case 0x3C:
        emitText(input, run, index)
        return .next(index)
      case 0x26:
        // Escaped markup is mostly "&lt;", "&gt;" and "&amp;": known without reading a name.
        if let (length, character) = predefinedReference(base, index, count) {
          decodedText.append(UnsafeBufferPointer(rebasing: input[run..<index]))
          decodedText.append(character)
          index += length
          run = index
          continue
        }
        switch AmpersandRepair.classify(base, index, count) {
        case .bare:
          index += 1
        case .undecided:
          guard final else { return waitForTheRest(start, at: index, run: run) }
          index += 1
        case .valid, .uppercaseHex:
          guard case (let end, let scalar)? = reference(input, at: index) else {
            emitText(input, run, index)
            return .handOver(index)
          }
          decodedText.append(UnsafeBufferPointer(rebasing: input[run..<index]))
          if let scalar {
            decodedText.append(scalar: scalar)
          } else {
            appendEntityText(UnsafeBufferPointer(rebasing: input[(index + 1)..<(end - 1)]))
          }
          index = end
          run = end
        }
      case 0x5D:
        // "]]>" may not stand in text: libxml2 reports it.
        guard index + 2 < count else {
          guard final else { return waitForTheRest(start, at: index, run: run) }
          index += 1
          continue
        }
        if base[index + 1] == 0x5D && base[index + 2] == 0x3E {
          // What libxml2 keeps of such a text depends on what came before in it.
          return .handOver(start)
        }
        index += 1
      case 0x0A, 0x09:
        index += 1
      case 0x0D:
        // CR LF and a lone CR are each one line end.
        guard index + 1 < count || final else { return waitForTheRest(start, at: index, run: run) }
        decodedText.append(UnsafeBufferPointer(rebasing: input[run..<index]))
        if index + 1 < count && base[index + 1] == 0x0A {
          index += 1
        } else {
          decodedText.append(0x0A)
          index += 1
        }
        run = index
      default:
        guard let next = pastCharacter(at: index, in: input, run: &run, final: final) else {
          return waitForTheRest(start, at: index, run: run)
        }
        index = next
      }
    }
  }

  /// A text is handed out whole, as libxml2 does: what libxml2 makes of a fault in a text (a
  /// "]]>", a bad reference) depends on the text before it, so a hand-over must start with it.
  /// Its bytes are kept from `start`; reading goes on at `index` with the next chunk, with what
  /// `decodedText` holds up to `run`.
  private func waitForTheRest(_ start: Int, at index: Int, run: Int) -> Step {
    textResume = index
    textRun = run
    return .wait(start)
  }

  private func cdata(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, final: Bool) -> Step {
    let base = input.baseAddress!
    let count = input.count
    var index = start
    var run = start
    while true {
      index = firstMarked(base, from: index, count: count, by: cdataMarks)
      guard index < count else {
        emitText(input, run, count)
        return .wait(count)
      }
      let byte = base[index]
      switch byte {
      case 0x5D:
        guard index + 2 < count else {
          guard final else {
            emitText(input, run, index)
            return .wait(index)
          }
          index += 1
          continue
        }
        if base[index + 1] == 0x5D && base[index + 2] == 0x3E {
          emitText(input, run, index)
          inCDATA = false
          return .next(index + 3)
        }
        index += 1
      case 0x0A, 0x09, 0x0D:
        // libxml2's push parser hands CDATA over as it stands, CR included.
        index += 1
      default:
        guard let next = pastCharacter(at: index, in: input, run: &run, final: final) else {
          emitText(input, run, index)
          return .wait(index)
        }
        index = next
      }
    }
  }

  /// The index after the character at `index` in a text or CDATA section, or nil when its
  /// sequence goes on in the next chunk. Most are ASCII or a valid two- or three-byte letter,
  /// checked here; a control, another sequence or a byte that is not UTF-8 goes to
  /// `unusualCharacter`. A repaired one goes to `decodedText` as its replacement, after the run
  /// up to it, and the run starts again after it.
  @inline(__always) private func pastCharacter(
    at index: Int, in input: UnsafeBufferPointer<UInt8>, run: inout Int, final: Bool
  ) -> Int? {
    let byte = input[index]
    if byte >= 0x20 && byte < 0x80 { return index + 1 }
    let length = validLetterLength(input.baseAddress!, index, input.count)
    if length > 0 { return index + length }
    return unusualCharacter(at: index, in: input, run: &run, final: final)
  }

  private func unusualCharacter(
    at index: Int, in input: UnsafeBufferPointer<UInt8>, run: inout Int, final: Bool
  ) -> Int? {
    let byte = input[index]
    let length = utf8Length(byte)
    var replacement = repairScalar(of: byte)
    var end = index + 1
    if length > 1 {
      if index + length > input.count {
        if !final && isValidTail(input, from: index) { return nil }
      } else if validSequence(input, at: index, length: length) {
        guard isNoncharacterFFFx(input, at: index) else { return index + length }
        replacement = 0xFFFD
        end = index + length
      }
    }
    decodedText.append(UnsafeBufferPointer(rebasing: input[run..<index]))
    decodedText.append(scalar: replacement)
    run = end
    return end
  }

  private func isValidTail(_ input: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
    input[(index + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
  }

  /// Hands the text from `start` to `end` to the handler, with what `decodedText` holds before it.
  private func emitText(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
    if decodedText.isEmpty {
      if end > start { handler.characters(UnsafeBufferPointer(rebasing: input[start..<end])) }
      return
    }
    decodedText.append(UnsafeBufferPointer(rebasing: input[start..<end]))
    handler.characters(decodedText.bytes)
    decodedText.removeAll()
  }

  // MARK: references

  /// The reference at `index`, which `AmpersandRepair.classify` found complete: the index after
  /// its `;` and its character (nil for a named entity XML does not predefine). Nil when libxml2
  /// would reject it.
  private func reference(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, UInt32?)? {
    var cursor = index + 1
    if input[cursor] == 0x23 {
      cursor += 1
      let hex = input[cursor] | 0x20 == 0x78
      if hex { cursor += 1 }
      var value: UInt32 = 0
      while input[cursor] != 0x3B {
        let byte = input[cursor]
        let digit: UInt32
        switch byte {
        case 0x30...0x39: digit = UInt32(byte - 0x30)
        default: digit = UInt32((byte | 0x20) - 0x61 + 10)
        }
        value = value * (hex ? 16 : 10) + digit
        guard value <= 0x10FFFF else { return nil }
        cursor += 1
      }
      guard isXMLCharacter(value) else { return nil }
      return (cursor + 1, value)
    }
    let nameStart = cursor
    while input[cursor] != 0x3B {
      guard input[cursor] < 0x80 else { return nil }
      cursor += 1
    }
    let name = UnsafeBufferPointer(rebasing: input[nameStart..<cursor])
    return (cursor + 1, predefinedEntity(name))
  }

  /// What a reference to an entity XML does not predefine reads as (as on libxml2's path).
  private func appendEntityText(_ name: UnsafeBufferPointer<UInt8>) {
    decodedText.append(undeclaredEntityText(String(decoding: name, as: UTF8.self)))
  }
}

/// Where libxml2 takes over from `XMLScanner`.
struct XMLHandOver {
  /// Start tags reopening the open elements, each on its line in the document and ending on
  /// the hand-over point's, to be parsed with their events muted; empty when libxml2 reads the
  /// document from its start.
  var prefix: [UInt8]
  /// The input from the hand-over point on.
  var rest: [UInt8]
}

/// Longest run of input kept while waiting for the end of one construct (a tag, comment or the
/// prolog); past it, libxml2 reads on.
private let longestWait = 1 << 20

/// "&" in an attribute value, as libxml2 writes it there.
private let escapedAmpersand = Array("&#38;".utf8)

private let commentOpen: StaticString = "<!--"
private let cdataOpen: StaticString = "<![CDATA["

/// Whether `bytes` start with `prefix`.
private func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
  guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
  for index in 0..<prefix.utf8CodeUnitCount where bytes[index] != prefix.utf8Start[index] {
    return false
  }
  return true
}

/// Whether `prefix` starts with all of `bytes` (a construct cut short by the chunk's end).
private func hasPrefix(_ prefix: StaticString, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard bytes.count < prefix.utf8CodeUnitCount else { return false }
  for index in 0..<bytes.count where bytes[index] != prefix.utf8Start[index] { return false }
  return true
}

/// The sixteen bytes at `bytes` with the high bit set in the first that needs a look in a text
/// (a control, a byte beyond ASCII, '<', '&' or ']'), maybe in later ones (`ByteMarks.swift`).
/// One test and one branch for all: the loop runs over most of a document.
@inline(__always) private func textMarks(_ bytes: UnsafeRawPointer) -> SIMD2<UInt64> {
  let words = bytes.loadUnaligned(as: SIMD2<UInt64>.self)
  return words | controlBits(words) | zeroBits(words ^ byteLanes(0x3C))
    | zeroBits(words ^ byteLanes(0x26))
    | zeroBits(words ^ byteLanes(0x5D))
}

/// The same for a CDATA section, where only ']' stands out beside controls and non-ASCII bytes.
@inline(__always) private func cdataMarks(_ bytes: UnsafeRawPointer) -> SIMD2<UInt64> {
  let words = bytes.loadUnaligned(as: SIMD2<UInt64>.self)
  return words | controlBits(words) | zeroBits(words ^ byteLanes(0x5D))
}

/// "&lt;", "&gt;" or "&amp;" at `index`: its length and character.
@inline(__always) private func predefinedReference(
  _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int
) -> (Int, UInt8)? {
  guard index + 5 <= count else { return nil }
  switch UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self) {
  case lessThanWord: return (4, 0x3C)
  case greaterThanWord: return (4, 0x3E)
  case ampersandWord where base[index + 4] == 0x3B: return (5, 0x26)
  default: return nil
  }
}

// "&lt;", "&gt;" and "&amp" as they load from memory (little-endian).
private let lessThanWord: UInt32 = 0x3B74_6C26
private let greaterThanWord: UInt32 = 0x3B74_6726
private let ampersandWord: UInt32 = 0x706D_6126

private func predefinedEntity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
  switch name.count {
  case 2 where name[1] == 0x74:  // lt, gt
    return name[0] == 0x6C ? 0x3C : name[0] == 0x67 ? 0x3E : nil
  case 3 where name.elementsEqual("amp".utf8): return 0x26
  case 4 where name.elementsEqual("quot".utf8): return 0x22
  case 4 where name.elementsEqual("apos".utf8): return 0x27
  default: return nil
  }
}

/// The length of the two- or three-byte UTF-8 sequence at `index` when it is whole, valid and an
/// XML character (most letters beyond ASCII in feeds); 0 for anything `character` must judge.
@inline(__always) private func validLetterLength(
  _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int
) -> Int {
  let lead = base[index]
  if lead >= 0xC2 && lead <= 0xDF {
    return index + 1 < count && base[index + 1] & 0xC0 == 0x80 ? 2 : 0
  }
  guard lead >= 0xE1 && lead <= 0xEC || lead == 0xEE, index + 2 < count else { return 0 }
  return base[index + 1] & 0xC0 == 0x80 && base[index + 2] & 0xC0 == 0x80 ? 3 : 0
}

@inline(__always) private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

/// A byte that may start an XML name here: ASCII only (libxml2 judges the rest).
@inline(__always) private func isNameStart(_ byte: UInt8) -> Bool {
  isLetter(byte) || byte == 0x5F
}

/// A byte that may continue a name without a colon.
@inline(__always) private func isNameByte(_ byte: UInt8) -> Bool {
  isLetter(byte) || byte &- 0x30 < 10 || byte == 0x5F || byte == 0x2D || byte == 0x2E
}

/// A name, or two joined by one colon; `index` ends after it.
private func scanQualifiedName(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int)
  -> NameScan
{
  guard index < input.count else { return .incomplete }
  guard isNameStart(input[index]) else { return .invalid }
  index += 1
  var sawColon = false
  while index < input.count {
    let byte = input[index]
    if isNameByte(byte) {
      index += 1
    } else if byte == 0x3A {
      guard !sawColon else { return .invalid }
      sawColon = true
      index += 1
      guard index < input.count else { return .incomplete }
      guard isNameStart(input[index]) else { return .invalid }
      index += 1
    } else {
      return byte >= 0x80 ? .invalid : .complete
    }
  }
  return .incomplete
}

/// A namespace name libxml2's URI parser takes without complaint: scheme, host of plain
/// characters, path, query and fragment of URI characters. Relative names are fine too (libxml2
/// only warns about them). Anything else goes to libxml2.
private func isPlainNamespaceName(_ value: [UInt8]) -> Bool {
  guard let first = value.first else { return true }
  guard isLetter(first) else { return false }
  var index = 0
  var hashes = 0
  var inAuthority = false
  var sawSchemeEnd = false
  while index < value.count {
    let byte = value[index]
    if isLetter(byte) || byte &- 0x30 < 10 || byte == 0x2D || byte == 0x2E {
      index += 1
      continue
    }
    if inAuthority {
      guard byte == 0x2F || byte == 0x3F || byte == 0x23 else { return false }
      inAuthority = false
    }
    switch byte {
    case 0x3A where !sawSchemeEnd:
      sawSchemeEnd = true
      if value[(index + 1)...].starts(with: "//".utf8) {
        inAuthority = true
        index += 3
        continue
      }
    case 0x25:
      guard index + 2 < value.count, value[index + 1].isHexDigit, value[index + 2].isHexDigit
      else { return false }
    case 0x23:
      hashes += 1
      guard hashes == 1 else { return false }
    case 0x5F, 0x7E, 0x2F, 0x3F, 0x3A, 0x40, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B,
      0x2C, 0x3B, 0x3D:
      break
    default:
      return false
    }
    index += 1
  }
  return true
}

extension UInt8 {
  fileprivate var isHexDigit: Bool { self &- 0x30 < 10 || (self | 0x20) &- 0x61 < 6 }
}

private enum NameScan { case complete, incomplete, invalid }
