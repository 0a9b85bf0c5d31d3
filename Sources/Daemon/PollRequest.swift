public import Config

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// "Poll these feeds now", from `feedwatch poll` to a running daemon: the feed names are
/// appended to a file in the state directory, then the daemon gets SIGUSR1. SIGUSR1 with no
/// request file asks for every feed. Requests made before the daemon reads them add up.
public enum PollRequest {
  /// The feeds asked for: every feed, or these names.
  public enum Feeds: Equatable, Sendable {
    case all
    case named(Set<String>)
  }

  static let everyFeed = "*"

  static func path(in directory: String) -> String { directory + "/poll-request" }

  /// Adds a request for `names` (empty: every feed) for the daemon to take.
  public static func append(_ names: [String], in directory: String) throws(DaemonError) {
    let path = path(in: directory)
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw DaemonError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    // One write, so requests made at once never interleave within a line.
    let lines = Array(((names.isEmpty ? [everyFeed] : names).joined(separator: "\n") + "\n").utf8)
    guard write(fd, lines, lines.count) == lines.count else {
      throw DaemonError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// Takes what was requested since the last call (renaming the file first, so a request
  /// appended meanwhile waits for its own signal). No file: every feed.
  static func take(in directory: String) -> Feeds {
    let path = path(in: directory)
    let taken = path + ".taken"
    guard rename(path, taken) == 0 else { return .all }
    defer { unlink(taken) }
    let text = FileManager.default.contents(atPath: taken).map {
      String(decoding: $0, as: UTF8.self)
    }
    let names = Set((text ?? "").split(separator: "\n").map(String.init))
    return names.isEmpty || names.contains(everyFeed) ? .all : .named(names)
  }
}
