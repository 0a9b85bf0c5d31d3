import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program run to completion in a child process, with the figures a hardening test bounds:
/// its peak resident memory and its wall time. Heavy inputs run this way so their memory is
/// measured alone. The peak comes from GNU time (`/usr/bin/time -f %M`), which forks before
/// exec: wait4 on a child started with posix_spawn (vfork) would count the test process's own
/// peak too, since the kernel folds the shared address space's high-water mark in at exec.
struct ChildRun {
  var status: Int32
  var peakRSSBytes: Int
  var seconds: Double
  var stdout: String
  var stderr: String

  var exitedNormally: Bool { status & 0x7f == 0 }
  var exitCode: Int32 { (status >> 8) & 0xff }
  var peakRSSMiB: Double { Double(peakRSSBytes) / 1_048_576 }

  /// Runs `executable` with `arguments`; stdout and stderr go to files in `folder` (so a
  /// large output can never block the child on a full pipe).
  static func run(_ executable: String, _ arguments: [String], folder: URL) throws -> ChildRun {
    let outPath = folder.appendingPathComponent("child-\(UUID().uuidString).out").path
    let errPath = outPath + ".err"
    let rssPath = outPath + ".rss"
    defer {
      unlink(outPath)
      unlink(errPath)
      unlink(rssPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let command = [timeProgram, "-f", "%M", "-o", rssPath, executable] + arguments
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = Date()
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, timeProgram, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw ChildError(message: "cannot start \(executable): error \(spawned)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw ChildError(message: "waitpid failed: error \(errno)") }
    }
    let seconds = Date().timeIntervalSince(start)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    // GNU time writes "Command exited with non-zero status N" first when the program fails.
    let report = (try? String(contentsOfFile: rssPath, encoding: .utf8)) ?? ""
    guard let kilobytes = report.split(separator: "\n").last.flatMap({ Int($0) }) else {
      throw ChildError(message: "no memory figure from \(timeProgram): \(report)")
    }
    return ChildRun(
      status: status, peakRSSBytes: kilobytes * 1024, seconds: seconds, stdout: out, stderr: err)
  }

  /// GNU time (Debian package `time`).
  static let timeProgram = "/usr/bin/time"
  static var available: Bool { FileManager.default.isExecutableFile(atPath: timeProgram) }
}

struct ChildError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// The feedwatch executable built beside the test bundle.
enum FeedwatchBinary {
  static var path: String {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !folder.path.hasSuffix("/debug") && !folder.path.hasSuffix("/release")
      && folder.path != "/"
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("feedwatch").path
  }
}
