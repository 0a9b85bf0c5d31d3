/// Requests waiting for a transfer slot, first in, first out.
struct AdmissionQueue {
  private var entries: [(FetchRequest, TransferHandler)?] = []
  private var head = 0

  var count: Int { entries.count - head }

  mutating func append(_ request: FetchRequest, _ handler: TransferHandler) {
    entries.append((request, handler))
  }

  mutating func next() -> (FetchRequest, TransferHandler)? {
    guard head < entries.count else { return nil }
    let entry = entries[head]
    entries[head] = nil
    head += 1
    // Reclaim the consumed prefix once it dominates the storage.
    if head > 1024 && head * 2 > entries.count {
      entries.removeFirst(head)
      head = 0
    }
    return entry
  }

  mutating func removeAll() -> [TransferHandler] {
    let handlers = entries[head...].compactMap { $0?.1 }
    entries = []
    head = 0
    return handlers
  }
}
