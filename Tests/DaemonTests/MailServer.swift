import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A real SMTP server on 127.0.0.1 (aiosmtpd, installed by `scripts/setup --tests` into
/// .build/test-python) that keeps each message it accepts as a file.
final class MailServer {
  let folder: URL
  let port: Int
  private let process: Process

  /// The package's root folder, from this file's place in it.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// The Python with aiosmtpd, or nil (the caller skips, except under CI).
  static let python: String? = {
    let candidates = [
      ProcessInfo.processInfo.environment["FEEDWATCH_TEST_PYTHON"],
      packageRoot.appendingPathComponent(".build/test-python/bin/python3").path,
    ].compactMap { $0 }
    return candidates.first { path in
      guard FileManager.default.isExecutableFile(atPath: path) else { return false }
      return (try? MailServer.run(path, ["-c", "import aiosmtpd"]).status) == 0
    }
  }()

  /// Whether the mail tests can run here; under CI a missing server is a failure, elsewhere
  /// a loud skip.
  static func available() -> Bool {
    if python != nil { return true }
    let message = "aiosmtpd is not installed: run scripts/setup --tests (the mail tests need it)"
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record(Comment(rawValue: message))
    } else {
      print("*** SKIPPED: \(message) ***")
    }
    return false
  }

  /// `mode`: starttls, smtps or plain. A server started again on the port of one stopped
  /// takes `port`.
  init(
    in directory: URL, mode: String, certificate: TestCertificate? = nil, user: String? = nil,
    password: String? = nil, reject: [String] = [], defer deferred: [String] = [], port: Int = 0
  ) throws {
    folder = directory.appendingPathComponent("mail-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var arguments = [
      MailServer.fixtures.appendingPathComponent("smtp-server.py").path, "--folder", folder.path,
      "--mode", mode, "--port", "\(port)",
    ]
    if let certificate { arguments += ["--cert", certificate.cert, "--key", certificate.key] }
    if let user, let password { arguments += ["--user", user, "--password", password] }
    for address in reject { arguments += ["--reject", address] }
    for address in deferred { arguments += ["--defer", address] }
    process = Process()
    process.executableURL = URL(fileURLWithPath: MailServer.python!)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // "ready PORT" once it accepts connections; nothing (end of file) if it failed.
    let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    guard line.hasPrefix("ready "), let ready = Int(line.dropFirst(6).prefix { $0.isNumber })
    else {
      process.terminate()
      throw POSIXError(.ECONNREFUSED)
    }
    self.port = ready
  }

  deinit { stop() }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  /// The messages accepted so far, in order.
  var messages: [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".eml") }
      .sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
      .map { folder.appendingPathComponent($0) }
  }

  /// A message as Python's `email` package reads it (Fixtures/read-mail.py).
  func read(_ message: URL) throws -> [String: Any] {
    let result = try MailServer.run(
      MailServer.python!,
      [MailServer.fixtures.appendingPathComponent("read-mail.py").path, message.path])
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
  }

  /// The envelope the server received with a message: from, to, tls, auth.
  func envelope(_ message: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: message.deletingPathExtension().appendingPathExtension("json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func run(_ program: String, _ arguments: [String]) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// A port nothing listens on (bound, then released), for a server that is down.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made by openssl for one test.
struct TestCertificate {
  let cert: String
  let key: String

  init(in directory: URL) throws {
    cert = directory.appendingPathComponent("cert.pem").path
    key = directory.appendingPathComponent("key.pem").path
    let result = try MailServer.run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days",
        "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ])
    guard result.status == 0 else { throw POSIXError(.ENOENT) }
  }
}
