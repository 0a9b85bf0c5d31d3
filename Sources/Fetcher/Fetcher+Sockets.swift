import CCurl
import Dispatch
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// libcurl's TIMERFUNCTION. Never act from inside it: libcurl is on the stack.
  ///
  /// libcurl changes its timeout many times per transfer, and each reschedule of a Dispatch
  /// timer wakes Dispatch's manager thread. So: a timeout of 0 ("call me again as soon as
  /// possible", after every added handle) is served by `runDueTimeouts` once the current
  /// libcurl call has returned; a later deadline than the one armed is left alone, since an
  /// early wake-up only makes libcurl report the time that remains.
  private func armTimer(milliseconds: Int) {
    if milliseconds == 0 {
      timeoutDue = true
    } else if milliseconds < 0 {
      guard armedDeadline != nil else { return }
      armedDeadline = nil
      timer.schedule(deadline: .distantFuture)
    } else {
      let deadline = DispatchTime.now() + .milliseconds(milliseconds)
      if let armed = armedDeadline, armed <= deadline { return }
      armedDeadline = deadline
      timer.schedule(deadline: deadline)
    }
  }

  func timerFired() {
    armedDeadline = nil
    timeoutDue = true
    runDueTimeouts()
  }

  /// Serves the timeouts libcurl asked for with 0 ms. Called where no libcurl call is on the
  /// stack: at the end of each piece of work on the queue.
  func runDueTimeouts() {
    var rounds = 0
    while timeoutDue, let multi {
      rounds += 1
      guard rounds <= 16 else {
        // Let other work on the queue run; the timer brings us back at once.
        armedDeadline = .now()
        timer.schedule(deadline: .now())
        return
      }
      timeoutDue = false
      var running: Int32 = 0
      curl_multi_socket_action(multi, fw_socket_timeout(), 0, &running)
      drainCompletedTransfers()
    }
  }

  // MARK: - Sockets

  private func watch(_ socket: curl_socket_t, what: Int32) {
    guard let poller else { return }
    let error = poller.watch(socket, what: what)
    if error != 0 {
      // Without events the transfer ends at its timeout rather than hanging.
      logger.error("cannot watch a socket", metadata: ["errno": "\(error)"])
    }
  }

  /// Hands every ready socket to libcurl, then reports the transfers that finished.
  func socketsReady() {
    guard let multi, let poller else { return }
    var running: Int32 = 0
    poller.forEachReadySocket { socket, mask in
      curl_multi_socket_action(multi, socket, mask, &running)
    }
    drainCompletedTransfers()
    runDueTimeouts()
  }
}
