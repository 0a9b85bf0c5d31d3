/// Values by a non-zero UInt64 key (a short name packed into a number), open-addressed and filled
/// once: a lookup is a multiply and a probe or two, where a Dictionary would hash the key with
/// SipHash. For the HTML→text converter's element and entity tables, which live as long as the
/// process (their storage is never freed).
///
/// `bits`: the table has 2^bits slots, at least twice as many as entries so probes stay short (a
/// constant, so the probe's arithmetic is too).
struct PackedKeyTable<let bits: Int, Value: BitwiseCopyable>: @unchecked Sendable {
  private static var mask: Int { (1 << bits) - 1 }
  private let keys: UnsafeMutablePointer<UInt64>
  /// Only the slots whose key is set are initialized (and only those are read).
  private let values: UnsafeMutablePointer<Value>

  init(_ entries: [UInt64: Value]) {
    precondition(2 * entries.count <= 1 << bits, "too small a table")
    keys = .allocate(capacity: 1 << bits)
    keys.initialize(repeating: 0, count: 1 << bits)
    values = .allocate(capacity: 1 << bits)
    for (key, value) in entries {
      precondition(key != 0, "0 marks an empty slot")
      var slot = self.slot(key)
      while keys[slot] != 0 { slot = (slot + 1) & Self.mask }
      keys[slot] = key
      (values + slot).initialize(to: value)
    }
  }

  @inline(__always) private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
  }

  /// The value of `key`, nil when the table does not have it.
  @inline(__always) func value(_ key: UInt64) -> Value? {
    var slot = self.slot(key)
    while true {
      let found = keys[slot]
      if found == key { return values[slot] }
      if found == 0 { return nil }
      slot = (slot + 1) & Self.mask
    }
  }
}
