/// Requests waiting for a transfer slot, grouped by host. `next` hands out the oldest request
/// whose host may take one more transfer, so a busy host never holds up the others.
struct AdmissionQueue {
  struct Entry {
    let sequence: Int
    let host: String
    let request: FetchRequest
    let handler: TransferHandler
  }

  private var byHost: [String: HostQueue] = [:]
  private var nextSequence = 0
  private(set) var count = 0

  mutating func append(_ request: FetchRequest, host: String, _ handler: TransferHandler) {
    byHost[host, default: HostQueue()].append(
      Entry(sequence: nextSequence, host: host, request: request, handler: handler))
    nextSequence += 1
    count += 1
  }

  /// The oldest waiting entry among the hosts for which `mayStart` is true.
  mutating func next(where mayStart: (String) -> Bool) -> Entry? {
    var chosen: (host: String, sequence: Int)?
    for (host, queue) in byHost {
      guard let first = queue.first, first.sequence < (chosen?.sequence ?? .max), mayStart(host)
      else { continue }
      chosen = (host, first.sequence)
    }
    guard let host = chosen?.host, let entry = byHost[host]?.removeFirst() else { return nil }
    if byHost[host]?.first == nil { byHost[host] = nil }
    count -= 1
    return entry
  }

  /// Hosts that have requests waiting.
  var waitingHosts: Dictionary<String, HostQueue>.Keys { byHost.keys }

  mutating func removeAll() -> [TransferHandler] {
    let entries = byHost.values.flatMap(\.remaining).sorted { $0.sequence < $1.sequence }
    byHost = [:]
    count = 0
    return entries.map(\.handler)
  }
}

/// First in, first out, without shifting the array on every removal.
struct HostQueue {
  private var entries: [AdmissionQueue.Entry?] = []
  private var head = 0

  var first: AdmissionQueue.Entry? { head < entries.count ? entries[head] : nil }
  var remaining: [AdmissionQueue.Entry] { entries[head...].compactMap { $0 } }

  mutating func append(_ entry: AdmissionQueue.Entry) { entries.append(entry) }

  mutating func removeFirst() -> AdmissionQueue.Entry? {
    guard head < entries.count else { return nil }
    let entry = entries[head]
    entries[head] = nil
    head += 1
    // Reclaim the consumed prefix once it dominates the storage.
    if head > 64 && head * 2 > entries.count {
      entries.removeFirst(head)
      head = 0
    }
    return entry
  }
}
