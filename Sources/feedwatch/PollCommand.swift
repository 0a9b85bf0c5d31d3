import ArgumentParser
import Config
import Daemon

#if canImport(Glibc)
  import Glibc
#endif

struct PollCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "poll",
    abstract: "Ask the running daemon to poll feeds now.",
    discussion: """
      Signals the `feedwatch run` that holds the config's state directory (SIGUSR1 does the \
      same for every feed). The daemon polls the feeds at once, still within each host's \
      politeness budget, and never against a server's Retry-After or a 410. Without a daemon, \
      `feedwatch once` polls every feed in the foreground.

      Examples:
        feedwatch poll --config /etc/feedwatch/config.json              every feed
        feedwatch poll --config /etc/feedwatch/config.json reuters-world
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Argument(help: "Feed names (as `feedwatch check` lists them); none: every feed.")
  var feeds: [String] = []

  func run() throws {
    let config = try configOptions.load()
    let known = Set(config.feeds.map(\.name))
    for name in feeds where !known.contains(name) {
      throw usageError(
        "no feed is named \"\(name)\"" + NearestNames.didYouMean(name, among: known))
    }
    guard let pid = StateLock.holder(of: config.stateDirectory) else {
      printError(
        "no feedwatch daemon is running on \(config.stateDirectory); `feedwatch once --config \(configOptions.config)` polls every feed now"
      )
      throw ExitCode.failure
    }
    try PollRequest.append(feeds, in: config.stateDirectory)
    guard kill(pid, SIGUSR1) == 0 else {
      printError("cannot signal feedwatch (pid \(pid)): \(String(cString: strerror(errno)))")
      throw ExitCode.failure
    }
    let what = feeds.isEmpty ? "every feed" : feeds.count == 1 ? feeds[0] : "\(feeds.count) feeds"
    print("asked feedwatch (pid \(pid)) to poll \(what) now")
  }
}
