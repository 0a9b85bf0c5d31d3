import Foundation
import TestHTTPServer

#if canImport(Glibc)
  import Glibc
#endif

/// An HTTP/1.1 server on 127.0.0.1 that keeps its connections open and answers every GET on
/// them with the same small body, counting the connections it accepts. The shared
/// TestHTTPServer closes each connection after one answer, so it cannot show reuse.
///
/// One thread accepts, one thread serves each connection, with blocking sockets: simple, and
/// tests open only a handful of connections.
final class KeepAliveServer: @unchecked Sendable {
  let port: Int
  var baseURL: String { "http://127.0.0.1:\(port)" }

  private let listener: Int32
  private let body: [UInt8]
  private let lock = NSLock()
  // Guarded by `lock`.
  private var accepted = 0
  private var answered = 0
  private var open: Set<Int32> = []

  /// Connections accepted so far.
  var connectionCount: Int { lock.withLock { accepted } }
  /// Requests answered so far, over all connections.
  var requestCount: Int { lock.withLock { answered } }

  init(body: [UInt8]) throws {
    self.body = body
    (listener, port) = try LoopbackSocket.bind(listenBacklog: 64)
    Thread.detachNewThread { [self] in acceptConnections() }
  }

  /// Stops accepting and ends every open connection.
  func stop() {
    // shutdown wakes the threads blocked in accept and recv; each closes its own descriptor.
    Glibc.shutdown(listener, Int32(SHUT_RDWR))
    lock.withLock { for connection in open { _ = Glibc.shutdown(connection, Int32(SHUT_RDWR)) } }
  }

  private func acceptConnections() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else {
        if errno == EINTR || errno == ECONNABORTED { continue }
        break
      }
      lock.withLock {
        accepted += 1
        open.insert(connection)
      }
      Thread.detachNewThread { [self] in serve(connection) }
    }
    close(listener)
  }

  private func serve(_ connection: Int32) {
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let endOfHead = Array("\r\n\r\n".utf8)
    reading: while true {
      let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      pending.append(contentsOf: buffer[0..<count])
      // Requests without bodies (GET): each ends at its blank line.
      while let end = pending.firstRange(of: endOfHead) {
        pending.removeSubrange(..<end.upperBound)
        lock.withLock { answered += 1 }
        guard send(response: response, on: connection) else { break reading }
      }
    }
    lock.withLock { _ = open.remove(connection) }
    close(connection)
  }

  private var response: [UInt8] {
    Array(
      "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.count)\r\nConnection: keep-alive\r\n\r\n"
        .utf8) + body
  }

  private func send(response: [UInt8], on connection: Int32) -> Bool {
    var sent = 0
    while sent < response.count {
      let count = response[sent...].withUnsafeBytes {
        Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }
}
