/// An Aho–Corasick automaton over the bytes of a `MatchStream`: one pass over the text
/// finds every term, whatever the number of terms. Terms are normalised by the same
/// tokenizer and `MatchMode` as the text, and a hit must start and end on word
/// boundaries, so "withdrawal" never matches inside "withdrawalsymptoms".
struct TermMatcher: Sendable {
  struct Hit: Sendable, Equatable {
    var term: Int
    /// First and last token of the hit (inclusive).
    var firstToken: Int
    var lastToken: Int
  }

  let mode: MatchMode
  let termCount: Int
  private var root = [Int32](repeating: 0, count: 256)
  private var edges = ByteEdgeTable()
  private var fail: [Int32] = [0]
  /// Nearest node on the failure chain (self included) where a term ends, or -1.
  private var outputLink: [Int32] = [-1]
  /// First term ending at a node, then `nextTermAtSameNode`.
  private var firstTerm: [Int32] = [-1]
  private var nextTermAtSameNode: [Int32] = []
  private var termLength: [Int32] = []

  init(terms: [String], mode: MatchMode) {
    self.mode = mode
    termCount = terms.count
    nextTermAtSameNode = [Int32](repeating: -1, count: terms.count)
    termLength = [Int32](repeating: 0, count: terms.count)
    // Children lists for the breadth-first pass that sets failure links.
    var firstChild: [Int32] = [-1]
    var nextSibling: [Int32] = [-1]
    var edgeByte: [UInt8] = [0]
    var key: [UInt8] = []
    for (termIndex, term) in terms.enumerated() {
      key.removeAll(keepingCapacity: true)
      TermMatcher.normalise(term, mode: mode, into: &key)
      guard !key.isEmpty else { continue }
      termLength[termIndex] = Int32(key.count)
      var node: Int32 = 0
      for b in key {
        let existing = node == 0 ? (root[Int(b)] == 0 ? -1 : root[Int(b)]) : edges.get(node, b)
        if existing >= 0 {
          node = existing
          continue
        }
        let child = Int32(fail.count)
        fail.append(0)
        outputLink.append(-1)
        firstTerm.append(-1)
        firstChild.append(-1)
        edgeByte.append(b)
        nextSibling.append(firstChild[Int(node)])
        firstChild[Int(node)] = child
        if node == 0 { root[Int(b)] = child } else { edges.set(node, b, child) }
        node = child
      }
      nextTermAtSameNode[termIndex] = firstTerm[Int(node)]
      firstTerm[Int(node)] = Int32(termIndex)
    }
    // Breadth-first failure links.
    var queue: [Int32] = []
    queue.reserveCapacity(fail.count)
    var child = firstChild[0]
    while child >= 0 {
      fail[Int(child)] = 0
      queue.append(child)
      child = nextSibling[Int(child)]
    }
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      let f = fail[Int(node)]
      outputLink[Int(node)] = firstTerm[Int(node)] >= 0 ? node : outputLink[Int(f)]
      var c = firstChild[Int(node)]
      while c >= 0 {
        let b = edgeByte[Int(c)]
        var state = f
        var target: Int32 = 0
        while true {
          let next = step(state, b)
          if next >= 0 {
            target = next
            break
          }
          if state == 0 { break }
          state = fail[Int(state)]
        }
        fail[Int(c)] = target == c ? 0 : target
        queue.append(c)
        c = nextSibling[Int(c)]
      }
    }
  }

  /// Key bytes of a term: tokenised and projected exactly like the text.
  static func normalise(_ term: String, mode: MatchMode, into out: inout [UInt8]) {
    let text = Tokenizer.tokenize(term)
    for index in text.tokens.indices {
      if index > 0 && !text.tokens[index].softBefore { out.append(0) }
      MatchStream.key(of: text, token: index, mode: mode, into: &out)
    }
  }

  @inline(__always)
  private func step(_ node: Int32, _ b: UInt8) -> Int32 {
    if node == 0 {
      let r = root[Int(b)]
      return r == 0 ? -1 : r
    }
    return edges.get(node, b)
  }

  /// Every whole-word occurrence of every term, in text order of their ends.
  func matches(in stream: MatchStream) -> [Hit] {
    var hits: [Hit] = []
    guard termCount > 0 else { return hits }
    // The hot loop runs on raw buffers: one table probe per byte, no bounds checks.
    root.withUnsafeBufferPointer { root in
      edges.withBuffers { keys, values, mask in
        fail.withUnsafeBufferPointer { fail in
          outputLink.withUnsafeBufferPointer { outputLink in
            stream.bytes.withUnsafeBufferPointer { bytes in
              stream.boundary.withUnsafeBufferPointer { boundary in
                @inline(__always) func step(_ node: Int32, _ b: UInt8) -> Int32 {
                  if node == 0 {
                    let r = root[Int(b)]
                    return r == 0 ? -1 : r
                  }
                  return ByteEdgeTable.lookup(keys, values, mask, node, b)
                }
                var node: Int32 = 0
                for i in 0..<bytes.count {
                  let b = bytes[i]
                  while true {
                    let next = step(node, b)
                    if next >= 0 {
                      node = next
                      break
                    }
                    if node == 0 { break }
                    node = fail[Int(node)]
                  }
                  var out = outputLink[Int(node)]
                  guard out >= 0, boundary[i + 1] else { continue }
                  while out > 0 {
                    var term = firstTerm[Int(out)]
                    while term >= 0 {
                      let start = i + 1 - Int(termLength[Int(term)])
                      if boundary[start] {
                        hits.append(
                          Hit(
                            term: Int(term), firstToken: Int(stream.tokenOfByte[start]),
                            lastToken: Int(stream.tokenOfByte[i])))
                      }
                      term = nextTermAtSameNode[Int(term)]
                    }
                    out = outputLink[Int(fail[Int(out)])]
                  }
                }
              }
            }
          }
        }
      }
    }
    return hits
  }
}

/// Open-addressing hash table from (node, byte) to child node: one flat allocation
/// instead of a dictionary per node, so building 10,000 terms stays fast.
struct ByteEdgeTable: Sendable {
  private var keys: [UInt64]
  private var values: [Int32]
  private var mask: Int
  private var count = 0
  private static let empty = UInt64.max

  init() {
    keys = [UInt64](repeating: ByteEdgeTable.empty, count: 1024)
    values = [Int32](repeating: -1, count: 1024)
    mask = 1023
  }

  @inline(__always)
  private static func slot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  func withBuffers<R>(
    _ body: (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<Int32>, Int) -> R
  ) -> R {
    keys.withUnsafeBufferPointer { k in values.withUnsafeBufferPointer { v in body(k, v, mask) } }
  }

  @inline(__always)
  static func lookup(
    _ keys: UnsafeBufferPointer<UInt64>, _ values: UnsafeBufferPointer<Int32>, _ mask: Int,
    _ node: Int32, _ b: UInt8
  ) -> Int32 {
    let key = UInt64(UInt32(bitPattern: node)) << 8 | UInt64(b)
    var s = slot(key, mask)
    while true {
      let k = keys[s]
      if k == key { return values[s] }
      if k == empty { return -1 }
      s = (s + 1) & mask
    }
  }

  @inline(__always)
  func get(_ node: Int32, _ b: UInt8) -> Int32 {
    let key = UInt64(UInt32(bitPattern: node)) << 8 | UInt64(b)
    var s = ByteEdgeTable.slot(key, mask)
    while true {
      let k = keys[s]
      if k == key { return values[s] }
      if k == ByteEdgeTable.empty { return -1 }
      s = (s + 1) & mask
    }
  }

  mutating func set(_ node: Int32, _ b: UInt8, _ child: Int32) {
    if (count + 1) * 2 > keys.count { grow() }
    let key = UInt64(UInt32(bitPattern: node)) << 8 | UInt64(b)
    var s = ByteEdgeTable.slot(key, mask)
    while keys[s] != ByteEdgeTable.empty && keys[s] != key { s = (s + 1) & mask }
    if keys[s] == ByteEdgeTable.empty { count += 1 }
    keys[s] = key
    values[s] = child
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt64](repeating: ByteEdgeTable.empty, count: oldKeys.count * 2)
    values = [Int32](repeating: -1, count: oldKeys.count * 2)
    mask = keys.count - 1
    for (k, key) in oldKeys.enumerated() where key != ByteEdgeTable.empty {
      var s = ByteEdgeTable.slot(key, mask)
      while keys[s] != ByteEdgeTable.empty { s = (s + 1) & mask }
      keys[s] = key
      values[s] = oldValues[k]
    }
  }
}
