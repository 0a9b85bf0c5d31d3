#if canImport(Glibc)
  import Glibc
#endif

/// The three epoll calls and their constants, which the Glibc module does not export.
///
/// The functions are looked up once with `dlsym`, so they are called through plain C function
/// pointers with the C calling convention; the constants are the kernel's ABI values.
enum Epoll {
  static let readable: UInt32 = 0x001  // EPOLLIN
  static let writable: UInt32 = 0x004  // EPOLLOUT
  static let error: UInt32 = 0x008  // EPOLLERR
  static let hangUp: UInt32 = 0x010  // EPOLLHUP
  static let add: Int32 = 1  // EPOLL_CTL_ADD
  static let delete: Int32 = 2  // EPOLL_CTL_DEL
  static let modify: Int32 = 3  // EPOLL_CTL_MOD
  private static let closeOnExec = Int32(O_CLOEXEC)  // EPOLL_CLOEXEC

  /// `struct epoll_event` is { uint32_t events; uint64_t data; }, packed on x86-64 only.
  #if arch(x86_64)
    static let eventStride = 12
    private static let dataOffset = 4
  #else
    static let eventStride = 16
    private static let dataOffset = 8
  #endif

  private typealias CreateFunction = @convention(c) (Int32) -> Int32
  private typealias ControlFunction =
    @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
  private typealias WaitFunction =
    @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

  private struct Functions: @unchecked Sendable {  // C function pointers: immutable, no state
    let create: CreateFunction
    let control: ControlFunction
    let wait: WaitFunction
  }

  private static let functions: Functions? = {
    guard let create = dlsym(nil, "epoll_create1"), let control = dlsym(nil, "epoll_ctl"),
      let wait = dlsym(nil, "epoll_wait")
    else { return nil }
    return Functions(
      create: unsafeBitCast(create, to: CreateFunction.self),
      control: unsafeBitCast(control, to: ControlFunction.self),
      wait: unsafeBitCast(wait, to: WaitFunction.self))
  }()

  /// A new close-on-exec epoll descriptor, or nil (errno says why).
  static func create() -> Int32? {
    guard let functions else { return nil }
    let descriptor = functions.create(closeOnExec)
    return descriptor >= 0 ? descriptor : nil
  }

  /// `epoll_ctl` with an event whose data is the socket itself; 0 or -1 (errno).
  static func control(_ epoll: Int32, _ operation: Int32, _ socket: Int32, interest: UInt32)
    -> Int32
  {
    guard let functions else { return -1 }
    var event: (UInt64, UInt64) = (0, 0)  // room for either layout
    return withUnsafeMutableBytes(of: &event) { bytes in
      bytes.storeBytes(of: interest, toByteOffset: 0, as: UInt32.self)
      bytes.storeBytes(
        of: UInt64(UInt32(bitPattern: socket)), toByteOffset: dataOffset, as: UInt64.self)
      return functions.control(epoll, operation, socket, bytes.baseAddress)
    }
  }

  /// `epoll_wait` without blocking into `events` (room for `capacity`); the number of ready
  /// events, 0 when none (or on error).
  static func wait(_ epoll: Int32, _ events: UnsafeMutableRawPointer, capacity: Int) -> Int {
    guard let functions else { return 0 }
    return max(0, Int(functions.wait(epoll, events, Int32(capacity), 0)))
  }

  /// The event mask and socket of the `index`th event `wait` returned.
  static func event(at index: Int, in events: UnsafeMutableRawPointer) -> (UInt32, Int32) {
    let base = events + index * eventStride
    let mask = base.loadUnaligned(as: UInt32.self)
    let data = base.loadUnaligned(fromByteOffset: dataOffset, as: UInt64.self)
    return (mask, Int32(truncatingIfNeeded: data))
  }
}
