/// Requests waiting for a transfer slot, grouped by host. `next` hands out the oldest request
/// whose host may take one more transfer, so a busy host never holds up the others.
///
/// `next(from:)` lets the fetcher hand a freed slot straight back to the host that freed it.
///
/// The hosts' oldest waiting requests are kept in a min-heap by arrival, so taking the next
/// request costs O(log hosts) plus the hosts passed over because they may not start yet:
/// with thousands of hosts each admission must not look at every host.
struct AdmissionQueue {
  struct Entry {
    let sequence: Int
    let host: String
    let request: FetchRequest
    let handler: TransferHandler
  }

  private var byHost: [String: HostQueue] = [:]
  /// One element per host in `byHost`: the sequence of its first entry.
  private var heads = MinHeap()
  private var nextSequence = 0
  private(set) var count = 0

  mutating func append(_ request: FetchRequest, host: String, _ handler: TransferHandler) {
    let entry = Entry(sequence: nextSequence, host: host, request: request, handler: handler)
    nextSequence += 1
    count += 1
    if byHost[host] == nil { heads.push(HostHead(sequence: entry.sequence, host: host)) }
    byHost[host, default: HostQueue()].append(entry)
  }

  /// The oldest waiting entry among the hosts for which `mayStart` is true.
  mutating func next(where mayStart: (String) -> Bool) -> Entry? {
    var passedOver: [HostHead] = []
    defer { for head in passedOver { heads.push(head) } }
    while let head = heads.pop() {
      // A head left behind by `next(from:)` no longer names its host's first entry.
      guard byHost[head.host]?.first?.sequence == head.sequence else { continue }
      guard mayStart(head.host) else {
        passedOver.append(head)
        continue
      }
      guard let entry = byHost[head.host]?.removeFirst() else { continue }
      if let following = byHost[head.host]?.first {
        heads.push(HostHead(sequence: following.sequence, host: head.host))
      } else {
        byHost[head.host] = nil
      }
      count -= 1
      return entry
    }
    return nil
  }

  /// The oldest waiting entry for `host`, ahead of older entries for other hosts.
  mutating func next(from host: String) -> Entry? {
    guard let entry = byHost[host]?.removeFirst() else { return nil }
    // The heap still holds this entry's sequence as the host's head; `next(where:)` skips it.
    if let following = byHost[host]?.first {
      heads.push(HostHead(sequence: following.sequence, host: host))
    } else {
      byHost[host] = nil
    }
    count -= 1
    return entry
  }

  /// How many hosts have requests waiting.
  var hostCount: Int { byHost.count }

  /// Hosts that have requests waiting.
  var waitingHosts: Dictionary<String, HostQueue>.Keys { byHost.keys }

  mutating func removeAll() -> [TransferHandler] {
    let entries = byHost.values.flatMap(\.remaining).sorted { $0.sequence < $1.sequence }
    byHost = [:]
    heads = MinHeap()
    count = 0
    return entries.map(\.handler)
  }
}

struct HostHead {
  let sequence: Int
  let host: String
}

/// A binary min-heap of host heads ordered by sequence.
struct MinHeap {
  private var items: [HostHead] = []

  var isEmpty: Bool { items.isEmpty }

  mutating func push(_ item: HostHead) {
    items.append(item)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child].sequence < items[parent].sequence else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> HostHead? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < items.count, items[left].sequence < items[smallest].sequence { smallest = left }
      if right < items.count, items[right].sequence < items[smallest].sequence { smallest = right }
      guard smallest != parent else { break }
      items.swapAt(parent, smallest)
      parent = smallest
    }
    return top
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
