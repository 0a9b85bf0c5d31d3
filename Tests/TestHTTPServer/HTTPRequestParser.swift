/// Parses one HTTP/1.1 request from the bytes received so far; nil until it is complete.
enum HTTPRequestParser {
  private static let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)

  static func parse(_ bytes: [UInt8]) -> TestRequest? {
    guard let end = firstIndex(of: headerEnd, in: bytes) else { return nil }
    let headText = String(decoding: bytes[0..<end], as: UTF8.self)
    // Split on "\r\n" as a whole: Swift treats it as one Character.
    var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
    guard !lines.isEmpty else { return nil }
    let requestLine = lines.removeFirst().split(separator: " ")
    guard requestLine.count >= 2 else { return nil }
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces()
      headers[name] = headers[name].map { "\($0), \(value)" } ?? value
    }
    let bodyStart = end + headerEnd.count
    let length = headers["content-length"].flatMap { Int($0) } ?? 0
    guard bytes.count - bodyStart >= length else { return nil }
    return TestRequest(
      method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
      body: Array(bytes[bodyStart..<(bodyStart + length)]))
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }
}

extension Substring {
  func trimmingSpaces() -> String {
    String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
  }
}
