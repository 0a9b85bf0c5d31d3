public import Config
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The JSON Lines alert log: one whole line per alert, written with one write() and fsync'ed.
///
/// Exactly once across crashes: an alert is marked delivered in the store only after its line is
/// on disk; if the process dies between the two, the next start finds the alert's id already in
/// the log's tail (`reconcile`) and marks it delivered without writing it again.
public final class AlertLog: @unchecked Sendable {
  public let path: String
  /// The open file descriptor, or -1.
  private let file = Mutex<Int32>(-1)

  public init(path: String) {
    self.path = path
  }

  deinit { file.withLock { if $0 >= 0 { close($0) } } }

  /// Opens (or creates) the file; also used to reopen it after logrotate moved it (SIGHUP).
  public func reopen() throws(DaemonError) {
    try file.withLock { (fd: inout Int32) throws(DaemonError) in
      if fd >= 0 {
        close(fd)
        fd = -1
      }
      let folder = FilePaths.folder(of: path)
      if access(folder, F_OK) != 0 {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
      let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
      guard opened >= 0 else {
        throw DaemonError(
          "cannot open the alert log \(path): \(String(cString: strerror(errno))); "
            + "check the folder exists and is writable, or set \"alertLog\" in the config")
      }
      fd = opened
    }
  }

  /// Appends lines; returns after they are on disk.
  func append(_ lines: [String]) throws(DaemonError) {
    try file.withLock { (fd: inout Int32) throws(DaemonError) in
      if fd >= 0 && !Self.isSameFile(fd, path) {
        // The path was moved, deleted or replaced (logrotate, an operator fixing a full disk):
        // write to what the path names now.
        close(fd)
        fd = -1
      }
      if fd < 0 {
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard opened >= 0 else {
          throw DaemonError(
            "cannot open the alert log \(path): \(String(cString: strerror(errno)))")
        }
        fd = opened
      }
      for line in lines {
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
          let reason = written < 0 ? String(cString: strerror(errno)) : "short write"
          // A partial line would corrupt the log: cut it back off.
          if written > 0 {
            var st = stat()
            if fstat(fd, &st) == 0 { _ = ftruncate(fd, st.st_size - off_t(written)) }
          }
          // Reopen on the next attempt: the path may have been fixed or replaced meanwhile.
          close(fd)
          fd = -1
          throw DaemonError("cannot write to the alert log \(path): \(reason)")
        }
      }
      guard fsync(fd) == 0 else {
        close(fd)
        fd = -1
        throw DaemonError("cannot sync the alert log \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
    var open = stat()
    var named = stat()
    guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
    return open.st_dev == named.st_dev && open.st_ino == named.st_ino
  }

  /// Alert ids found in the last `tailBytes` of the log.
  func idsInTail(tailBytes: Int = 4 << 20) -> Set<String> {
    let readFD = open(path, O_RDONLY | O_CLOEXEC)
    guard readFD >= 0 else { return [] }
    defer { close(readFD) }
    var st = stat()
    guard fstat(readFD, &st) == 0, st.st_size > 0 else { return [] }
    let start = max(0, Int(st.st_size) - tailBytes)
    var buffer = [UInt8](repeating: 0, count: Int(st.st_size) - start)
    let n = buffer.withUnsafeMutableBytes { pread(readFD, $0.baseAddress, $0.count, off_t(start)) }
    guard n > 0 else { return [] }
    var ids = Set<String>()
    for line in buffer.prefix(n).split(separator: UInt8(ascii: "\n")) {
      if let id = Self.alertID(inLine: line) { ids.insert(id) }
    }
    return ids
  }

  /// The value of `"id":"…"` near the start of a line, without decoding the whole alert.
  public static func alertID(inLine line: ArraySlice<UInt8>) -> String? {
    let key = Array("\"id\":\"".utf8)
    guard let start = line.firstRange(of: key)?.upperBound,
      let end = line[start...].firstIndex(of: UInt8(ascii: "\""))
    else { return nil }
    return String(decoding: line[start..<end], as: UTF8.self)
  }
}
