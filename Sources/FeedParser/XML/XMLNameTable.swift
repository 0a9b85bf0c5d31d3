#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Interns the names and namespace URIs of one document: each distinct byte string gets a small
/// number and a NUL-terminated copy that stays where it is until the table is gone, because
/// `XMLAttributes` reads names as C strings, as libxml2 hands them out.
final class XMLNameTable {
  // Unchecked exclusivity: nothing here is reentrant, and a checked access is a runtime call.
  @exclusivity(unchecked) private var slots: [Int32]
  @exclusivity(unchecked) private var hashes: [UInt32] = []
  @exclusivity(unchecked) private var starts: [UnsafeMutablePointer<UInt8>] = []
  @exclusivity(unchecked) private var lengths: [Int] = []
  private var blocks: [UnsafeMutablePointer<UInt8>] = []
  private var free: UnsafeMutablePointer<UInt8>?
  private var freeCount = 0
  private static let blockSize = 4096

  init() {
    slots = Array(repeating: -1, count: 64)
  }

  deinit {
    for block in blocks { block.deallocate() }
  }

  var count: Int { lengths.count }

  /// The number of `bytes`, given them if they are new.
  func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let hash = Self.hash(bytes)
    let mask = slots.count - 1
    var slot = Int(hash) & mask
    while true {
      let id = Int(slots[slot])
      if id < 0 { break }
      if hashes[id] == hash && lengths[id] == bytes.count
        && (bytes.isEmpty || memcmp(starts[id], bytes.baseAddress!, bytes.count) == 0)
      {
        return id
      }
      slot = (slot + 1) & mask
    }
    let id = lengths.count
    let copy = storage(bytes.count + 1)
    if let source = bytes.baseAddress { copy.update(from: source, count: bytes.count) }
    copy[bytes.count] = 0
    hashes.append(hash)
    starts.append(copy)
    lengths.append(bytes.count)
    slots[slot] = Int32(id)
    if lengths.count * 2 > slots.count { grow() }
    return id
  }

  func id(of text: StaticString) -> Int {
    id(of: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// The NUL-terminated copy of name `id`.
  func pointer(_ id: Int) -> UnsafePointer<UInt8> { UnsafePointer(starts[id]) }

  func bytes(_ id: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: starts[id], count: lengths[id])
  }

  func string(_ id: Int) -> String { String(decoding: bytes(id), as: UTF8.self) }

  private func storage(_ size: Int) -> UnsafeMutablePointer<UInt8> {
    if size > Self.blockSize / 4 {
      let block = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
      blocks.append(block)
      return block
    }
    if free == nil || freeCount < size {
      let block = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.blockSize)
      blocks.append(block)
      free = block
      freeCount = Self.blockSize
    }
    let start = free!
    free = start + size
    freeCount -= size
    return start
  }

  private func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    let mask = slots.count - 1
    for id in 0..<lengths.count {
      var slot = Int(hashes[id]) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(id)
    }
  }

  /// FNV-1a: names are short, so a byte at a time is enough.
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return hash
  }
}
