import Config
import Store
import Watch

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a command per alert with the alert's JSON on stdin and FEEDWATCH_* variables set.
/// Exit 0 means delivered; anything else (or running past the timeout) is retried later.
package final class ExecSink: AlertSink {
  package let identity: SinkIdentity
  let command: [String]
  let timeout: Double
  package let rules: Set<String>?

  init(identity: SinkIdentity, command: [String], timeout: Double, rules: Set<String>?) {
    self.identity = identity
    self.command = command
    self.timeout = timeout
    self.rules = rules
  }

  package func deliver(_ batch: [PendingAlert]) -> [DeliveryOutcome] {
    // Keep order: after any failure the rest wait for the next attempt.
    DeliveryOutcome.inOrder(batch, stoppingAt: { $0 != .delivered }, run)
  }

  package func probe(_ alert: PendingAlert) -> SinkAnswer {
    let outcome = run(alert)
    return SinkAnswer(
      outcome: outcome, reply: outcome == .delivered ? "\(command[0]) exited with status 0" : "")
  }

  private func run(_ entry: PendingAlert) -> DeliveryOutcome {
    let alert = entry.row
    var variables = [
      "FEEDWATCH_ALERT_ID=\(alert.id)", "FEEDWATCH_RULE=\(alert.rule)",
      "FEEDWATCH_FEED_URL=\(alert.feedKey)",
    ]
    if let decoded = entry.alert {
      variables += [
        "FEEDWATCH_SEVERITY=\(decoded.severity.rawValue)", "FEEDWATCH_FEED=\(decoded.feed.name)",
        "FEEDWATCH_TITLE=\(decoded.item.title ?? "")", "FEEDWATCH_LINK=\(decoded.item.link ?? "")",
      ]
    }
    return run(stdin: Array((alert.json + "\n").utf8), environment: variables)
  }

  /// Runs the command once: exit 0 is delivered, anything else is retried.
  func run(stdin: [UInt8], environment variables: [String]) -> DeliveryOutcome {
    do {
      let status = try ChildProcess.run(
        command, environment: variables, stdin: stdin, timeout: timeout)
      switch status {
      case .exited(0): return .delivered
      case .exited(let code): return .retry("\(command[0]) exited with status \(code)")
      case .signalled(let signal): return .retry("\(command[0]) was killed by signal \(signal)")
      case .timedOut:
        return .retry(
          "\(command[0]) ran longer than \(DurationText.format(timeout)) and was killed")
      }
    } catch {
      return .retry("\(error)")
    }
  }
}

/// posix_spawn with a pipe to stdin and a deadline (Foundation's Process is not in FoundationEssentials).
enum ChildProcess {
  enum Status: Equatable {
    case exited(Int32)
    case signalled(Int32)
    case timedOut
  }

  static func run(
    _ argv: [String], environment extra: [String], stdin input: [UInt8], timeout: Double
  ) throws(DaemonError)
    -> Status
  {
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else {
      throw DaemonError("cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    // Neither end may leak into other children; the child gets the read end as its stdin.
    for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)

    var environment: [String] = []
    var index = 0
    while let entry = environ[index] {
      environment.append(String(cString: entry))
      index += 1
    }
    environment += extra
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup($0) } + [nil]
    defer {
      for pointer in cArgs + cEnv { free(pointer) }
    }
    // The child starts with no blocked signals and default handlers, whatever the daemon uses.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signo in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signo) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
    close(pipeFDs[0])
    guard spawned == 0 else {
      close(pipeFDs[1])
      throw DaemonError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
    }
    // The command may not read its input at all; a closed pipe must not kill the daemon (SIGPIPE is ignored).
    _ = input.withUnsafeBytes { write(pipeFDs[1], $0.baseAddress, $0.count) }
    close(pipeFDs[1])

    let deadline = monotonicSeconds() + timeout
    var status: Int32 = 0
    while true {
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid { break }
      if monotonicSeconds() >= deadline {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return .timedOut
      }
      usleep(10_000)
    }
    // WIFEXITED / WEXITSTATUS are macros; decode the wait status by hand.
    if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
    return .signalled(status & 0x7f)
  }

  static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}
