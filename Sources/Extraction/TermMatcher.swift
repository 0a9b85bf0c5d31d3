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
  /// Bytes that occur in some term get a class 1…; every other byte is class 0, which
  /// leads back to the root from any state.
  private var byteClass = [Int32](repeating: 0, count: 256)
  private var classCount = 1
  /// States are numbered breadth-first. The first `denseCount` (the root and the shallow
  /// states, where the scan spends nearly all its time) have a full row in `dense`:
  /// `dense[state * classCount + class]`, one load per byte. An entry holds the next
  /// state in its low 15 bits and, in its top bit, whether a term ends at that state or
  /// on its failure chain. Two bytes an entry keep the rows the scan visits in fewer
  /// cache lines (the scan waits on these loads). Deeper states keep only their
  /// children (contiguous, from `childStart`) and a failure link, so a 10,000-term list
  /// stays small in memory.
  private var denseCount = 0
  private var dense: [UInt16] = []
  private var childStart: [Int32] = []
  private var childCount: [Int32] = []
  private var edgeClass: [Int32] = []
  private var fail: [Int32] = []
  /// Nearest state on the failure chain (self included) where a term ends, or -1.
  private var outputLink: [Int32] = []
  /// First term ending at a state, then `nextTermAtSameNode`.
  private var firstTerm: [Int32] = []
  private var nextTermAtSameNode: [Int32] = []
  private var termLength: [Int32] = []
  /// Bytes in the longest term.
  private var longestTerm = 0

  /// At most this many table entries (2 bytes each) for the dense states.
  private static let denseEntries = 1 << 18
  /// An entry's top bit: a term ends at the next state or on its failure chain.
  private static let outputFlag: UInt16 = 0x8000

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
    for key in keys {
      for b in key where byteClass[Int(b)] == 0 {
        byteClass[Int(b)] = Int32(classCount)
        classCount += 1
      }
    }
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
      longestTerm = max(longestTerm, key.count)
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
    // 2. Breadth-first order: each state's children are contiguous, and every failure
    // state comes before the states that fail to it.
    let count = bytes.count
    var order: [Int32] = [0]
    order.reserveCapacity(count)
    var newId = [Int32](repeating: 0, count: count)
    childStart = [Int32](repeating: 0, count: count)
    childCount = [Int32](repeating: 0, count: count)
    var head = 0
    while head < order.count {
      let node = order[head]
      newId[Int(node)] = Int32(head)
      childStart[head] = Int32(order.count)
      var c = firstChild[Int(node)]
      while c >= 0 {
        order.append(c)
        c = nextSibling[Int(c)]
      }
      childCount[head] = Int32(order.count) - childStart[head]
      head += 1
    }
    // 3. Rows of the dense states, failure and output links, state by state.
    let classes = classCount
    denseCount = min(count, max(1, TermMatcher.denseEntries / classes))
    // Entries hold the numbers of the dense states' children: they must fit in 15 bits.
    while denseCount > 1,
      Int(childStart[denseCount - 1]) + Int(childCount[denseCount - 1])
        > Int(TermMatcher.outputFlag)
    {
      denseCount /= 2
    }
    dense = [UInt16](repeating: 0, count: denseCount * classes)
    fail = [Int32](repeating: 0, count: count)
    edgeClass = [Int32](repeating: 0, count: count)
    firstTerm = [Int32](repeating: -1, count: count)
    outputLink = [Int32](repeating: -1, count: count)
    for (state, old) in order.enumerated() {
      firstTerm[state] = terminal[Int(old)]
      edgeClass[state] = byteClass[Int(bytes[Int(old)])]
    }
    for state in 0..<count {
      let first = Int(childStart[state])
      let children = first..<(first + Int(childCount[state]))
      for child in children {
        // The child's failure state: where this state's failure state goes on its byte.
        fail[child] =
          state == 0 ? 0 : transition(from: Int(fail[state]), on: Int(edgeClass[child]))
        outputLink[child] =
          firstTerm[child] >= 0 ? Int32(child) : outputLink[Int(fail[child])]
      }
      if state < denseCount {
        let row = state * classes
        if state != 0 {
          // Missing edges behave like the failure state's (the root's all lead to 0).
          let failRow = Int(fail[state]) * classes
          for k in 0..<classes { dense[row + k] = dense[failRow + k] }
        }
        for child in children {
          dense[row + Int(edgeClass[child])] =
            UInt16(child) | (outputLink[child] >= 0 ? TermMatcher.outputFlag : 0)
        }
      }
    }
  }

  /// The goto function: a row lookup for dense states, else the state's own children,
  /// then its failure chain (which ends in a dense state).
  @inline(__always)
  private func transition(from state: Int, on byteClass: Int) -> Int32 {
    var s = state
    while s >= denseCount {
      let first = Int(childStart[s])
      for child in first..<(first + Int(childCount[s])) where edgeClass[child] == byteClass {
        return Int32(child)
      }
      s = Int(fail[s])
    }
    return Int32(dense[s * classCount + byteClass] & ~TermMatcher.outputFlag)
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

  /// Every whole-word occurrence of every term, in text order of their ends.
  func matches(in stream: MatchStream) -> [Hit] {
    guard termCount > 0 else { return [] }
    let ends = scan(stream)
    var hits: [Hit] = []
    hits.reserveCapacity(ends.count)
    for (end, state) in ends {
      var out = outputLink[state]
      while out > 0 {
        var term = firstTerm[Int(out)]
        while term >= 0 {
          let start = end + 1 - Int(termLength[Int(term)])
          if stream.boundary[start] {
            hits.append(
              Hit(
                term: Int(term), firstToken: Int(stream.tokenAtKeyEdge[start]),
                lastToken: Int(stream.tokenAtKeyEdge[end])))
          }
          term = nextTermAtSameNode[Int(term)]
        }
        out = outputLink[Int(fail[Int(out)])]
      }
    }
    return hits
  }

  /// Runs the automaton over the stream: each byte, followed by a word boundary, after
  /// which the automaton is in a state where some term ends, with that state; in order.
  private func scan(_ stream: MatchStream) -> [(end: Int, state: Int)] {
    // Each byte's step waits on the previous step's table load, so one scan runs at the
    // speed of memory latency. Four parts of the text scanned in one loop overlap their
    // loads. The automaton's state depends on the last `longestTerm` bytes only, so a
    // part's scan starts that far before the part (or just after a byte no term
    // contains, where every state leads back to the root) and finds the same ends.
    let n = stream.bytes.count
    var cuts = [0, n, n, n, n]
    var warmups = [0, n, n, n]
    for part in 1..<4 {
      var cut = max(n * part / 4, cuts[part - 1])
      let limit = min(n, cut + longestTerm)
      while cut < limit && byteClass[Int(stream.bytes[cut])] != 0 { cut += 1 }
      if cut < limit {
        cuts[part] = cut + 1
        warmups[part] = cut + 1
      } else {
        cuts[part] = cut
        warmups[part] = max(cuts[part - 1], cut - longestTerm)
      }
    }
    // Room for an end every eighth byte of each part: the arrays seldom grow.
    var found: [[(end: Int, state: Int)]] = (0..<4).map { part in
      var ends: [(end: Int, state: Int)] = []
      ends.reserveCapacity((cuts[part + 1] - cuts[part]) / 8 + 4)
      return ends
    }
    dense.withUnsafeBufferPointer { dense in
      byteClass.withUnsafeBufferPointer { byteClass in
        outputLink.withUnsafeBufferPointer { outputLink in
          stream.bytes.withUnsafeBufferPointer { bytes in
            stream.boundary.withUnsafeBufferPointer { boundary in
              let automaton = Automaton(
                matcher: self, dense: dense, byteClass: byteClass, outputLink: outputLink,
                bytes: bytes, boundary: boundary)
              var s0 = 0
              var s1 = 0
              var s2 = 0
              var s3 = 0
              for i in warmups[1]..<cuts[1] { _ = automaton.step(&s1, at: i) }
              for i in warmups[2]..<cuts[2] { _ = automaton.step(&s2, at: i) }
              for i in warmups[3]..<cuts[3] { _ = automaton.step(&s3, at: i) }
              let (c0, c1, c2, c3) = (cuts[0], cuts[1], cuts[2], cuts[3])
              let together = min(c1 - c0, c2 - c1, c3 - c2, n - c3)
              for d in 0..<together {
                let e0 = automaton.step(&s0, at: c0 &+ d)
                let e1 = automaton.step(&s1, at: c1 &+ d)
                let e2 = automaton.step(&s2, at: c2 &+ d)
                let e3 = automaton.step(&s3, at: c3 &+ d)
                if _slowPath(e0 || e1 || e2 || e3) {
                  if e0 { found[0].append((c0 + d, s0)) }
                  if e1 { found[1].append((c1 + d, s1)) }
                  if e2 { found[2].append((c2 + d, s2)) }
                  if e3 { found[3].append((c3 + d, s3)) }
                }
              }
              for (part, state) in [s0, s1, s2, s3].enumerated() {
                var state = state
                for i in (cuts[part] + together)..<cuts[part + 1]
                where automaton.step(&state, at: i) {
                  found[part].append((i, state))
                }
              }
            }
          }
        }
      }
    }
    var all: [(end: Int, state: Int)] = []
    all.reserveCapacity(found.reduce(0) { $0 + $1.count })
    for part in found { all.append(contentsOf: part) }
    return all
  }

  /// The automaton's step over raw buffers: no bounds checks, no reference counting.
  private struct Automaton {
    let dense: UnsafeBufferPointer<UInt16>
    let byteClass: UnsafeBufferPointer<Int32>
    let outputLink: UnsafeBufferPointer<Int32>
    let bytes: UnsafeBufferPointer<UInt8>
    let boundary: UnsafeBufferPointer<Bool>
    let denseCount: Int
    let classCount: Int
    let matcher: TermMatcher

    init(
      matcher: TermMatcher, dense: UnsafeBufferPointer<UInt16>,
      byteClass: UnsafeBufferPointer<Int32>, outputLink: UnsafeBufferPointer<Int32>,
      bytes: UnsafeBufferPointer<UInt8>, boundary: UnsafeBufferPointer<Bool>
    ) {
      self.dense = dense
      self.byteClass = byteClass
      self.outputLink = outputLink
      self.bytes = bytes
      self.boundary = boundary
      self.denseCount = matcher.denseCount
      self.classCount = matcher.classCount
      self.matcher = matcher
    }

    /// Moves `state` over byte `i`; true when a term ends there on a word boundary.
    @inline(__always)
    func step(_ state: inout Int, at i: Int) -> Bool {
      let k = Int(byteClass[Int(bytes[i])])
      let hasOutput: Bool
      if _fastPath(state < denseCount) {
        let entry = dense[state &* classCount &+ k]
        state = Int(entry & ~TermMatcher.outputFlag)
        hasOutput = entry & TermMatcher.outputFlag != 0
      } else {
        state = Int(matcher.transition(from: state, on: k))
        hasOutput = outputLink[state] >= 0
      }
      return hasOutput && boundary[i &+ 1]
    }
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
