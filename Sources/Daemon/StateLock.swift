public import Config
import TextTrimming

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An exclusive lock on the state directory, so two feedwatch processes never poll and alert
/// from the same state at once. Released when the process exits, however it exits.
public final class StateLock {
  private let fd: Int32
  public let path: String

  public init(directory: String) throws(DaemonError) {
    path = Self.lockPath(in: directory)
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
    } catch {
      throw DaemonError(
        "cannot create the state directory \(directory): \(error); "
          + "create it or set \"stateDirectory\" in the config to a writable folder")
    }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw DaemonError(
        "cannot open \(path): \(String(cString: strerror(errno))); is the state directory writable?"
      )
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let holder = Self.writtenPid(fd).map(String.init) ?? "?"
      close(fd)
      throw DaemonError(
        "another feedwatch (pid \(holder)) is already using the state directory \(directory); "
          + "stop it first, or give this one its own \"stateDirectory\"")
    }
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(fd, 0)
    _ = pwrite(fd, pid, pid.count, 0)
  }

  deinit { close(fd) }

  /// The pid of the feedwatch that holds `directory`'s lock, or nil when none runs there.
  /// Only asks: the lock is never taken.
  public static func holder(of directory: String) -> Int32? {
    let fd = open(lockPath(in: directory), O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    if flock(fd, LOCK_SH | LOCK_NB) == 0 {
      flock(fd, LOCK_UN)
      return nil
    }
    return writtenPid(fd)
  }

  private static func lockPath(in directory: String) -> String { directory + "/feedwatch.lock" }

  /// The pid the lock's holder wrote into the file.
  private static func writtenPid(_ fd: Int32) -> Int32? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = pread(fd, &buffer, buffer.count, 0)
    return n > 0
      ? Int32(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingWhitespace()) : nil
  }
}
