import ArgumentParser
import Config
import Daemon
import Logging
import Polling
import Store

struct OnceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "once",
    abstract: "Poll every feed now, write the alerts, print one line per feed, and exit.",
    discussion: """
      Ignores the feeds' intervals, but never a server's explicit hold (a Retry-After still \
      running, or 410 Gone). Uses the same state as the daemon, so items seen here are not \
      alerted again by `run`. It refuses to run while a daemon holds the same state directory.
      Exit status: 0 when every feed was read whole (or was not modified), 1 when any failed \
      or was truncated (its items read whole are taken; it is fetched again next time).
      """)

  @OptionGroup var configOptions: ConfigOptions
  @OptionGroup var logOptions: LogOptions

  @Flag(help: "Print the per-feed results as JSON lines instead of text.")
  var json = false

  func run() throws {
    try logOptions.bootstrap()
    let config = try configOptions.load()
    let reports: [PollReport]
    do {
      reports = try OnceRunner.run(config: config, logger: Logger(label: "feedwatch"))
    } catch let error as StoreUnavailable {
      printError("\(error)")
      throw ExitCode(StoreUnavailable.exitCode)
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
    for report in reports {
      print(json ? report.jsonLine : report.summaryLine)
    }
    let alerts = reports.reduce(0) { $0 + $1.alerts }
    if !json {
      print(
        "\(reports.count) feed\(reports.count == 1 ? "" : "s") polled, \(alerts) alert\(alerts == 1 ? "" : "s") written to \(config.alertLogPath)"
      )
    }
    if reports.contains(where: { ![.polled(.ok), .polled(.notModified)].contains($0.status) }) {
      throw ExitCode.failure
    }
  }
}
