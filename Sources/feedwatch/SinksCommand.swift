import ArgumentParser
import Config
import Daemon
import Delivery
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch sinks`: where alerts go, and how each destination is doing.
struct SinksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sinks",
    abstract: "List the sinks with their backlog and last error, or test one.",
    discussion: """
      Sinks are shown by name, type, and address without secrets: a URL's scheme and host (no \
      user, password, path or query), an exec sink's program, and a fingerprint that tells two \
      sinks of one host apart. `feedwatch sinks test NAME` sends a sample alert through one.
      """,
    subcommands: [SinksListCommand.self, SinksTestCommand.self],
    defaultSubcommand: SinksListCommand.self)
}

struct SinksListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Each sink: delivered, backlog (waiting or retrying), parked, and the last error.",
    discussion: """
      Reads the state database; works while the daemon runs. BACKLOG counts the alerts the \
      sink has still to deliver (never tried, or failed and waiting for a retry); PARKED the \
      ones it refused for good (a webhook's 4xx, a mail server's 5xx), which stay in the \
      outbox until the sink is fixed.
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Flag(help: "One JSON object per sink.")
  var json = false

  func run() throws {
    let config = try configOptions.load()
    // No state yet: every count is zero.
    let store = try openStateForReading(config)
    defer { store?.close() }
    let encoder = JSONOutput.encoder()
    var table = TextTable()
    table.add(["NAME", "TYPE", "ADDRESS", "DELIVERED", "BACKLOG", "PARKED", "LAST ERROR"])
    for sink in config.sinks {
      let id = sink.identity.id.rawValue
      let counts = try store?.deliveryCounts(sink: id, rules: sink.rules) ?? .none
      let health = try store?.sinkHealth(sink: id) ?? .none
      let row = SinkRow(
        name: sink.name, type: sink.type, address: sink.identity.address,
        delivered: counts.delivered, backlog: counts.pending + health.retrying,
        parked: health.parked, lastError: health.lastError, nextRetry: health.nextRetry)
      if json {
        print(String(decoding: try encoder.encode(row), as: UTF8.self))
      } else {
        table.add([
          row.name, row.type, row.address, "\(row.delivered)", "\(row.backlog)", "\(row.parked)",
          row.lastError ?? "",
        ])
      }
    }
    if !json {
      for line in table.lines { print(line) }
    }
  }
}

private struct SinkRow: Encodable {
  var name: String
  var type: String
  /// Scheme, host and fingerprint: never a credential.
  var address: String
  var delivered: Int
  var backlog: Int
  var parked: Int
  var lastError: String?
  var nextRetry: Date?
}
