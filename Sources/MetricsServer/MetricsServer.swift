import Dispatch
package import Metrics

#if canImport(Glibc)
  import Glibc
#endif

/// The HTTP endpoint for Prometheus and health checks: `GET`/`HEAD` of `/metrics`, `/healthz`
/// and `/readyz`, nothing else. Every socket is non-blocking and served by Dispatch sources on
/// one serial queue of its own, so a slow or hostile client costs a connection slot, never a
/// thread, and never touches the scheduler, the fetcher or the store's queues.
package final class MetricsServer: @unchecked Sendable {
  package typealias ReadinessCheck = @Sendable () -> Readiness

  /// The address actually bound (its port is the kernel's pick when 0 was asked for).
  package let boundAddress: ListenAddress
  private let listenFD: Int32
  private let registry: MetricsRegistry
  private let readiness: ReadinessCheck
  private let limits: ServerLimits
  private let queue = DispatchQueue(label: "feedwatch.metrics")
  // Only touched on `queue`:
  private var acceptSource: DispatchSourceRead?
  /// The accept source is suspended for a moment after accept fails (no descriptors left):
  /// the socket stays readable, and its handler would spin.
  private var acceptPaused = false
  private var connections: [ObjectIdentifier: HTTPConnection] = [:]

  static let paths: Set<String> = ["/metrics", "/healthz", "/readyz"]

  /// Binds and listens at once, so a bad address or a port in use fails at start-up, with the
  /// cause; `start()` begins serving.
  package init(
    address: ListenAddress, registry: MetricsRegistry, readiness: @escaping ReadinessCheck,
    limits: ServerLimits = ServerLimits()
  ) throws(MetricsServerError) {
    self.registry = registry
    self.readiness = readiness
    self.limits = limits
    (listenFD, boundAddress) = try Self.listen(on: address)
  }

  package func start() {
    queue.sync {
      let source = DispatchSource.makeReadSource(fileDescriptor: listenFD, queue: queue)
      source.setEventHandler { [self] in acceptAll() }
      let fd = listenFD
      source.setCancelHandler { close(fd) }
      source.resume()
      acceptSource = source
    }
  }

  /// Stops listening and closes every connection.
  package func stop() {
    queue.sync {
      if acceptPaused { acceptSource?.resume() }
      acceptPaused = false
      acceptSource?.cancel()
      acceptSource = nil
      for connection in connections.values { connection.close() }
      connections = [:]
    }
  }

  // MARK: Connections

  private func acceptAll() {
    dispatchPrecondition(condition: .onQueue(queue))
    while true {
      let fd = accept(listenFD, nil, nil)
      if fd < 0 {
        // EAGAIN: all taken; EINTR, ECONNABORTED: the next one. Anything else (EMFILE):
        // pause, rather than spin on a socket that stays readable.
        if errno == EINTR || errno == ECONNABORTED { continue }
        if errno != EAGAIN && errno != EWOULDBLOCK { pauseAccepting() }
        return
      }
      guard connections.count < limits.maxConnections else {
        close(fd)
        continue
      }
      // Non-blocking and not inherited by an exec sink's child.
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      let connection = HTTPConnection(
        fd: fd, queue: queue, limits: limits, respond: { [self] head in respond(to: head) },
        closed: { [self] connection in connections[ObjectIdentifier(connection)] = nil })
      connections[ObjectIdentifier(connection)] = connection
      connection.start()
    }
  }

  private func pauseAccepting() {
    guard let source = acceptSource, !acceptPaused else { return }
    source.suspend()
    acceptPaused = true
    queue.asyncAfter(deadline: .now() + 0.1) { [self] in
      guard acceptPaused, let source = acceptSource else { return }
      acceptPaused = false
      source.resume()
    }
  }

  /// The answer to a request: on `queue`, so scrapes and checks run one at a time.
  func respond(to request: HTTPRequestHead.Parse) -> (HTTPResponse, includingBody: Bool) {
    guard case .complete(let head) = request else {
      return (.text(400, "Bad Request", "not an HTTP/1.x request"), true)
    }
    guard Self.paths.contains(head.path) else {
      return (.text(404, "Not Found", "only /metrics, /healthz and /readyz are served"), true)
    }
    guard head.method == "GET" || head.method == "HEAD" else {
      var response = HTTPResponse.text(405, "Method Not Allowed", "only GET and HEAD")
      response.extraHeaders = [("Allow", "GET, HEAD")]
      return (response, true)
    }
    let includingBody = head.method == "GET"
    switch head.path {
    case "/metrics":
      var response = HTTPResponse(status: 200, reason: "OK", body: registry.scrape())
      response.contentType = TextExposition.contentType
      return (response, includingBody)
    case "/healthz":
      return (.text(200, "OK", "ok"), includingBody)
    default:
      switch readiness() {
      case .ready: return (.text(200, "OK", "ready"), includingBody)
      case .notReady(let reasons):
        return (
          .text(503, "Service Unavailable", "not ready: " + reasons.joined(separator: "; ")),
          includingBody
        )
      }
    }
  }

  // MARK: Listening

  private static func listen(on address: ListenAddress) throws(MetricsServerError) -> (
    Int32, ListenAddress
  ) {
    let domain = address.family == .ipv6 ? AF_INET6 : AF_INET
    let type = SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue
    let fd = socket(domain, Int32(type), 0)
    guard fd >= 0 else { throw MetricsServerError(address: address, call: "socket", errno) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var bound = address
    do throws(MetricsServerError) {
      switch address.family {
      case .ipv4:
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = address.port.bigEndian
        inet_pton(AF_INET, address.host, &socketAddress.sin_addr)
        try bindAndListen(fd, &socketAddress, address)
        bound.port = UInt16(bigEndian: socketAddress.sin_port)
      case .ipv6:
        var socketAddress = sockaddr_in6()
        socketAddress.sin6_family = sa_family_t(AF_INET6)
        socketAddress.sin6_port = address.port.bigEndian
        inet_pton(AF_INET6, address.host, &socketAddress.sin6_addr)
        // Only IPv6: `[::]` must not take the IPv4 port as well.
        setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, socklen_t(MemoryLayout<Int32>.size))
        try bindAndListen(fd, &socketAddress, address)
        bound.port = UInt16(bigEndian: socketAddress.sin6_port)
      }
    } catch {
      close(fd)
      throw error
    }
    return (fd, bound)
  }

  /// Binds `fd` to `socketAddress`, listens, and reads the bound address back into it (the
  /// port the kernel picked for 0).
  private static func bindAndListen<Address>(
    _ fd: Int32, _ socketAddress: inout Address, _ address: ListenAddress
  ) throws(MetricsServerError) {
    var failed: (call: String, code: Int32)?
    withUnsafeMutablePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        var length = socklen_t(MemoryLayout<Address>.size)
        if bind(fd, pointer, length) != 0 {
          failed = ("bind", errno)
        } else if Glibc.listen(fd, 64) != 0 {
          failed = ("listen", errno)
        } else if getsockname(fd, pointer, &length) != 0 {
          failed = ("getsockname", errno)
        }
      }
    }
    if let failed { throw MetricsServerError(address: address, call: failed.call, failed.code) }
  }
}

/// The endpoint cannot listen: which address, and the system's reason.
package struct MetricsServerError: Error, CustomStringConvertible {
  package var address: ListenAddress
  package var call: String
  package var code: Int32

  init(address: ListenAddress, call: String, _ code: Int32) {
    self.address = address
    self.call = call
    self.code = code
  }

  package var description: String {
    let reason = String(cString: strerror(code))
    let hint =
      code == EADDRINUSE
      ? " (another process listens there: pick another port in \"metrics.listen\")"
      : code == EADDRNOTAVAIL ? " (no interface of this machine has that address)" : ""
    return "cannot listen on \(address) for metrics: \(reason)\(hint)"
  }
}
