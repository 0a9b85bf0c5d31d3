import CCurl
import Dispatch
public import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Fetches URLs with libcurl's multi socket API, driven by Dispatch: libcurl's sockets sit in one
/// epoll set watched by one Dispatch read source (`SocketPoller`), its timeouts in one timer.
///
/// Concurrency: every piece of mutable state (the multi handle, the transfers, the socket
/// poller, the timer) is touched only on `queue`, a serial queue; the public methods hop
/// onto it. That is why the class is `@unchecked Sendable`. No thread per transfer and no
/// polling: libcurl tells us which sockets to watch and when to wake up, so an idle
/// fetcher uses no CPU.
///
/// Lifetime: Dispatch handlers hold the fetcher strongly; call `shutdown()` when done.
public final class Fetcher: @unchecked Sendable {
  public let maxConcurrent: Int
  public let politeness: HostPoliteness
  let addressPolicy: @Sendable (UnsafePointer<sockaddr>) -> String?
  let logger: Logger
  let queue = DispatchQueue(label: "feedwatch.fetcher")
  private let queueKey = DispatchSpecificKey<Bool>()

  // Confined to `queue`.
  var multi: UnsafeMutableRawPointer?
  let timer: DispatchSourceTimer
  /// The deadline `timer` is armed for; nil when disarmed.
  var armedDeadline: DispatchTime?
  /// libcurl asked to be called again as soon as possible (see `armTimer`).
  var timeoutDue = false
  /// Nil after shutdown, or when the kernel refused an epoll instance (every fetch then fails).
  var poller: SocketPoller?
  private var active: [UnsafeMutableRawPointer: Transfer] = [:]
  private var waiting = AdmissionQueue()
  private var activeByHost: [String: Int] = [:]
  private var lastStartByHost: [String: DispatchTime] = [:]
  private var spacingWakeUp: DispatchTime?
  /// The CURLMOPT_MAXCONNECTS last set; 0 for libcurl's default.
  private var connectionCacheSize = 0
  private var isShutDown = false

  /// `maxConcurrent` bounds the transfers inside libcurl at once; the rest wait in the fetcher.
  /// `politeness` additionally limits transfers per host (no limit by default).
  public convenience init(
    maxConcurrent: Int = 32, logger: Logger, politeness: HostPoliteness = .unlimited
  ) {
    self.init(
      maxConcurrent: maxConcurrent, logger: logger, politeness: politeness,
      addressPolicy: AddressPolicy.refusal)
  }

  /// `addressPolicy` judges each address a `denyPrivateNetworks` request is about to connect
  /// to: the text to report when refused, nil when allowed. Tests replace it, since every
  /// server they can start is on loopback.
  init(
    maxConcurrent: Int, logger: Logger, politeness: HostPoliteness,
    addressPolicy: @escaping @Sendable (UnsafePointer<sockaddr>) -> String?
  ) {
    self.addressPolicy = addressPolicy
    precondition(CurlRuntime.initialized, "curl_global_init failed")
    self.maxConcurrent = max(1, maxConcurrent)
    self.politeness = politeness
    self.logger = logger
    timer = DispatchSource.makeTimerSource(queue: queue)
    queue.setSpecific(key: queueKey, value: true)
    timer.setEventHandler { [self] in timerFired() }
    timer.resume()
    poller = SocketPoller(queue: queue) { [self] in socketsReady() }
    if poller == nil {
      logger.error("cannot create an epoll instance", metadata: ["errno": "\(errno)"])
    }
    multi = curl_multi_init()
    installMultiCallbacks()
  }

  /// Starts `request` now, or as soon as fewer than `maxConcurrent` transfers are running.
  /// The handler's callbacks run on the fetcher's queue. Safe from any thread.
  public func fetch(_ request: FetchRequest, handler: TransferHandler) {
    let host = politeness == .unlimited ? "" : hostKey(of: request.url)
    // Always asynchronous: a handler may call this from inside a libcurl callback,
    // where adding a handle to the multi is not allowed.
    queue.async { [self] in
      guard !isShutDown else {
        handler.didComplete(.failure(.aborted))
        return
      }
      waiting.append(request, host: host, handler)
      admit()
      runDueTimeouts()
    }
  }

  /// Transfers currently inside libcurl. Both counts include a request only once the fetcher's
  /// queue has taken it, which may be just after `fetch` returns.
  public var activeTransfers: Int { onQueue { active.count } }
  /// Transfers waiting for a free slot.
  public var queuedTransfers: Int { onQueue { waiting.count } }

  /// Aborts every transfer (each handler gets `didComplete(.failure(.aborted))` once), frees
  /// libcurl's state and cancels every Dispatch source. Later `fetch` calls complete as aborted.
  /// Called from a handler callback, it runs right after that callback returns.
  public func shutdown() {
    if DispatchQueue.getSpecific(key: queueKey) == true {
      queue.async { [self] in performShutdown() }
    } else {
      queue.sync { performShutdown() }
    }
  }

  private func performShutdown() {
    guard !isShutDown else { return }
    isShutDown = true
    let aborted = Array(active.values)
    active = [:]
    for transfer in aborted { curl_multi_remove_handle(multi, transfer.easy) }
    let neverStarted = waiting.removeAll()
    curl_multi_cleanup(multi)
    multi = nil
    poller?.cancel()
    poller = nil
    timer.cancel()
    logger.debug(
      "fetcher shut down", metadata: ["aborted": "\(aborted.count + neverStarted.count)"])
    for transfer in aborted { transfer.handler.didComplete(.failure(.aborted)) }
    for handler in neverStarted { handler.didComplete(.failure(.aborted)) }
  }

  private func onQueue<T>(_ body: () -> T) -> T {
    DispatchQueue.getSpecific(key: queueKey) == true ? body() : queue.sync(execute: body)
  }

  // MARK: - Admission and completion (on `queue`)

  /// Moves waiting requests into libcurl while there is room. Never called from inside a libcurl callback.
  ///
  /// `freedHosts` have just finished transfers. Their waiting requests go first: the finished
  /// transfer's connection sits idle in libcurl's cache, so the next request to that host reuses
  /// it (keep-alive) instead of opening another. Taking hosts strictly in arrival order instead
  /// would visit every other waiting host before coming back, and with more hosts than the cache
  /// keeps connections every request would connect anew.
  func admit(preferring freedHosts: [String] = []) {
    guard !isShutDown else { return }
    let now = DispatchTime.now()
    for host in freedHosts where active.count < maxConcurrent && mayStart(host: host, at: now) {
      guard let entry = waiting.next(from: host) else { continue }
      start(entry.request, handler: entry.handler, host: entry.host)
    }
    while active.count < maxConcurrent,
      let entry = waiting.next(where: { mayStart(host: $0, at: now) })
    {
      start(entry.request, handler: entry.handler, host: entry.host)
    }
    scheduleWakeUpForSpacing(now: now)
    sizeConnectionCache()
  }

  /// Keeps room in libcurl's cache for an idle connection per host with requests waiting.
  ///
  /// libcurl keeps 4 connections per transfer it runs, and closes the least recently used beyond
  /// that. With a per-host spacing a host's connection idles between its requests while other
  /// hosts' connections come back, and with more waiting hosts than that bound it would be closed
  /// before its next use. Capped, since each idle connection holds a descriptor.
  private func sizeConnectionCache() {
    let wanted = min(4 * maxConcurrent + waiting.hostCount, max(4 * maxConcurrent, 512))
    guard wanted != connectionCacheSize, let multi else { return }
    connectionCacheSize = wanted
    _ = fw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, wanted)
  }

  private func mayStart(host: String, at now: DispatchTime) -> Bool {
    guard !host.isEmpty else { return true }
    if activeByHost[host, default: 0] >= politeness.maxConcurrentPerHost { return false }
    if let last = lastStartByHost[host], now < last + politeness.minimumSpacing { return false }
    return true
  }

  /// When only a host's spacing holds requests back, nothing else would call `admit` at the
  /// right moment: schedule that moment.
  private func scheduleWakeUpForSpacing(now: DispatchTime) {
    guard politeness.minimumSpacing > 0, active.count < maxConcurrent, waiting.count > 0 else {
      return
    }
    var earliest: DispatchTime?
    for host in waiting.waitingHosts
    where activeByHost[host, default: 0] < politeness.maxConcurrentPerHost {
      guard let last = lastStartByHost[host] else { continue }
      let due = last + politeness.minimumSpacing
      if due > now, earliest.map({ due < $0 }) ?? true { earliest = due }
    }
    guard let earliest, spacingWakeUp.map({ earliest < $0 }) ?? true else { return }
    spacingWakeUp = earliest
    queue.asyncAfter(deadline: earliest) { [self] in
      if spacingWakeUp == earliest { spacingWakeUp = nil }
      admit()
      runDueTimeouts()
    }
  }

  private func start(_ request: FetchRequest, handler: TransferHandler, host: String) {
    guard let multi, poller != nil,
      let transfer = Transfer(
        request: request, handler: handler, host: host, addressPolicy: addressPolicy)
    else {
      handler.didComplete(
        .failure(
          .transport(
            code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory or descriptors")))
      return
    }
    if let error = transfer.configure() {
      logger.debug(
        "fetch refused",
        metadata: request.logMetadata.merging(["error": "\(request.loggable(error))"]) { $1 })
      handler.didComplete(.failure(error))
      return
    }
    installSocketCallbacks(on: transfer)
    active[transfer.easy] = transfer
    let added = curl_multi_add_handle(multi, transfer.easy)
    guard added == CURLM_OK else {
      active[transfer.easy] = nil
      let message = String(cString: curl_multi_strerror(added))
      handler.didComplete(.failure(.transport(code: Int(added.rawValue), message: message)))
      return
    }
    if !host.isEmpty {
      activeByHost[host, default: 0] += 1
      if politeness.minimumSpacing > 0 { lastStartByHost[host] = .now() }
    }
    logger.trace("fetch started", metadata: request.logMetadata)
  }

  /// Reports every transfer libcurl has finished, then refills the free slots.
  func drainCompletedTransfers() {
    var remaining: Int32 = 0
    var freedHosts: [String] = []
    while let multi, let message = curl_multi_info_read(multi, &remaining) {
      guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else {
        continue
      }
      // Copy before removing the handle: the message does not survive it.
      let code = message.pointee.data.result
      guard let transfer = active.removeValue(forKey: easy) else { continue }
      curl_multi_remove_handle(multi, easy)
      if !transfer.host.isEmpty { freedHosts.append(transfer.host) }
      finish(transfer, code: code)
    }
    admit(preferring: freedHosts)
  }

  private func finish(_ transfer: Transfer, code: CURLcode) {
    if !transfer.host.isEmpty {
      let remaining = activeByHost[transfer.host, default: 1] - 1
      activeByHost[transfer.host] = remaining > 0 ? remaining : nil
    }
    let result = transfer.outcome(code)
    switch result {
    case .success(let response):
      logger.debug(
        "fetched",
        metadata: transfer.request.logMetadata.merging([
          "status": "\(response.status)", "bytes": "\(response.bodyBytes)",
          "elapsed": "\(ElapsedText.format(response.elapsed))",
        ]) { $1 })
    case .failure(let error):
      logger.debug(
        "fetch failed",
        metadata: transfer.request.logMetadata.merging([
          "error": "\(transfer.request.loggable(error))"
        ]) { $1 }
      )
    }
    transfer.handler.didComplete(result)
  }
}

/// `curl_global_init` must run once, before any other libcurl call.
enum CurlRuntime {
  static let initialized: Bool = fw_global_init() == CURLE_OK
}
