import ArgumentParser
import Config
import Daemon
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch store`: inspect and recover the state database.
struct StoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "Check or repair the state database, reset a feed's state, or move it to PostgreSQL.",
    subcommands: [
      StoreCheckCommand.self, StoreRepairCommand.self, StoreResetCommand.self,
      StoreMigrateCommand.self,
    ])
}

/// The database file a config points at.
private func databasePath(_ config: Config) -> String {
  let directory = config.stateDirectory
  return directory + (directory.hasSuffix("/") ? "" : "/") + Store.fileName
}

/// Opens the database and lists its problems; a database that cannot be opened at all is
/// one problem (the error names the file and the fix).
private func problems(at path: String) -> [String] {
  do {
    let store = try Store(path: path)
    defer { store.close() }
    return try store.check()
  } catch {
    return ["\(error)"]
  }
}

struct StoreCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the state database's integrity.",
    discussion: """
      Exits 0 when the database is healthy (or does not exist yet), 1 when it is damaged: \
      then stop the daemon and run `feedwatch store repair`. Safe while the daemon runs. With \
      a PostgreSQL store (config "store"), checks that it answers and that its schema is the \
      one this feedwatch writes.
      """)

  @OptionGroup var configOptions: ConfigOptions

  func run() throws {
    let config = try configOptions.load()
    if case .postgres = config.store { return try checkPostgres(config) }
    let path = databasePath(config)
    guard FileManager.default.fileExists(atPath: path) else {
      print("\(path): no database yet (the first poll creates it)")
      return
    }
    let found = problems(at: path)
    if found.isEmpty {
      print("\(path): ok")
      return
    }
    for problem in found { printError("\(path): \(problem)") }
    printError("the state database is damaged: stop feedwatch and run `feedwatch store repair`")
    throw ExitCode.failure
  }
}

extension StoreCheckCommand {
  /// The PostgreSQL store: reachable, and its schema the one this feedwatch writes.
  private func checkPostgres(_ config: Config) throws {
    do {
      let store = try StateStoreOpening.open(config)
      defer { store.close() }
      let found = try store.check()
      for problem in found { printError("\(store.location): \(problem)") }
      guard found.isEmpty else { throw ExitCode.failure }
      print("\(store.location): ok")
    } catch let exit as ExitCode {
      throw exit
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
  }
}

struct StoreRepairCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Move a damaged state database aside and copy what it still holds into a new one.",
    discussion: """
      The damaged file (with its -wal and -shm) is kept as feedwatch.db.corrupt-<time>. \
      Seen items, alerts and their deliveries that can still be read are copied, so items \
      are not alerted again and pending alerts are not lost. Refuses while a daemon runs \
      on the same state directory. A healthy database is left alone unless --force.
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Flag(help: "Rebuild even when the check finds nothing wrong.")
  var force = false

  func run() throws {
    let config = try configOptions.load()
    let path = databasePath(config)
    // Holding the daemon's lock means no daemon writes the file while it moves.
    let lock: StateLock
    do {
      lock = try StateLock(directory: config.stateDirectory)
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
    defer { withExtendedLifetime(lock) {} }
    guard FileManager.default.fileExists(atPath: path) else {
      print("\(path): no database, nothing to repair")
      return
    }
    let found = problems(at: path)
    if found.isEmpty && !force {
      print("\(path): ok, nothing to repair")
      return
    }
    for problem in found { print("damage: \(problem)") }
    do {
      let moved = try Store.moveAside(path: path)
      print("moved the damaged database to \(moved)")
      let store = try Store(path: path)
      defer { store.close() }
      let report = try store.salvage(from: moved)
      print(
        "salvaged \(report.feeds) feeds, \(report.seenItems) seen items, \(report.alerts) alerts, "
          + "\(report.deliveries) deliveries, \(report.heldAlerts) alerts held for digests, "
          + "\(report.storySources) story sources; \(report.skippedRows) damaged rows skipped")
      for problem in report.problems { print("lost: \(problem)") }
      print("\(path): repaired")
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
  }
}

struct StoreResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset",
    abstract: "Reset a feed's state, so a gone, blocked or failing feed is polled again.",
    discussion: """
      Clears the feed's status, error, backoff, server hold and stored validators; its next poll \
      is at once. Its seen items stay, so nothing alerts twice, unless --forget-items: then the \
      feed starts over as if new (items within its backlog alert again). Stop the daemon first: \
      it keeps feed states in memory and refuses to share the state directory.
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Argument(help: "The feed's name (as in the config and `feedwatch status`).")
  var feed: String

  @Flag(help: "Also forget the feed's seen items.")
  var forgetItems = false

  func run() throws {
    let config = try configOptions.load()
    guard let target = config.feed(named: feed) else {
      let names = config.feeds.map(\.name).joined(separator: ", ")
      printError("no feed named \"\(feed)\" in \(config.file); the feeds are: \(names)")
      throw ExitCode.validationFailure
    }
    do {
      let lock = try StateLock(directory: config.stateDirectory)
      defer { withExtendedLifetime(lock) {} }
      let store = try StateStoreOpening.open(config)
      defer { store.close() }
      guard try store.resetFeed(key: target.url, forgetItems: forgetItems) else {
        print("\(feed): no stored state (never polled); nothing to reset")
        return
      }
      print(
        "\(feed): state reset\(forgetItems ? ", seen items forgotten" : ""); polled on the next run"
      )
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
  }
}
