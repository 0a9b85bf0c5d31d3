/// Turns a `TestResponse` into HTTP/1.1 bytes.
enum ResponseEncoder {
  static func head(of response: TestResponse, chunked: Bool) -> [UInt8] {
    var text = "HTTP/1.1 \(response.status) \(reason(for: response.status))\r\n"
    let names = Set(response.headers.map { $0.0.lowercased() })
    for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
    if chunked {
      text += "Transfer-Encoding: chunked\r\n"
    } else if !names.contains("content-length") {
      text += "Content-Length: \(response.body.count)\r\n"
    }
    if !names.contains("connection") { text += "Connection: close\r\n" }
    text += "\r\n"
    return Array(text.utf8)
  }

  static func chunks(of body: [UInt8], size: Int) -> [[UInt8]] {
    stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min($0 + size, body.count)]) }
  }

  static func chunk(_ piece: [UInt8]) -> [UInt8] {
    Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8)
  }

  private static func reason(for status: Int) -> String {
    switch status {
    case 200: "OK"
    case 204: "No Content"
    case 301: "Moved Permanently"
    case 302: "Found"
    case 303: "See Other"
    case 304: "Not Modified"
    case 307: "Temporary Redirect"
    case 308: "Permanent Redirect"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 410: "Gone"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 503: "Service Unavailable"
    default: "Status"
    }
  }
}
