import ArgumentParser
import Config
import Daemon
import Logging

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the daemon in the foreground (systemd's job is to daemonize).",
    discussion: """
      Polls each feed on its interval until stopped. Signals: SIGTERM/SIGINT stop it (polls in \
      flight get 10 s, then it exits 0); SIGHUP reloads the config (an invalid one is logged and \
      the old one kept) and reopens the alert log, for logrotate. Under systemd it reports \
      READY=1, STATUS= and, when WatchdogSec= is set, WATCHDOG=1 pings. Logs go to stderr, one \
      line per event with its level and feed=/url= keys. With "store": {"postgres": …} it is one \
      node of a cluster: every daemon on that database (each with its own "node" name and state \
      directory) shares the feeds host by host, and takes over a dead node's within \
      store.leasePeriod; `feedwatch status` lists the nodes.
      """)

  @OptionGroup var configOptions: ConfigOptions
  @OptionGroup var logOptions: LogOptions

  func run() throws {
    Daemon.blockHandledSignals()
    try logOptions.bootstrap()
    let config = try configOptions.load()
    let logger = Logger(label: "feedwatch")
    let daemon: Daemon
    do {
      daemon = try Daemon(configPath: config.file, config: config, logger: logger)
    } catch let error as StoreUnavailable {
      printError("\(error)")
      throw ExitCode(StoreUnavailable.exitCode)
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
    daemon.run()
  }
}
