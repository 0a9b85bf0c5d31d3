/// A complete response, always with `Connection: close`: one request per connection keeps
/// the server's state to one buffer per client.
struct HTTPResponse {
  var status: Int
  var reason: String
  var contentType = "text/plain; charset=utf-8"
  var extraHeaders: [(String, String)] = []
  var body: String

  static func text(_ status: Int, _ reason: String, _ body: String) -> HTTPResponse {
    HTTPResponse(status: status, reason: reason, body: body.hasSuffix("\n") ? body : body + "\n")
  }

  /// The bytes to send; a HEAD answer has the headers of the GET answer and no body.
  func bytes(includingBody: Bool) -> [UInt8] {
    let body = Array(self.body.utf8)
    var head = "HTTP/1.1 \(status) \(reason)\r\n"
    head += "Content-Type: \(contentType)\r\n"
    head += "Content-Length: \(body.count)\r\n"
    for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
    head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
    return Array(head.utf8) + (includingBody ? body : [])
  }
}
