import Synchronization

/// HTML to plain text: script, style, iframe, noscript, template, object and svg content is
/// dropped (attributes such as event handlers never become text), block elements become
/// line breaks, entities are decoded, and runs of whitespace collapse to one space.
public enum HTMLText {
  public static func plainText(fromHTML html: String) -> String {
    HTMLTextConverter.withPooled { $0.plainText(fromHTML: html) }
  }

  /// Collapses whitespace in text that is already plain.
  package static func collapsingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // The result is never longer than the input, and UTF-8 when it is (only ASCII whitespace
    // and no-break spaces go): made in scratch space, it becomes a String without a check.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { output in
      var length = 0
      var space = false
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
          space = true
          index += 1
          continue
        }
        if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0 {
          space = true
          index += 2
          continue
        }
        if space && length > 0 {
          output[length] = 0x20
          length += 1
        }
        space = false
        output[length] = byte
        length += 1
        index += 1
      }
      return string(fromValidUTF8: UnsafeBufferPointer(rebasing: output[..<length]))
    }
  }
}

/// Converts many HTML fragments, reusing its buffers between them.
/// Not thread-safe: one per parser, or one from `withPooled` at a time.
final class HTMLTextConverter: @unchecked Sendable {
  private var output: UnsafeMutablePointer<UInt8>
  private var capacity = 4096
  private let stack = HTMLElementStack.allocate()

  init() { output = .allocate(capacity: capacity) }

  deinit {
    output.deallocate()
    stack.deallocate()
  }

  /// Runs `body` with a converter no one else uses meanwhile, kept for the next caller: an item's
  /// text is made plain when read, on any thread, and a new converter costs four allocations.
  static func withPooled<T>(_ body: (HTMLTextConverter) -> T) -> T {
    let converter = takeFromPool()
    defer { returnToPool(converter) }
    return body(converter)
  }

  /// A converter no one else uses until it is returned (a parser keeps one for a whole parse).
  static func takeFromPool() -> HTMLTextConverter {
    pool.withLock { $0.popLast() } ?? HTMLTextConverter()
  }

  static func returnToPool(_ converter: HTMLTextConverter) {
    pool.withLock { if $0.count < 8 { $0.append(converter) } }
  }

  private static let pool = Mutex<[HTMLTextConverter]>([])

  func plainText(fromHTML html: String) -> String {
    var html = html
    return html.withUTF8 { plainText(fromUTF8: $0) }
  }

  /// `bytes` must be valid UTF-8 (what the parser hands out, or a String's).
  func plainText(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String {
    // The text is never longer than the HTML.
    if bytes.count + 8 > capacity {
      output.deallocate()
      capacity = bytes.count + 8
      output = .allocate(capacity: capacity)
    }
    var scanner = HTMLTextScanner(input: bytes, output: output, stack: stack)
    scanner.run()
    let text = string(fromValidUTF8: UnsafeBufferPointer(start: output, count: scanner.length))
    // A huge fragment's buffer is not kept for the next, typically small, ones.
    if capacity > 1 << 20 {
      output.deallocate()
      capacity = 4096
      output = .allocate(capacity: capacity)
    }
    return text
  }
}
