import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small HTTP/1.1 server for tests: listens on 127.0.0.1 only (or another loopback address
/// of 127/8), on a port the OS chooses.
///
/// Every connection is answered once and then closed (`Connection: close`). All state lives on
/// one serial queue and is driven by Dispatch sources, so the server costs no thread while idle.
/// The server keeps itself alive until `stop()` is called.
public final class TestHTTPServer: @unchecked Sendable {
  public let port: Int
  /// The loopback address it listens on.
  public let host: String
  public var baseURL: String { "http://\(host):\(port)" }

  /// Every request seen, in arrival order.
  public var requests: [TestRequest] { onQueue { seenRequests } }

  /// The largest number of requests that were being answered at the same time.
  public var peakConcurrentRequests: Int { onQueue { peakInFlight } }

  private let handler: @Sendable (TestRequest) -> TestResponse
  private let queue = DispatchQueue(label: "TestHTTPServer")
  private let queueKey = DispatchSpecificKey<Bool>()
  private let listenSource: DispatchSourceRead
  private let listenerClosed = DispatchSemaphore(value: 0)

  // Confined to `queue`.
  private var connections: [ObjectIdentifier: ServerConnection] = [:]
  private var seenRequests: [TestRequest] = []
  private var inFlight = 0
  private var peakInFlight = 0
  private var stopped = false

  /// Starts listening immediately; `handler` is called on the server's queue for each request.
  /// `lastOctet`: listen on 127.0.0.`lastOctet`.
  public init(lastOctet: UInt8 = 1, handler: @escaping @Sendable (TestRequest) -> TestResponse)
    throws
  {
    self.handler = handler
    host = "127.0.0.\(lastOctet)"
    let (fd, port) = try LoopbackSocket.bind(listenBacklog: 512, lastOctet: lastOctet)
    guard Self.setNonBlocking(fd) else {
      let code = errno
      close(fd)
      throw TestHTTPServerError.socket(code)
    }
    self.port = port
    queue.setSpecific(key: queueKey, value: true)
    listenSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
    listenSource.setEventHandler { [self] in acceptPending(listenFD: fd) }
    listenSource.setCancelHandler { [listenerClosed] in
      close(fd)
      listenerClosed.signal()
    }
    listenSource.resume()
  }

  /// Closes the listening socket and every open connection. Safe to call more than once.
  /// Called from outside the handler, it returns once the port no longer accepts connections.
  public func stop() {
    let stoppedNow = onQueue {
      guard !stopped else { return false }
      stopped = true
      listenSource.cancel()
      for connection in connections.values { finish(connection) }
      return true
    }
    if stoppedNow && DispatchQueue.getSpecific(key: queueKey) != true {
      listenerClosed.wait()
    }
  }

  private func onQueue<T>(_ body: () -> T) -> T {
    DispatchQueue.getSpecific(key: queueKey) == true ? body() : queue.sync(execute: body)
  }

  private func acceptPending(listenFD: Int32) {
    while true {
      let fd = accept(listenFD, nil, nil)
      guard fd >= 0 else { return }
      guard !stopped, Self.setNonBlocking(fd) else {
        close(fd)
        continue
      }
      let connection = ServerConnection(fd: fd, queue: queue)
      connections[ObjectIdentifier(connection)] = connection
      connection.readSource.setEventHandler { [self] in readAvailable(connection) }
      connection.readSource.setCancelHandler { [self] in sourceEnded(connection) }
      connection.liveSources += 1
      connection.readSource.resume()
    }
  }

  private static func setNonBlocking(_ fd: Int32) -> Bool {
    let flags = fcntl(fd, F_GETFL)
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
  }

  private func readAvailable(_ connection: ServerConnection) {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
    if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
    guard count > 0 else {
      // The client closed (or reset) the connection: nothing more to answer.
      finish(connection)
      return
    }
    guard !connection.answered else { return }
    connection.inbox.append(contentsOf: buffer[0..<count])
    // A request line starts with a method in capitals; anything else (a TLS ClientHello, say)
    // is not HTTP/1.1 and gets the connection closed, as a plain HTTP server would.
    guard let first = connection.inbox.first,
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
    else {
      finish(connection)
      return
    }
    guard let request = HTTPRequestParser.parse(connection.inbox) else { return }
    connection.answered = true
    seenRequests.append(request)
    inFlight += 1
    peakInFlight = max(peakInFlight, inFlight)
    connection.countsInFlight = true
    let response = handler(request)
    if response.delay > 0 {
      queue.asyncAfter(deadline: .now() + response.delay) { [self] in
        respond(response, on: connection)
      }
    } else {
      respond(response, on: connection)
    }
  }

  private func respond(_ response: TestResponse, on connection: ServerConnection) {
    guard !connection.closed else { return }
    let chunked = response.chunkedDelay != nil
    enqueue(ResponseEncoder.head(of: response, chunked: chunked), on: connection)
    guard let pause = response.chunkedDelay else {
      enqueue(response.body, on: connection)
      endResponse(on: connection)
      return
    }
    let pieces = ResponseEncoder.chunks(of: response.body, size: max(1, response.chunkSize))
    sendChunks(pieces[...], all: response.endless ? pieces : nil, pause: pause, on: connection)
  }

  /// `all`: when given, the chunks start over once sent (an endless body).
  private func sendChunks(
    _ pieces: ArraySlice<[UInt8]>, all: [[UInt8]]?, pause: Double, on connection: ServerConnection
  ) {
    guard !connection.closed else { return }
    var pieces = pieces
    if pieces.isEmpty, let all, !all.isEmpty { pieces = all[...] }
    guard let piece = pieces.first else {
      enqueue(Array("0\r\n\r\n".utf8), on: connection)
      endResponse(on: connection)
      return
    }
    // Queue no more while the client has not taken what is already queued.
    if connection.outbox.isEmpty {
      enqueue(ResponseEncoder.chunk(piece), on: connection)
      pieces = pieces.dropFirst()
    }
    let remaining = pieces
    queue.asyncAfter(deadline: .now() + max(pause, 0.001)) { [self] in
      sendChunks(remaining, all: all, pause: pause, on: connection)
    }
  }

  private func endResponse(on connection: ServerConnection) {
    connection.responseComplete = true
    if connection.countsInFlight {
      connection.countsInFlight = false
      inFlight -= 1
    }
    flush(connection)
  }

  private func enqueue(_ bytes: [UInt8], on connection: ServerConnection) {
    connection.outbox.append(contentsOf: bytes)
    flush(connection)
  }

  /// Writes what the socket accepts; waits for writability through a write source otherwise.
  private func flush(_ connection: ServerConnection) {
    guard !connection.closed else { return }
    while connection.sentCount < connection.outbox.count {
      let sent = connection.outbox.withUnsafeBytes {
        send(
          connection.fd, $0.baseAddress! + connection.sentCount,
          $0.count - connection.sentCount, Int32(MSG_NOSIGNAL))
      }
      if sent < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK {
          waitForWritable(connection)
          return
        }
        finish(connection)
        return
      }
      connection.sentCount += sent
    }
    connection.outbox.removeAll(keepingCapacity: true)
    connection.sentCount = 0
    if let source = connection.writeSource {
      connection.writeSource = nil
      source.cancel()
    }
    if connection.responseComplete {
      // Half-close and let the client close first, so no unread byte turns our close into a reset.
      shutdown(connection.fd, Int32(SHUT_WR))
    }
  }

  private func waitForWritable(_ connection: ServerConnection) {
    guard connection.writeSource == nil else { return }
    let source = DispatchSource.makeWriteSource(fileDescriptor: connection.fd, queue: queue)
    source.setEventHandler { [self] in flush(connection) }
    source.setCancelHandler { [self] in sourceEnded(connection) }
    connection.writeSource = source
    connection.liveSources += 1
    source.resume()
  }

  private func finish(_ connection: ServerConnection) {
    guard !connection.closed else { return }
    connection.closed = true
    if connection.countsInFlight {
      connection.countsInFlight = false
      inFlight -= 1
    }
    connection.readSource.cancel()
    connection.writeSource?.cancel()
    connection.writeSource = nil
  }

  /// libdispatch needs the fd open until every source on it has run its cancel handler.
  private func sourceEnded(_ connection: ServerConnection) {
    connection.liveSources -= 1
    if connection.closed && connection.liveSources == 0 {
      close(connection.fd)
      connections[ObjectIdentifier(connection)] = nil
    }
  }
}

public enum TestHTTPServerError: Error, Sendable {
  case socket(Int32)
}

/// One accepted connection. Unchecked Sendable: it is only ever touched on the server's serial queue.
final class ServerConnection: @unchecked Sendable {
  let fd: Int32
  let readSource: DispatchSourceRead
  var writeSource: DispatchSourceWrite?
  var liveSources = 0
  var inbox: [UInt8] = []
  var outbox: [UInt8] = []
  var sentCount = 0
  var answered = false
  var countsInFlight = false
  var responseComplete = false
  var closed = false

  init(fd: Int32, queue: DispatchQueue) {
    self.fd = fd
    readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
  }
}
