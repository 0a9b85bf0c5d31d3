/// The request line of an HTTP/1.x request, read from the bytes up to the blank line that
/// ends the head. Header fields are not needed by any of the endpoint's answers and are not
/// parsed; their size counts against the head's limit all the same.
struct HTTPRequestHead: Equatable {
  var method: String
  /// The path, without a query string.
  var path: String

  enum Parse: Equatable {
    /// More bytes are needed.
    case incomplete
    case complete(HTTPRequestHead)
    /// Not an HTTP/1.x request line.
    case malformed
  }

  /// Looks for the end of the head (CRLF CRLF, or LF LF from a lenient client) in `bytes`.
  static func parse(_ bytes: [UInt8]) -> Parse {
    guard let end = headEnd(bytes) else { return .incomplete }
    let head = bytes[..<end]
    let lineEnd = head.firstIndex(of: UInt8(ascii: "\n")) ?? head.endIndex
    var line = head[..<lineEnd]
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte),
      parts[2].starts(with: Array("HTTP/1.".utf8)), parts[2].count == 8,
      let target = String(validating: parts[1], as: UTF8.self), target.hasPrefix("/")
    else { return .malformed }
    let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    return .complete(
      HTTPRequestHead(
        method: String(decoding: parts[0], as: UTF8.self), path: String(path)))
  }

  /// The index just past the blank line that ends the head, if it has arrived.
  private static func headEnd(_ bytes: [UInt8]) -> Int? {
    var index = 0
    while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
      let next = newline + 1
      if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next + 1 }
      if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"),
        bytes[next + 1] == UInt8(ascii: "\n")
      {
        return next + 2
      }
      index = next
    }
    return nil
  }

  /// RFC 9110's `tchar`.
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      true
    default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
  }
}
