import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// One client: read the request's head (bounded in bytes and time), answer, close. Lives on
/// the server's queue; the socket is non-blocking, so a client that sends or reads slowly only
/// keeps its own connection open, until its deadline.
final class HTTPConnection: @unchecked Sendable {
  private enum Phase {
    case reading
    case writing(bytes: [UInt8], sent: Int)
    /// Answer sent and our side shut: reading what the client still sends until it closes, so
    /// closing with unread bytes does not reset the connection before it read the answer.
    case draining
    case closed
  }

  private let fd: Int32
  private let queue: DispatchQueue
  private let limits: ServerLimits
  private let respond: (HTTPRequestHead.Parse) -> (HTTPResponse, includingBody: Bool)
  private let closed: (HTTPConnection) -> Void
  // Only touched on `queue`:
  private var phase = Phase.reading
  private var buffer: [UInt8] = []
  private var readSource: DispatchSourceRead?
  private var writeSource: DispatchSourceWrite?
  private var timers: [DispatchSourceTimer] = []
  /// Sources on `fd` not yet cancelled; the socket is closed when the last one is (Dispatch
  /// needs the descriptor open until then).
  private var liveSources = 0

  /// How long a client has, after the answer, to close its side.
  static let drainTime: Double = 2

  init(
    fd: Int32, queue: DispatchQueue, limits: ServerLimits,
    respond: @escaping (HTTPRequestHead.Parse) -> (HTTPResponse, includingBody: Bool),
    closed: @escaping (HTTPConnection) -> Void
  ) {
    self.fd = fd
    self.queue = queue
    self.limits = limits
    self.respond = respond
    self.closed = closed
  }

  func start() {
    dispatchPrecondition(condition: .onQueue(queue))
    let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
    source.setEventHandler { [self] in readable() }
    source.setCancelHandler { [self] in sourceCancelled() }
    liveSources += 1
    source.resume()
    readSource = source
    after(limits.requestTimeout) { [self] in
      guard case .reading = phase else { return }
      send(.text(408, "Request Timeout", "the request did not arrive in time"), includingBody: true)
    }
    after(limits.connectionLifetime) { [self] in close() }
  }

  // MARK: Reading

  private func readable() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count < 0 {
      if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
      return close()
    }
    if count == 0 { return close() }  // the client is gone, or done after our answer
    guard case .reading = phase else { return }  // writing or draining: discarded
    buffer += chunk[..<count]
    // Only the head's first `maxRequestBytes` count: a longer head is refused however it ends.
    let parsed = HTTPRequestHead.parse(Array(buffer.prefix(limits.maxRequestBytes)))
    if parsed == .incomplete {
      if buffer.count >= limits.maxRequestBytes {
        send(
          .text(
            431, "Request Header Fields Too Large",
            "the request's head is larger than \(limits.maxRequestBytes) bytes"),
          includingBody: true)
      }
      return
    }
    let (response, includingBody) = respond(parsed)
    send(response, includingBody: includingBody)
  }

  // MARK: Writing

  private func send(_ response: HTTPResponse, includingBody: Bool) {
    buffer = []
    phase = .writing(bytes: response.bytes(includingBody: includingBody), sent: 0)
    flush()
  }

  private func flush() {
    guard case .writing(let bytes, var sent) = phase else { return }
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK {
          phase = .writing(bytes: bytes, sent: sent)
          return waitUntilWritable()
        }
        return close()
      }
      sent += count
    }
    writeSource?.cancel()
    writeSource = nil
    shutdown(fd, Int32(SHUT_WR))
    phase = .draining
    after(Self.drainTime) { [self] in close() }
  }

  private func waitUntilWritable() {
    guard writeSource == nil else { return }
    let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
    source.setEventHandler { [self] in flush() }
    source.setCancelHandler { [self] in sourceCancelled() }
    liveSources += 1
    source.resume()
    writeSource = source
  }

  // MARK: Closing

  func close() {
    dispatchPrecondition(condition: .onQueue(queue))
    if case .closed = phase { return }
    phase = .closed
    for timer in timers { timer.cancel() }
    timers = []
    readSource?.cancel()
    readSource = nil
    writeSource?.cancel()
    writeSource = nil
    closed(self)
  }

  private func sourceCancelled() {
    liveSources -= 1
    if liveSources == 0, case .closed = phase { Glibc.close(fd) }
  }

  private func after(_ seconds: Double, _ body: @escaping () -> Void) {
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + seconds)
    timer.setEventHandler(handler: body)
    timer.resume()
    timers.append(timer)
  }
}
