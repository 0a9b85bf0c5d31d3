import ArgumentParser
import Config
import Daemon
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show each feed's state: last success, last error, next poll, counts.",
    discussion: "Reads the state database; works while the daemon runs.")

  @OptionGroup var configOptions: ConfigOptions

  @Flag(help: "One JSON object per feed, then one with the totals.")
  var json = false

  func run() throws {
    let config = try configOptions.load()
    // Nothing polled yet: say so rather than create the state directory and database, which,
    // made by another user than the daemon's (`sudo feedwatch status`), would lock it out.
    var store: Store?
    if FileManager.default.fileExists(atPath: Store.path(in: config.stateDirectory)) {
      do {
        store = try Store(directory: config.stateDirectory)
      } catch {
        printError("\(error)")
        throw ExitCode.failure
      }
    } else {
      printNote(
        "no state yet in \(config.stateDirectory): no feed has been polled with this state "
          + "directory (`feedwatch run` or `feedwatch once` makes it)")
    }
    let stored = Dictionary(
      (try store?.allFeedStates() ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    let now = Date()
    var totals = (items: 0, alerts: 0, bytes: 0, failing: 0)
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for feed in config.feeds {
      let state = stored[feed.url] ?? FeedState(key: feed.url, name: feed.name)
      totals.items += state.itemsSeen
      totals.alerts += state.alertsRaised
      totals.bytes += state.bytesFetched
      if state.isFailing {
        totals.failing += 1
      }
      if json {
        print(String(decoding: try encoder.encode(state), as: UTF8.self))
        continue
      }
      var line = "\(feed.name)  \(state.status)"
      if let since = state.failingSince { line += " since \(ago(since, now))" }
      line += "  last ok: \(state.lastSuccess.map { ago($0, now) } ?? "never")"
      line +=
        "  next: \(state.nextDue.map { until($0, now) } ?? (state.status == .gone ? "never" : "now"))"
      line += "  every \(DurationText.format(state.interval ?? feed.interval))"
      if feed.adaptive { line += " (adaptive)" }
      line +=
        "  items \(state.itemsSeen)  alerts \(state.alertsRaised)  \(state.bytesFetched / 1024) KiB"
      print(line)
      if let error = state.lastError { print("    last error: \(error)") }
      if let moved = state.currentURL { print("    moved to: \(moved)") }
      if let asked = state.publisherInterval {
        print("    publisher asks: at most every \(DurationText.format(asked))")
      }
      if !state.skipHours.isEmpty {
        print("    skips hours (UTC): \(state.skipHours.map(String.init).joined(separator: ", "))")
      }
    }
    let sinks = try config.sinks.map { sink -> SinkStatus in
      let stats =
        try store?.deliveryStats(sink: sink.storeName) ?? (delivered: 0, pending: 0, failing: 0)
      return SinkStatus(
        sink: sink.summary, delivered: stats.delivered, pending: stats.pending,
        failing: stats.failing)
    }
    if json {
      for sink in sinks { print(String(decoding: try encoder.encode(sink), as: UTF8.self)) }
      let total = Totals(
        feeds: config.feeds.count, failing: totals.failing, items: totals.items,
        alerts: totals.alerts,
        bytes: totals.bytes)
      print(String(decoding: try encoder.encode(total), as: UTF8.self))
    } else {
      for sink in sinks {
        var line = "sink \(sink.sink): \(sink.delivered) delivered"
        if sink.pending > 0 { line += ", \(sink.pending) pending" }
        if sink.failing > 0 { line += ", \(sink.failing) failing (retrying)" }
        print(line)
      }
      print(
        "total: \(config.feeds.count) feeds, \(totals.failing) failing, \(totals.items) items seen, "
          + "\(totals.alerts) alerts, \(totals.bytes / 1024) KiB fetched")
    }
  }

  private func ago(_ date: Date, _ now: Date) -> String {
    DurationText.format(max(0, now.timeIntervalSince(date))) + " ago"
  }
  private func until(_ date: Date, _ now: Date) -> String {
    date <= now ? "due" : "in " + DurationText.format(date.timeIntervalSince(now))
  }
}

private struct SinkStatus: Encodable {
  var sink: String
  var delivered: Int
  var pending: Int
  var failing: Int
}

private struct Totals: Encodable {
  var feeds: Int
  var failing: Int
  var items: Int
  var alerts: Int
  var bytes: Int
}
