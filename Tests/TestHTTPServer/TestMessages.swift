/// A request as the server received it.
public struct TestRequest: Sendable {
  public var method: String
  public var path: String
  /// Header names lowercased; repeated headers joined with ", ".
  public var headers: [String: String]
  public var body: [UInt8]

  public init(method: String, path: String, headers: [String: String], body: [UInt8]) {
    self.method = method
    self.path = path
    self.headers = headers
    self.body = body
  }
}

/// What the server answers. `Content-Length` and `Connection: close` are added unless given.
public struct TestResponse: Sendable {
  public var status: Int
  public var headers: [(String, String)]
  public var body: [UInt8]
  /// Seconds to wait before answering (to provoke client timeouts).
  public var delay: Double = 0
  /// When set, the body is sent with chunked transfer encoding, pausing this long between chunks.
  public var chunkedDelay: Double? = nil
  /// Bytes per chunk when `chunkedDelay` is set.
  public var chunkSize: Int = 1024
  /// With `chunkedDelay`: send the body's chunks over and over, never ending the response,
  /// until the client closes the connection (a body with no end).
  public var endless: Bool = false

  public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  public static func text(_ s: String, status: Int = 200, contentType: String = "text/plain")
    -> TestResponse
  {
    TestResponse(status: status, headers: [("Content-Type", contentType)], body: Array(s.utf8))
  }

  /// A redirect to `location` (absolute or relative to the request).
  public static func redirect(to location: String, status: Int = 302) -> TestResponse {
    TestResponse(status: status, headers: [("Location", location)])
  }
}
