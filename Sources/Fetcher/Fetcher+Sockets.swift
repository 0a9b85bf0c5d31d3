import CCurl
import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Dispatch sources watching one of libcurl's sockets.
///
/// They watch a private duplicate of libcurl's descriptor, never the descriptor itself:
/// libdispatch needs a descriptor to stay open, and its number unused, until every source on
/// it has run its cancel handler, but libcurl closes some descriptors itself right after asking
/// us to stop watching them (the threaded resolver's socketpair, for which no CLOSESOCKETFUNCTION
/// is called). The duplicate is ours, and is closed in the last cancel handler on it.
struct SocketWatch {
  let duplicate: Int32
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

  /// Sockets are opened close-on-exec, so a hook process the daemon starts never inherits one.
  /// Each resolved address passes the transfer's address policy first (`denyPrivateNetworks`):
  /// checking here, rather than the URL's host, also covers redirects and DNS answers.
  func installSocketCallbacks(on transfer: Transfer) {
    _ = fw_easy_setopt_pointer(
      transfer.easy, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(transfer).toOpaque())
    _ = fw_easy_setopt_opensocket_callback(transfer.easy) { context, _, address in
      guard let context, let address else { return CURL_SOCKET_BAD }
      // The transfer is kept alive by the fetcher's `active` table while libcurl runs it.
      let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
      // Point at the sockaddr inside libcurl's struct, never a copy: an IPv6 address is longer
      // than the `sockaddr` the field is declared as.
      let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
      let socketAddress = UnsafeRawPointer(address).advanced(by: offset)
        .assumingMemoryBound(to: sockaddr.self)
      guard transfer.mayConnect(to: socketAddress) else { return CURL_SOCKET_BAD }
      return socket(
        address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue),
        address.pointee.protocol)
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
    guard what != CURL_POLL_REMOVE else {
      stopWatching(socket)
      return
    }
    var watch: SocketWatch
    if let existing = socketWatches[socket] {
      watch = existing
    } else {
      let duplicate = fcntl(socket, F_DUPFD_CLOEXEC, 0)
      guard duplicate >= 0 else {
        // Without events the transfer ends at its timeout rather than hanging.
        logger.error("cannot watch a socket", metadata: ["errno": "\(errno)"])
        return
      }
      watch = SocketWatch(duplicate: duplicate)
    }
    let wantsRead = what == CURL_POLL_IN || what == CURL_POLL_INOUT
    let wantsWrite = what == CURL_POLL_OUT || what == CURL_POLL_INOUT
    if wantsRead, watch.read == nil {
      let source = DispatchSource.makeReadSource(fileDescriptor: watch.duplicate, queue: queue)
      start(source, socket: socket, duplicate: watch.duplicate, event: CURL_CSELECT_IN)
      watch.read = source
    } else if !wantsRead, let source = watch.read {
      source.cancel()
      watch.read = nil
    }
    if wantsWrite, watch.write == nil {
      let source = DispatchSource.makeWriteSource(fileDescriptor: watch.duplicate, queue: queue)
      start(source, socket: socket, duplicate: watch.duplicate, event: CURL_CSELECT_OUT)
      watch.write = source
    } else if !wantsWrite, let source = watch.write {
      source.cancel()
      watch.write = nil
    }
    socketWatches[socket] = watch
  }

  private func start(
    _ source: DispatchSourceProtocol, socket: curl_socket_t, duplicate: Int32, event: Int32
  ) {
    liveSources[duplicate, default: 0] += 1
    source.setEventHandler { [self] in socketReady(socket, event: event) }
    source.setCancelHandler { [self] in sourceEnded(on: duplicate) }
    source.resume()
  }

  private func socketReady(_ socket: curl_socket_t, event: Int32) {
    guard let multi else { return }
    var running: Int32 = 0
    curl_multi_socket_action(multi, socket, event, &running)
    drainCompletedTransfers()
  }

  private func stopWatching(_ socket: curl_socket_t) {
    guard let watch = socketWatches.removeValue(forKey: socket) else { return }
    watch.read?.cancel()
    watch.write?.cancel()
    if liveSources[watch.duplicate] == nil {
      close(watch.duplicate)
    } else {
      retiredDuplicates.insert(watch.duplicate)
    }
  }

  private func sourceEnded(on duplicate: Int32) {
    let remaining = (liveSources[duplicate] ?? 1) - 1
    liveSources[duplicate] = remaining > 0 ? remaining : nil
    if remaining == 0, retiredDuplicates.remove(duplicate) != nil {
      close(duplicate)
    }
  }

  func stopWatchingAllSockets() {
    for socket in Array(socketWatches.keys) { stopWatching(socket) }
  }
}
