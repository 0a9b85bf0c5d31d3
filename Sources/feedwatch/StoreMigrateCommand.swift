import ArgumentParser
import Config
import Daemon
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `feedwatch store migrate --to URI`: the SQLite state copied into an empty PostgreSQL
/// database, so an installation switches stores without alerting or sending anything again.
struct StoreMigrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Copy the SQLite state into an empty PostgreSQL database.",
    discussion: """
      Copies every feed's state (validators, health, schedule), the seen items, the alert \
      outbox with each sink's deliveries and place, the stories and the alerts held for \
      digests, in one transaction: nothing is alerted or sent again once the daemon runs on \
      PostgreSQL. Stop the daemon first (it refuses while one runs on the state directory); \
      the SQLite file is left as it was. The database must be empty. Then add to the config:
        "store": {"postgres": "URI", "passwordFile": "FILE"}
      Example:
        feedwatch store migrate --to 'postgresql://feedwatch@db.example/feedwatch?sslmode=verify-full' \\
            --password-file /etc/feedwatch/pgpass
      """)

  @OptionGroup var configOptions: ConfigOptions

  @Option(
    help: ArgumentHelp(
      "The PostgreSQL database: a libpq connection URI without a password.", valueName: "uri"))
  var to: String

  @Option(
    help: ArgumentHelp(
      "A file whose first line is the password (else libpq's PGPASSFILE, default ~/.pgpass).",
      valueName: "file"))
  var passwordFile: String?

  func run() throws {
    guard to.hasPrefix("postgresql://") || to.hasPrefix("postgres://") else {
      throw usageError("--to \(to): expected a connection URI starting with postgresql://")
    }
    guard !StoreSetting.uriCarriesPassword(to) else {
      throw usageError(
        "--to: the URI carries a password, which would show in the process list; "
          + "put it in a file named by --password-file, or in PGPASSFILE")
    }
    let config = try configOptions.load()
    let path = Store.path(in: config.stateDirectory)
    do {
      // Holding the daemon's lock: no daemon writes the state while it is copied.
      let lock = try StateLock(directory: config.stateDirectory)
      defer { withExtendedLifetime(lock) {} }
      guard FileManager.default.fileExists(atPath: path) else {
        printError("\(path): no SQLite state to copy (nothing has been polled with it)")
        throw ExitCode.failure
      }
      let password = try passwordFile.map(StateStoreOpening.readPassword)
      let target = try PostgresStore(uri: to, password: password)
      defer { target.close() }
      let report = try target.importState(fromSQLite: path)
      print(
        "copied " + report.rows.map { "\($0.count) \($0.table)" }.joined(separator: ", ")
          + " from \(path) to \(target.server)")
      print(
        #"now set "store": {"postgres": "\#(target.server)"\#(passwordFile.map { #", "passwordFile": "\#($0)""# } ?? "")} in \#(config.file)"#
      )
    } catch let exit as ExitCode {
      throw exit
    } catch {
      printError("\(error)")
      throw ExitCode.failure
    }
  }
}
