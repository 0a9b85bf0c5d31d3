import Foundation
import TestHTTPServer
import Testing

@testable import Config
@testable import Delivery

#if canImport(Glibc)
  import Glibc
#endif

/// A sink's address is a credential: no command's output, no log line and nothing in the
/// state store shows a webhook's userinfo password, its path or query token, a header's value,
/// its HMAC secret, an SMTP password or an exec sink's argument, even when delivery fails.
@Suite struct SecretRedactionTests {
  static let secrets = [
    "Userinfo-PW-31337", "Path-Token-8f2k9", "Query-Token-5j3m", "Header-Secret-7q1w",
    "Hmac-Secret-4e6r", "Smtp-Password-2z8x", "Exec-Arg-Secret-6y",
    // AUTH PLAIN's and LOGIN's encodings of the SMTP password.
    Data("\u{0}alerts\u{0}Smtp-Password-2z8x".utf8).base64EncodedString(),
    Data("Smtp-Password-2z8x".utf8).base64EncodedString(),
  ]

  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  @Test func noCommandLogOrStoreShowsASecret() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let feed = try ServedFeed(SampleFeed.feed())
    let refusing = try TestHTTPServer { _ in
      TestResponse(status: 404, body: Array("no such hook".utf8))
    }
    let certificate = try TestCertificate(in: harness.folder)
    let mail = try MailServer(
      in: harness.folder, mode: "starttls", certificate: certificate, user: "alerts",
      password: "the-right-one")
    defer {
      feed.server.stop()
      refusing.stop()
      mail.stop()
    }
    try Data("Smtp-Password-2z8x\n".utf8).write(to: harness.folder.appendingPathComponent("pw"))
    let port = refusing.baseURL.split(separator: ":").last!
    let path = "/hooks/Path-Token-8f2k9?token=Query-Token-5j3m&v=1"
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [{"url": "\(feed.url)", "name": "wire"}],
        "rules": [
          { "name": "withdrawal", "when": "topic:withdrawal" },
          { "name": "withdrawal-noted", "when": "topic:withdrawal", "severity": "notice" }
        ],
        "sinks": [
          {"type": "jsonl", "path": "alerts.jsonl"},
          {"type": "webhook", "name": "refusing",
           "url": "http://hook:Userinfo-PW-31337@127.0.0.1:\(port)\(path)",
           "headers": {"Authorization": "Bearer Header-Secret-7q1w"}, "secret": "Hmac-Secret-4e6r"},
          {"type": "webhook", "format": "ntfy",
           "url": "http://hook:Userinfo-PW-31337@127.0.0.1:99999\(path)"},
          {"type": "webhook", "format": "slack", "timeout": "2s",
           "url": "http://hook:Userinfo-PW-31337@127.0.0.1:\(try MailServer.freePort())\(path)"},
          {"type": "email", "name": "ops-mail", "url": "smtp://127.0.0.1:\(mail.port)",
           "from": "alerts@example.org", "to": ["analyst@example.org"],
           "username": "alerts", "passwordFile": "pw", "caFile": "\(certificate.cert)"},
          {"type": "exec", "command": ["/bin/sh", "-c", "exit 3", "Exec-Arg-Secret-6y"]},
          {"type": "webhook", "name": "digest-hook", "digest": "2s",
           "url": "http://hook:Userinfo-PW-31337@127.0.0.1:\(port)\(path)",
           "headers": {"Authorization": "Bearer Header-Secret-7q1w"}}
        ]
      }
      """
    let config = harness.folder.appendingPathComponent("config.json").path
    try Data(json.utf8).write(to: URL(fileURLWithPath: config))

    var outputs: [(String, String)] = []
    func record(_ arguments: [String]) throws -> String {
      let result = try feedwatch(arguments + ["--config", config])
      outputs.append((arguments.joined(separator: " "), result.output))
      return result.output
    }
    let check = try record(["check"])
    let once = try record(["once", "--log-level", "debug"])
    let sinks = try record(["sinks"])
    _ = try record(["sinks", "--json"])
    _ = try record(["status"])
    _ = try record(["status", "--json"])
    let names = [
      "jsonl-alerts.jsonl", "refusing", "webhook-127.0.0.1", "webhook-127.0.0.1-2",
      "ops-mail", "exec-sh", "digest-hook",
    ]
    for name in names { _ = try record(["sinks", "test", name, "--log-level", "debug"]) }

    // The daemon, at its most talkative, retrying what failed.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
    process.arguments = ["run", "--config", config, "--log-level", "debug"]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = errors
    try process.run()
    Thread.sleep(forTimeInterval: 8)
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    outputs.append(
      ("run", String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)))

    // The failures happened and were reported, by name.
    #expect(check.contains("refusing") && check.contains("webhook http://127.0.0.1:\(port) #"))
    #expect(once.contains("alert parked"), "\(once)")
    // An item's two alerts went to "refusing" as one group; "digest-hook" composed a digest.
    let run = outputs.last?.1 ?? ""
    #expect(run.contains("digest parked"), "\(run)")
    #expect(sinks.contains("answered 404"), "\(sinks)")
    #expect(sinks.contains("535"), "\(sinks)")
    #expect(sinks.contains("exited with status 3"), "\(sinks)")

    let state = harness.folder.appendingPathComponent("state")
    for file in try FileManager.default.contentsOfDirectory(atPath: state.path) {
      let bytes = try Data(contentsOf: state.appendingPathComponent(file))
      outputs.append(("state/\(file)", String(decoding: bytes, as: UTF8.self)))
    }
    outputs.append(("alerts.jsonl", try String(contentsOf: harness.alertLog, encoding: .utf8)))
    for (source, text) in outputs {
      for secret in Self.secrets {
        #expect(!text.contains(secret), "\(source) shows \(secret):\n\(text)")
      }
    }
  }

  /// What a receiver or libcurl may say back, quoting the address it was given.
  @Test func errorsQuotingTheAddressAreRedacted() throws {
    let url =
      "https://hook:Userinfo-PW-31337@hooks.example.org/hooks/Path-Token-8f2k9?token=Query-Token-5j3m&v=1"
    let sink = Config.Sink(
      name: "chat",
      kind: .webhook(
        Config.Sink.Webhook(
          url: url, secret: "Hmac-Secret-4e6r",
          headers: ["Authorization": "Bearer Header-Secret-7q1w"],
          format: .slack, timeout: 10)))
    let identity = SinkIdentity(sink)
    #expect(identity.shown.hasPrefix("webhook https://hooks.example.org #"))
    for said in [
      "URL rejected: \(url)", "Could not resolve proxy for /hooks/Path-Token-8f2k9",
      "bad query token=Query-Token-5j3m", "unauthorized user hook:Userinfo-PW-31337",
      "echo: Authorization: Bearer Header-Secret-7q1w, key Hmac-Secret-4e6r",
    ] {
      let redacted = identity.redact(said)
      #expect(redacted.contains("[redacted]"), "\(redacted)")
      for secret in Self.secrets { #expect(!redacted.contains(secret), "\(redacted)") }
    }
    let mail = Config.Sink(
      name: "mail",
      kind: .email(
        Config.Sink.Email(
          url: "smtps://smtp.example.org", from: "a@example.org", to: ["b@example.org"],
          username: "alerts", passwordFile: "/x", security: .required,
          subject: Config.Sink.Email.defaultSubject, caFile: nil, timeout: 30)))
    let mailIdentity = SinkIdentity(mail, password: "Smtp-Password-2z8x")
    let echoed = "AUTH PLAIN \(Self.secrets[7]) refused; password Smtp-Password-2z8x"
    for secret in Self.secrets { #expect(!mailIdentity.redact(echoed).contains(secret)) }
  }
}
