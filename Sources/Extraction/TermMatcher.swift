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
  /// Children of the root, by byte (0 = none).
  private var root = [Int32](repeating: 0, count: 256)
  // Nodes are numbered breadth-first with each node's children contiguous and sorted
  // by byte, so a lookup scans a few adjacent bytes instead of probing a hash table.
  private var childStart: [Int32] = []
  private var childCount: [Int32] = []
  private var edgeByte: [UInt8] = []
  private var fail: [Int32] = []
  /// Nearest node on the failure chain (self included) where a term ends, or -1.
  private var outputLink: [Int32] = []
  /// First term ending at a node, then `nextTermAtSameNode`.
  private var firstTerm: [Int32] = []
  private var nextTermAtSameNode: [Int32] = []
  private var termLength: [Int32] = []

  init(terms: [String], mode: MatchMode) {
    self.init(
      keys: terms.map { term in
        var key: [UInt8] = []
        TermMatcher.normalise(term, mode: mode, into: &key)
        return key
      }, mode: mode)
  }

  /// From terms already normalised in `mode`.
  init(keys: [[UInt8]], mode: MatchMode) {
    self.mode = mode
    termCount = keys.count
    nextTermAtSameNode = [Int32](repeating: -1, count: keys.count)
    termLength = [Int32](repeating: 0, count: keys.count)
    // 1. A trie with hashed edges and per-node child lists.
    var edges = ByteEdgeTable()
    var rootEdges = [Int32](repeating: -1, count: 256)
    var firstChild: [Int32] = [-1]
    var nextSibling: [Int32] = [-1]
    var bytes: [UInt8] = [0]
    var terminal: [Int32] = [-1]
    for (termIndex, key) in keys.enumerated() {
      guard !key.isEmpty else { continue }
      termLength[termIndex] = Int32(key.count)
      var node: Int32 = 0
      for b in key {
        let existing = node == 0 ? rootEdges[Int(b)] : edges.get(node, b)
        if existing >= 0 {
          node = existing
          continue
        }
        let child = Int32(bytes.count)
        terminal.append(-1)
        firstChild.append(-1)
        bytes.append(b)
        nextSibling.append(firstChild[Int(node)])
        firstChild[Int(node)] = child
        if node == 0 { rootEdges[Int(b)] = child } else { edges.set(node, b, child) }
        node = child
      }
      nextTermAtSameNode[termIndex] = terminal[Int(node)]
      terminal[Int(node)] = Int32(termIndex)
    }
    // 2. Breadth-first renumbering with sorted, contiguous children.
    let count = bytes.count
    var order: [Int32] = [0]
    order.reserveCapacity(count)
    var newId = [Int32](repeating: 0, count: count)
    var start = [Int32](repeating: 0, count: count)
    var fanOut = [Int32](repeating: 0, count: count)
    var head = 0
    var kids: [Int32] = []
    while head < order.count {
      let node = order[head]
      newId[Int(node)] = Int32(head)
      head += 1
      kids.removeAll(keepingCapacity: true)
      var c = firstChild[Int(node)]
      while c >= 0 {
        kids.append(c)
        c = nextSibling[Int(c)]
      }
      kids.sort { bytes[Int($0)] < bytes[Int($1)] }
      start[Int(node)] = Int32(order.count)
      fanOut[Int(node)] = Int32(kids.count)
      order.append(contentsOf: kids)
    }
    childStart = [Int32](repeating: 0, count: count)
    childCount = [Int32](repeating: 0, count: count)
    edgeByte = [UInt8](repeating: 0, count: count)
    firstTerm = [Int32](repeating: -1, count: count)
    for (position, old) in order.enumerated() {
      childStart[position] = start[Int(old)]
      childCount[position] = fanOut[Int(old)]
      edgeByte[position] = bytes[Int(old)]
      firstTerm[position] = terminal[Int(old)]
    }
    for b in 0..<256 where rootEdges[b] >= 0 { root[b] = newId[Int(rootEdges[b])] }
    // 3. Failure and output links, breadth-first (children after their parents).
    fail = [Int32](repeating: 0, count: count)
    outputLink = [Int32](repeating: -1, count: count)
    for node in 1..<max(count, 1) {
      let first = Int(childStart[node])
      for c in first..<(first + Int(childCount[node])) {
        var state = fail[node]
        var target: Int32 = 0
        let b = edgeByte[c]
        while true {
          let next = step(state, b)
          if next >= 0 {
            target = next
            break
          }
          if state == 0 { break }
          state = fail[Int(state)]
        }
        fail[c] = target
      }
      outputLink[node] = firstTerm[node] >= 0 ? Int32(node) : outputLink[Int(fail[node])]
    }
  }

  /// Key bytes of a term: tokenised and projected exactly like the text.
  static func normalise(_ term: String, mode: MatchMode, into out: inout [UInt8]) {
    normalise(Tokenizer.tokenize(term), mode: mode, into: &out)
  }

  static func normalise(_ text: TokenizedText, mode: MatchMode, into out: inout [UInt8]) {
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
    let first = Int(childStart[Int(node)])
    for c in first..<(first + Int(childCount[Int(node)])) where edgeByte[c] >= b {
      return edgeByte[c] == b ? Int32(c) : -1
    }
    return -1
  }

  /// Every whole-word occurrence of every term, in text order of their ends.
  func matches(in stream: MatchStream) -> [Hit] {
    var hits: [Hit] = []
    guard termCount > 0 else { return hits }
    // The hot loop runs on raw buffers: no bounds checks, no reference counting.
    root.withUnsafeBufferPointer { root in
      childStart.withUnsafeBufferPointer { childStart in
        childCount.withUnsafeBufferPointer { childCount in
          edgeByte.withUnsafeBufferPointer { edgeByte in
            fail.withUnsafeBufferPointer { fail in
              outputLink.withUnsafeBufferPointer { outputLink in
                stream.bytes.withUnsafeBufferPointer { bytes in
                  stream.boundary.withUnsafeBufferPointer { boundary in
                    @inline(__always) func step(_ node: Int32, _ b: UInt8) -> Int32 {
                      if node == 0 {
                        let r = root[Int(b)]
                        return r == 0 ? -1 : r
                      }
                      var c = Int(childStart[Int(node)])
                      let end = c + Int(childCount[Int(node)])
                      while c < end {
                        let e = edgeByte[c]
                        if e == b { return Int32(c) }
                        if e > b { return -1 }
                        c += 1
                      }
                      return -1
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
