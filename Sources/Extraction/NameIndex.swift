/// Byte-string keys (name keys of one article) to entity indices: an open-addressing
/// table over an FNV-1a hash with the keys' bytes kept back to back, so linking needs no
/// String per key and no seeded hasher per lookup.
struct NameIndex {
  private struct Entry {
    var start: Int32
    var end: Int32
    var hash: UInt32
    var value: Int32
  }
  private var keyBytes: [UInt8] = []
  private var entries: [Entry] = []
  /// Entry number plus one per slot; 0 is an empty slot.
  private var slots: [Int32]
  private var mask: Int

  /// Room for `capacity` keys before the table grows.
  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size *= 2 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    entries.reserveCapacity(capacity)
    keyBytes.reserveCapacity(capacity * 16)
  }

  subscript(key: ArraySlice<UInt8>) -> Int? {
    let (slot, found) = find(key, hash: NameIndex.hash(key))
    return found ? Int(entries[Int(slots[slot]) - 1].value) : nil
  }

  /// Sets the value of `key`, adding the key when new.
  mutating func set(_ key: ArraySlice<UInt8>, to value: Int) {
    let hash = NameIndex.hash(key)
    let (slot, found) = find(key, hash: hash)
    if found {
      entries[Int(slots[slot]) - 1].value = Int32(value)
    } else {
      add(key, hash: hash, value: value, at: slot)
    }
  }

  /// Adds `key` with `value` unless the key is already there.
  mutating func setIfAbsent(_ key: ArraySlice<UInt8>, to value: Int) {
    let hash = NameIndex.hash(key)
    let (slot, found) = find(key, hash: hash)
    if !found { add(key, hash: hash, value: value, at: slot) }
  }

  private mutating func add(_ key: ArraySlice<UInt8>, hash: UInt32, value: Int, at slot: Int) {
    let start = Int32(keyBytes.count)
    keyBytes.append(contentsOf: key)
    entries.append(
      Entry(start: start, end: Int32(keyBytes.count), hash: hash, value: Int32(value)))
    slots[slot] = Int32(entries.count)
    if entries.count * 2 > slots.count { grow() }
  }

  /// The slot holding `key` (found), or the empty slot where it would go.
  private func find(_ key: ArraySlice<UInt8>, hash: UInt32) -> (slot: Int, found: Bool) {
    var slot = Int(hash) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { return (slot, false) }
      let candidate = entries[entry - 1]
      if candidate.hash == hash
        && keyBytes[Int(candidate.start)..<Int(candidate.end)].elementsEqual(key)
      {
        return (slot, true)
      }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    mask = slots.count - 1
    for entry in entries.indices {
      var slot = Int(entries[entry].hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(entry + 1)
    }
  }

  private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }
}
