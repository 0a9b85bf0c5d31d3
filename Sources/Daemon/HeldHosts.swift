/// The hosts a node of a cluster holds and their due feeds not yet polled or still in
/// flight: a host is released once every feed it was claimed for is done. A plain value,
/// touched only on the scheduler's queue.
struct HeldHosts {
  /// Feed keys to start, by host, in claim order.
  private var waiting: [String: [String]] = [:]
  private var order: [String] = []
  private var running: [String: Int] = [:]
  /// When each host was claimed, counted in claims: a renewal's answer speaks only of the
  /// hosts claimed before it was asked.
  private var claimedAt: [String: Int] = [:]
  /// Claims so far.
  private(set) var claims = 0

  var isEmpty: Bool { waiting.isEmpty && running.isEmpty }
  /// Feeds claimed and not started yet.
  private(set) var waitingCount = 0
  var hosts: Set<String> { Set(waiting.keys).union(running.keys) }

  /// A claimed host and the due feeds of it this node polls.
  mutating func add(host: String, keys: [String]) {
    guard !keys.isEmpty else { return }
    claims += 1
    claimedAt[host] = claims
    if waiting[host] == nil { order.append(host) }
    waiting[host, default: []] += keys
    waitingCount += keys.count
  }

  /// The next feed to start, and its host: one host after another in turn, so the polls in
  /// flight spread over every held host (the fetcher allows few transfers per host at once).
  mutating func next() -> (host: String, key: String)? {
    while !order.isEmpty {
      let host = order.removeFirst()
      guard var keys = waiting[host], !keys.isEmpty else {
        waiting[host] = nil
        continue
      }
      let key = keys.removeFirst()
      if keys.isEmpty {
        waiting[host] = nil
      } else {
        waiting[host] = keys
        order.append(host)
      }
      waitingCount -= 1
      running[host, default: 0] += 1
      return (host, key)
    }
    return nil
  }

  /// A poll of `host` is done; true when the host has nothing left, to be released.
  mutating func finished(host: String) -> Bool {
    guard let count = running[host] else { return false }
    running[host] = count > 1 ? count - 1 : nil
    guard running[host] == nil && waiting[host] == nil else { return false }
    claimedAt[host] = nil
    return true
  }

  /// After a renewal asked when `claims` was `asked`: the hosts claimed by then and not in
  /// `held` were taken by another node; their feeds not started are dropped (polls in flight
  /// find out at their commit). A host claimed since is not judged: the renewal may have run
  /// before its claim. Returns the lost hosts.
  mutating func keep(only held: Set<String>, askedAfter asked: Int) -> [String] {
    let lost = hosts.subtracting(held).filter { (claimedAt[$0] ?? 0) <= asked }.sorted()
    for host in lost {
      claimedAt[host] = nil
      waitingCount -= waiting[host]?.count ?? 0
      waiting[host] = nil
      running[host] = nil
      order.removeAll { $0 == host }
    }
    return lost
  }
}
