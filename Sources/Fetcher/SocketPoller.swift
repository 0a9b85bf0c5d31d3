import CCurl
import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// Watches libcurl's sockets through one private epoll set, itself watched by a single Dispatch
/// read source on the fetcher's queue.
///
/// Why not a Dispatch source per socket: libcurl changes its interest in a socket several times
/// per transfer (connect: writable; request sent: readable; done: nothing), and each Dispatch
/// source created or cancelled cost about ten system calls (fstat, getsockopt, ioctl,
/// epoll_ctl, an eventfd wake-up) plus a duplicate descriptor, which libdispatch needs because
/// it requires a watched descriptor to stay open until its cancel handler has run. Here a
/// change costs one `epoll_ctl` on libcurl's own descriptor, a descriptor that libcurl closes
/// leaves the set by itself, and one wake-up reports every socket that became ready.
///
/// Confined to the queue given to `init`, like the rest of the fetcher's state.
final class SocketPoller {
  private let epoll: Int32
  private let source: DispatchSourceRead
  /// The sockets registered, and for which interest: to choose between adding and modifying.
  private var registered: [Int32: UInt32] = [:]
  private let readyCapacity = 64
  private let ready: UnsafeMutableRawPointer

  /// `onReady` runs on `queue` whenever at least one watched socket is ready; it should call
  /// `forEachReadySocket`. Nil when the kernel refuses an epoll instance.
  init?(queue: DispatchQueue, onReady: @escaping @Sendable () -> Void) {
    guard let epoll = Epoll.create() else { return nil }
    self.epoll = epoll
    ready = .allocate(
      byteCount: readyCapacity * Epoll.eventStride, alignment: MemoryLayout<UInt64>.alignment)
    source = DispatchSource.makeReadSource(fileDescriptor: epoll, queue: queue)
    source.setEventHandler(handler: onReady)
    // libdispatch needs the descriptor open until the source has ended.
    source.setCancelHandler { close(epoll) }
    source.resume()
  }

  deinit { ready.deallocate() }

  /// Watches `socket` for libcurl's `what` (CURL_POLL_IN, _OUT, _INOUT), or stops for CURL_POLL_REMOVE.
  /// Returns errno when the kernel refuses, 0 otherwise.
  func watch(_ socket: Int32, what: Int32) -> Int32 {
    var interest: UInt32 = 0
    if what == CURL_POLL_IN || what == CURL_POLL_INOUT { interest |= Epoll.readable }
    if what == CURL_POLL_OUT || what == CURL_POLL_INOUT { interest |= Epoll.writable }
    guard interest != 0 else {
      // The socket may be closed already (libcurl's resolver closes its own); nothing to undo then.
      if registered.removeValue(forKey: socket) != nil {
        _ = Epoll.control(epoll, Epoll.delete, socket, interest: 0)
      }
      return 0
    }
    // A closed descriptor leaves the set silently, and its number may come back for a new
    // socket: so when the table and the kernel disagree, trust the kernel.
    var operation = registered[socket] == nil ? Epoll.add : Epoll.modify
    var result = Epoll.control(epoll, operation, socket, interest: interest)
    if result != 0, errno == EEXIST || errno == ENOENT {
      operation = operation == Epoll.add ? Epoll.modify : Epoll.add
      result = Epoll.control(epoll, operation, socket, interest: interest)
    }
    guard result == 0 else {
      let error = errno
      registered[socket] = nil
      return error
    }
    registered[socket] = interest
    return 0
  }

  /// Calls `body` with each ready socket and libcurl's CURL_CSELECT_* mask for it, without waiting.
  func forEachReadySocket(_ body: (Int32, Int32) -> Void) {
    // One pass normally empties the set; a full batch means more may be waiting.
    var count = readyCapacity
    while count == readyCapacity {
      count = Epoll.wait(epoll, ready, capacity: readyCapacity)
      guard count > 0 else { return }
      for index in 0..<count {
        let (events, socket) = Epoll.event(at: index, in: ready)
        var mask: Int32 = 0
        if events & Epoll.readable != 0 { mask |= CURL_CSELECT_IN }
        if events & Epoll.writable != 0 { mask |= CURL_CSELECT_OUT }
        if events & (Epoll.error | Epoll.hangUp) != 0 { mask |= CURL_CSELECT_ERR }
        body(socket, mask)
      }
    }
  }

  /// Stops watching; the epoll descriptor closes once the Dispatch source has ended.
  func cancel() {
    registered = [:]
    source.cancel()
  }
}
