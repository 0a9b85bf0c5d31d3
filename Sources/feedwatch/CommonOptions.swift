import ArgumentParser
import Config
import Daemon
import Fetcher
import Logging

#if canImport(Glibc)
  import Glibc
#endif

enum FeedwatchInfo {
  static let version = FeedwatchVersion.string
  /// sysexits' EX_CONFIG: systemd is told not to restart on it (RestartPreventExitStatus=78).
  static let configExitCode: Int32 = 78
}

/// Options every command that reads the config takes.
struct ConfigOptions: ParsableArguments {
  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The config file (JSON). Relative paths inside it resolve against its folder.",
      valueName: "file"))
  var config: String = defaultConfigPath

  @Option(
    name: .customLong("state-dir"),
    help: ArgumentHelp("Overrides the config's stateDirectory.", valueName: "dir"))
  var stateDirectory: String?

  @Option(
    name: .customLong("alert-log"),
    help: ArgumentHelp("Overrides the config's alertLog.", valueName: "file"))
  var alertLog: String?

  static var defaultConfigPath: String {
    getenv("FEEDWATCH_CONFIG").map { String(cString: $0) } ?? "/etc/feedwatch/config.json"
  }

  /// The validated config, or a clean exit with the error (file, field, fix) on stderr.
  func load() throws -> Config {
    do {
      var loaded = try ConfigLoader.load(path: config)
      if let stateDirectory { loaded.stateDirectory = stateDirectory }
      if let alertLog { loaded.alertLog = alertLog }
      return loaded
    } catch {
      printError("\(error)")
      throw ExitCode(FeedwatchInfo.configExitCode)
    }
  }
}

struct LogOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Least level logged: trace, debug, info, notice, warning, error.", valueName: "level"))
  var logLevel: String = "info"

  func bootstrap() throws {
    guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
      throw usageError(
        "--log-level \(logLevel): use trace, debug, info, notice, warning, error or critical")
    }
    LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: level) }
  }
}

/// A mistake in what was typed, found after parsing: the message alone, exit 64 (EX_USAGE).
/// (ArgumentParser's `ValidationError` would follow it with the root command's generic usage.)
func usageError(_ message: String) -> ExitCode {
  printError(message)
  return ExitCode.validationFailure
}

func printError(_ message: String) {
  printToStandardError("feedwatch: error: \(message)")
}

/// A line for the reader on standard error, which is not an error (standard output stays data).
func printNote(_ message: String) {
  printToStandardError("feedwatch: \(message)")
}

private func printToStandardError(_ line: String) {
  let bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
