import CCurl
import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Dispatch sources watching one socket for libcurl.
struct SocketSources {
  var read: DispatchSourceRead?
  var write: DispatchSourceWrite?
}

/// How libcurl drives the fetcher: it says which sockets to watch (SOCKETFUNCTION) and when
/// to wake up (TIMERFUNCTION); each wake-up calls `curl_multi_socket_action` and then reports
/// finished transfers. Everything here runs on `queue`: libcurl invokes these callbacks from
/// inside the multi calls, which are only made there. Context reaches the C callbacks only as
/// an unretained `Unmanaged` pointer to the fetcher, which outlives its multi handle.
extension Fetcher {
  private var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

  private static func from(_ context: UnsafeMutableRawPointer?) -> Fetcher {
    Unmanaged<Fetcher>.fromOpaque(context!).takeUnretainedValue()
  }

  func installMultiCallbacks() {
    guard let multi else { return }
    _ = fw_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
    _ = fw_multi_setopt_socket_callback(multi) { _, socket, what, context, _ in
      Fetcher.from(context).watch(socket, what: what)
      return 0
    }
    _ = fw_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    _ = fw_multi_setopt_timer_callback(multi) { _, milliseconds, context in
      Fetcher.from(context).armTimer(milliseconds: milliseconds)
      return 0
    }
  }

  /// We open and close the sockets ourselves: libdispatch requires a descriptor to stay
  /// open until every source on it has run its cancel handler.
  func installSocketCallbacks(on easy: UnsafeMutableRawPointer) {
    _ = fw_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, context)
    _ = fw_easy_setopt_opensocket_callback(easy) { _, _, address in
      guard let address else { return CURL_SOCKET_BAD }
      // Close-on-exec, so a hook process started by the daemon never inherits a connection.
      return socket(
        address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue),
        address.pointee.protocol)
    }
    _ = fw_easy_setopt_pointer(easy, CURLOPT_CLOSESOCKETDATA, context)
    _ = fw_easy_setopt_closesocket_callback(easy) { context, socket in
      Fetcher.from(context).closeWhenUnwatched(socket)
      return 0
    }
  }

  // MARK: - Timer

  private func armTimer(milliseconds: Int) {
    // Never act from inside this callback: the timer fires on the queue, later.
    if milliseconds < 0 {
      timer.schedule(deadline: .distantFuture)
    } else {
      timer.schedule(deadline: .now() + .milliseconds(milliseconds))
    }
  }

  func timerFired() {
    guard let multi else { return }
    var running: Int32 = 0
    curl_multi_socket_action(multi, fw_socket_timeout(), 0, &running)
    drainCompletedTransfers()
  }

  // MARK: - Sockets

  private func watch(_ socket: curl_socket_t, what: Int32) {
    var sources = sockets[socket] ?? SocketSources()
    let wantsRead = what == CURL_POLL_IN || what == CURL_POLL_INOUT
    let wantsWrite = what == CURL_POLL_OUT || what == CURL_POLL_INOUT
    if wantsRead, sources.read == nil {
      let source = DispatchSource.makeReadSource(fileDescriptor: socket, queue: queue)
      start(source, socket: socket, event: CURL_CSELECT_IN)
      sources.read = source
    } else if !wantsRead, let source = sources.read {
      source.cancel()
      sources.read = nil
    }
    if wantsWrite, sources.write == nil {
      let source = DispatchSource.makeWriteSource(fileDescriptor: socket, queue: queue)
      start(source, socket: socket, event: CURL_CSELECT_OUT)
      sources.write = source
    } else if !wantsWrite, let source = sources.write {
      source.cancel()
      sources.write = nil
    }
    sockets[socket] = sources.read == nil && sources.write == nil ? nil : sources
  }

  private func start(_ source: DispatchSourceProtocol, socket: curl_socket_t, event: Int32) {
    liveSources[socket, default: 0] += 1
    source.setEventHandler { [self] in socketReady(socket, event: event) }
    source.setCancelHandler { [self] in sourceCancelled(socket) }
    source.resume()
  }

  private func socketReady(_ socket: curl_socket_t, event: Int32) {
    guard let multi else { return }
    var running: Int32 = 0
    curl_multi_socket_action(multi, socket, event, &running)
    drainCompletedTransfers()
  }

  private func sourceCancelled(_ socket: curl_socket_t) {
    let remaining = (liveSources[socket] ?? 1) - 1
    liveSources[socket] = remaining == 0 ? nil : remaining
    if remaining == 0, socketsToClose.remove(socket) != nil {
      close(socket)
    }
  }

  private func closeWhenUnwatched(_ socket: curl_socket_t) {
    if let sources = sockets.removeValue(forKey: socket) {
      sources.read?.cancel()
      sources.write?.cancel()
    }
    if liveSources[socket] == nil {
      close(socket)
    } else {
      socketsToClose.insert(socket)
    }
  }

  func cancelAllSocketSources() {
    for sources in sockets.values {
      sources.read?.cancel()
      sources.write?.cancel()
    }
    sockets = [:]
  }
}
