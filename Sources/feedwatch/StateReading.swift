import ArgumentParser
import Config
import Daemon
import Store

/// The state store a read-only command reads, nil when nothing has been polled yet (so no
/// database is made by a user other than the daemon's); a store that cannot be opened is
/// printed as the command's error.
func openStateForReading(_ config: Config) throws -> (any StateStore)? {
  do {
    return try StateStoreOpening.openExisting(config)
  } catch {
    printError("\(error)")
    throw ExitCode.failure
  }
}
