#if canImport(Glibc)
  import Glibc
#endif

/// Reads a growing file line by line; notices when logrotate replaced it.
struct LogTail {
  let path: String
  private var fd: Int32 = -1
  private var inode: ino_t = 0
  private var pending: [UInt8] = []

  init(path: String) {
    self.path = path
    open()
  }

  var exists: Bool { fd >= 0 }

  private mutating func open() {
    fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    var st = stat()
    if fd >= 0, fstat(fd, &st) == 0 { inode = st.st_ino }
  }

  mutating func readNewLines() -> [String] {
    var st = stat()
    if stat(path, &st) == 0, st.st_ino != inode || fd < 0 {
      // Rotated (or created): finish the old file, then read the new one from its start.
      var lines = drain()
      if fd >= 0 { close(fd) }
      pending = []
      open()
      lines += drain()
      return lines
    }
    return drain()
  }

  private mutating func drain() -> [String] {
    guard fd >= 0 else { return [] }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      pending += buffer.prefix(n)
    }
    guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = pending[..<lastNewline]
    pending = Array(pending[(lastNewline + 1)...])
    return complete.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
  }
}
