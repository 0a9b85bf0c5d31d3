import CEpoll

/// The three epoll calls the socket poller uses, with the socket itself as each event's data.
enum Epoll {
  static let readable = UInt32(EPOLLIN.rawValue)
  static let writable = UInt32(EPOLLOUT.rawValue)
  static let error = UInt32(EPOLLERR.rawValue)
  static let hangUp = UInt32(EPOLLHUP.rawValue)
  static let add = EPOLL_CTL_ADD
  static let delete = EPOLL_CTL_DEL
  static let modify = EPOLL_CTL_MOD
  /// `struct epoll_event` is packed on x86-64 (12 bytes), so buffers are sized by its stride.
  static let eventStride = MemoryLayout<epoll_event>.stride

  /// A new close-on-exec epoll descriptor, or nil (errno says why).
  static func create() -> Int32? {
    let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
    return descriptor >= 0 ? descriptor : nil
  }

  /// `epoll_ctl` with an event whose data is the socket; 0 or -1 (errno).
  static func control(_ epoll: Int32, _ operation: Int32, _ socket: Int32, interest: UInt32)
    -> Int32
  {
    var event = epoll_event()
    event.events = interest
    event.data.fd = socket
    return epoll_ctl(epoll, operation, socket, &event)
  }

  /// `epoll_wait` without blocking into `events` (room for `capacity`); the number of ready
  /// events, 0 when none (or on error).
  static func wait(_ epoll: Int32, _ events: UnsafeMutableRawPointer, capacity: Int) -> Int {
    let typed = events.bindMemory(to: epoll_event.self, capacity: capacity)
    return max(0, Int(epoll_wait(epoll, typed, Int32(capacity), 0)))
  }

  /// The event mask and socket of the `index`th event `wait` returned.
  static func event(at index: Int, in events: UnsafeMutableRawPointer) -> (UInt32, Int32) {
    let event = (events + index * eventStride).loadUnaligned(as: epoll_event.self)
    return (event.events, event.data.fd)
  }
}
