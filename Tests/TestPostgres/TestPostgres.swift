import Foundation
import Glibc
import PostgresClient
import Synchronization

/// The private PostgreSQL server of the tests and a fresh database per test.
///
/// `scripts/test` starts one server for the whole run (`scripts/test-postgres start DIR`) and
/// passes its folder in `FEEDWATCH_TEST_POSTGRES_DIR`; without it (`swift test` run by hand)
/// the first test that needs PostgreSQL starts one with the same script and stops it when the
/// test process exits. Tests are skipped, loudly, only when no server can be had; under CI
/// (`CI=true`) they run and fail instead.
public enum TestPostgres {
  /// Whether tests needing PostgreSQL should run: a server is running or could be started,
  /// or this is CI, where a missing server must fail the tests rather than skip them.
  public static var isAvailable: Bool {
    if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
    switch server {
    case .success: return true
    case .failure(let error):
      FileHandle.standardError.write(
        Data(
          """
          *** SKIPPING PostgreSQL tests: \(error). Install Debian's postgresql package \
          (scripts/test does) to run them.

          """.utf8))
      return false
    }
  }

  /// A new empty database on the test server, owned by the role `feedwatch`.
  public static func makeDatabase() throws -> TestDatabase {
    let server = try server.get()
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    try server.admin.withLock { admin in
      // The name is made here, never taken from input: an identifier cannot be a parameter.
      try admin.execute("CREATE DATABASE \(name) OWNER feedwatch")
    }
    return TestDatabase(server: server, name: name)
  }

  /// Started once per test process.
  static let server: Result<TestServer, TestPostgresError> = Result { try TestServer.start() }
    .mapError { $0 as? TestPostgresError ?? TestPostgresError(message: "\($0)") }
}

public struct TestPostgresError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// A running server: its folder (socket, password file) and TCP port.
public final class TestServer: Sendable {
  public let directory: String
  public let port: Int
  /// The password of the role `feedwatch` (for connections over 127.0.0.1).
  public let password: String
  public var passwordFile: String { directory + "/password" }
  /// A superuser connection over the socket, for creating and dropping databases.
  let admin: Mutex<PostgresConnection>
  /// Whether this process started the server (and so stops it at exit).
  let ownsServer: Bool

  init(directory: String, ownsServer: Bool) throws {
    self.directory = directory
    self.ownsServer = ownsServer
    let port = try String(contentsOfFile: directory + "/port", encoding: .utf8)
    self.port = Int(port.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    password = try String(contentsOfFile: directory + "/password", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    admin = Mutex(
      try PostgresConnection(uri: "postgresql://postgres@/postgres?host=\(directory)&port=\(port)"))
  }

  /// The URI of `database` over the socket as the superuser (no password).
  public func socketURI(_ database: String, user: String = "postgres") -> String {
    "postgresql://\(user)@/\(database)?host=\(directory)&port=\(port)"
  }

  /// The URI of `database` over TCP as the role `feedwatch`, without its password.
  public func tcpURI(_ database: String) -> String {
    "postgresql://feedwatch@127.0.0.1:\(port)/\(database)?sslmode=disable"
  }

  static func start() throws -> TestServer {
    if let directory = ProcessInfo.processInfo.environment["FEEDWATCH_TEST_POSTGRES_DIR"] {
      return try TestServer(directory: directory, ownsServer: false)
    }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("feedwatch-test-postgres-\(getpid())").path
    let log = directory + ".log"
    defer { try? FileManager.default.removeItem(atPath: log) }
    // The script stops the server by itself once this process is gone, even killed.
    let status = try runScript(["start", directory, "\(getpid())"], log: log)
    guard status == 0 else {
      let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw TestPostgresError(
        message: "cannot start a test server (scripts/test-postgres exited \(status)): "
          + output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    startedDirectory.withLock { $0 = directory }
    atexit { TestServer.stopStartedServer() }
    return try TestServer(directory: directory, ownsServer: true)
  }

  /// Runs scripts/test-postgres with its output in `log`; returns its exit status.
  /// posix_spawn and waitpid, not Foundation's Process, whose wait can miss the exit of a
  /// script that leaves a server running.
  private static func runScript(_ arguments: [String], log: String) throws -> Int32 {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scripts/test-postgres").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([script] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, script, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw TestPostgresError(message: "cannot run \(script): error \(spawned)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw TestPostgresError(message: "waitpid: error \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift cannot import.
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  private static let startedDirectory = Mutex<String?>(nil)

  /// At exit: stops the server this process started and removes its folder.
  private static func stopStartedServer() {
    guard let directory = startedDirectory.withLock({ $0 }) else { return }
    _ = try? runScript(["stop", directory], log: "/dev/null")
    try? FileManager.default.removeItem(atPath: directory)
  }
}

/// One test's database; `drop()` removes it (disconnecting whoever is still on it).
public final class TestDatabase: Sendable {
  public let server: TestServer
  public let name: String

  init(server: TestServer, name: String) {
    self.server = server
    self.name = name
  }

  /// Over the socket as the superuser.
  public var uri: String { server.socketURI(name) }
  /// Over 127.0.0.1 as `feedwatch`; the password is in `server.passwordFile`.
  public var tcpURI: String { server.tcpURI(name) }

  public func drop() {
    server.admin.withLock { admin in
      try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
  }
}

/// Runs `body` with a fresh database, dropped afterwards.
public func withTestDatabase<T>(_ body: (TestDatabase) throws -> T) throws -> T {
  let database = try TestPostgres.makeDatabase()
  defer { database.drop() }
  return try body(database)
}
