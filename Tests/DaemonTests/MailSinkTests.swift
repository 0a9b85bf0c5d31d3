import Foundation
import TestHTTPServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The e-mail sink against a real SMTP server on 127.0.0.1, through the feedwatch binary:
/// each message read back with Python's `email` package.
@Suite struct MailSinkTests {
  func feedwatch(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try AlertsCommandTests().feedwatch(arguments, withErrors: true)
  }

  static let withdrawal =
    "US troops will pull out of the base by the end of the year, officials said on Monday."

  /// A config with one feed (the sample story and `extraItems`), the withdrawal rule, the
  /// alert log and `sink`; returns its path.
  func writeConfig(_ harness: DaemonHarness, feed: ServedFeed, sink: String) throws -> String {
    let json = """
      {
        "stateDirectory": "state", "alertLog": "alerts.jsonl",
        "politeness": { "maxPerHost": 8, "spacing": "0s" },
        "feeds": [{"url": "\(feed.url)", "name": "wire"}],
        "stories": { "window": "0s" },
        "rules": [ { "name": "withdrawal", "when": "topic:withdrawal", "severity": "warning" } ],
        "sinks": [ {"type": "jsonl", "path": "alerts.jsonl"}, \(sink) ]
      }
      """
    let file = harness.folder.appendingPathComponent("config.json")
    try Data(json.utf8).write(to: file)
    return file.path
  }

  @Test func eachAlertIsOneWellFormedMessageOverSTARTTLSWithAUTH() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let certificate = try TestCertificate(in: harness.folder)
    let server = try MailServer(
      in: harness.folder, mode: "starttls", certificate: certificate, user: "alerts",
      password: "c0rrect-h0rse")
    defer { server.stop() }
    try Data("c0rrect-h0rse\n".utf8).write(to: harness.folder.appendingPathComponent("smtp.pw"))
    // A title with markup characters and non-ASCII text, which must reach the reader intact.
    let feed = try ServedFeed(
      SampleFeed.feed(extraItems: [
        SampleFeed.item(
          guid: "special",
          title:
            "Iraq’s “pull-out” &amp; the &amp;lt;Sadr&amp;gt; bloc: Kämpfer verlassen die Basis",
          text: Self.withdrawal)
      ]))
    defer { feed.server.stop() }
    let config = try writeConfig(
      harness, feed: feed,
      sink: """
        {"type": "email", "name": "ops-mail", "url": "smtp://127.0.0.1:\(server.port)",
         "from": "Feedwatch Alerts <alerts@example.org>",
         "to": ["analyst@example.org", "desk@example.org"],
         "username": "alerts", "passwordFile": "smtp.pw", "caFile": "\(certificate.cert)",
         "subject": "{severity} · {rule} · {feed}: {title}"}
        """)

    let once = try feedwatch(["once", "--config", config])
    #expect(once.status == 0, "\(once.output)")
    let alerts = try harness.alerts()
    #expect(alerts.count == 2)
    #expect(server.messages.count == 2)
    for (message, alert) in zip(server.messages, alerts) {
      let mail = try server.read(message)
      let headers = try #require(mail["headers"] as? [String: String])
      let id = try #require(alert["id"] as? String)
      let item = try #require(alert["item"] as? [String: Any])
      let title = try #require(item["title"] as? String)
      #expect(headers["From"] == "Feedwatch Alerts <alerts@example.org>")
      #expect(headers["To"] == "analyst@example.org, desk@example.org")
      #expect(headers["Subject"] == "warning · withdrawal · wire: \(title)")
      #expect(headers["Message-ID"] == "<feedwatch.\(id)@example.org>")
      #expect(headers["List-Id"] == "feedwatch ops-mail <ops-mail.feedwatch.example.org>")
      #expect(headers["Auto-Submitted"] == "auto-generated")
      #expect(headers["X-Feedwatch-Alert-Id"] == id)
      let sent = try #require(mail["date"] as? Double)
      #expect(abs(sent - Date().timeIntervalSince1970) < 120)
      #expect(mail["contentType"] as? String == "multipart/alternative")
      #expect((mail["defects"] as? [String])?.isEmpty == true)
      #expect(mail["ascii"] as? Bool == true)
      #expect(mail["bareLF"] as? Bool == false)
      #expect((mail["longestLine"] as? Int ?? 999) <= 78)
      let parts = try #require(mail["parts"] as? [[String: Any]])
      #expect(parts.map { $0["type"] as? String } == ["text/plain", "text/html"])
      let text = try #require(parts.first?["content"] as? String)
      let html = try #require(parts.last?["content"] as? String)
      for part in parts {
        #expect(part["charset"] as? String == "utf-8")
        #expect((part["defects"] as? [String])?.isEmpty == true)
      }
      #expect(text.contains(title))
      #expect(text.contains(item["link"] as? String ?? "?"))
      #expect(html.contains(">" + escapeHTML(title) + "</a>"), "\(html)")
      #expect(html.contains("href=\"\(item["link"] as? String ?? "?")\""))
      if title.contains("<") { #expect(!html.contains(title)) }
      let envelope = try server.envelope(message)
      #expect(envelope["from"] as? String == "alerts@example.org")
      #expect(envelope["to"] as? [String] == ["analyst@example.org", "desk@example.org"])
      #expect(envelope["tls"] as? Bool == true)
      #expect(envelope["auth"] as? Bool == true)
    }
    #expect(
      alerts.contains {
        ($0["item"] as? [String: Any])?["title"] as? String
          == "Iraq’s “pull-out” & the <Sadr> bloc: Kämpfer verlassen die Basis"
      })

    // `sinks test` sends one more, and prints the server's reply.
    let tested = try feedwatch(["sinks", "test", "ops-mail", "--config", config])
    #expect(tested.status == 0, "\(tested.output)")
    #expect(tested.output.contains("answer: 250 2.0.0 Ok: queued as FW0003"), "\(tested.output)")
    #expect(server.messages.count == 3)
    let sample = try server.read(try #require(server.messages.last))
    #expect((sample["headers"] as? [String: String])?["X-Feedwatch-Rule"] == "feedwatch-test")
  }

  @Test func aRejectedRecipientIsParkedWithTheServersReply() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let certificate = try TestCertificate(in: harness.folder)
    let server = try MailServer(
      in: harness.folder, mode: "starttls", certificate: certificate,
      reject: ["nobody@example.org"])
    defer { server.stop() }
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    let config = try writeConfig(
      harness, feed: feed,
      sink: """
        {"type": "email", "name": "ops-mail", "url": "smtp://127.0.0.1:\(server.port)",
         "from": "alerts@example.org", "to": ["nobody@example.org"],
         "caFile": "\(certificate.cert)"}
        """)
    let once = try feedwatch(["once", "--config", config])
    #expect(once.status == 0)
    #expect(once.output.contains("alert parked"), "\(once.output)")
    #expect(once.output.contains("550 5.1.1 <nobody@example.org>: Recipient address rejected"))
    #expect(server.messages.isEmpty)
    let sinks = try feedwatch(["sinks", "--json", "--config", config])
    let row = try #require(
      try sinks.output.split(separator: "\n").compactMap {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }.first { $0["name"] as? String == "ops-mail" })
    #expect(row["parked"] as? Int == 1)
    #expect(row["backlog"] as? Int == 0)
    #expect((row["lastError"] as? String)?.contains("User unknown") == true, "\(row)")
    // Parked: not tried again.
    _ = try feedwatch(["once", "--config", config])
    #expect(server.messages.isEmpty)
    let listed = try feedwatch(["sinks", "--config", config])
    #expect(listed.output.contains("ops-mail"))
    #expect(listed.output.contains("Recipient address rejected"))
  }

  @Test func aServerDownThenUpGetsTheAlertOnce() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let port = try MailServer.freePort()
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    // Plain SMTP to a relay on loopback.
    let config = try writeConfig(
      harness, feed: feed,
      sink: """
        {"type": "email", "name": "relay", "url": "smtp://127.0.0.1:\(port)", "tls": "none",
         "from": "alerts@example.org", "to": ["analyst@example.org"]}
        """)
    let (process, notify, errors) = try DaemonProcessTests.startRun(harness)
    defer { if process.isRunning { process.terminate() } }
    #expect(notify.waitFor("READY=1", seconds: 20))
    #expect(DaemonProcessTests().waitUntil(seconds: 20) { (try? harness.alerts().count) == 1 })
    let waiting = try feedwatch(["sinks", "--json", "--config", config])
    #expect(waiting.output.contains("\"backlog\":1"), "\(waiting.output)")

    let server = try MailServer(in: harness.folder, mode: "plain", port: port)
    defer { server.stop() }
    #expect(DaemonProcessTests().waitUntil(seconds: 30) { server.messages.count == 1 })
    Thread.sleep(forTimeInterval: 3)
    #expect(server.messages.count == 1)
    #expect(try server.envelope(try #require(server.messages.first))["tls"] as? Bool == false)
    kill(process.processIdentifier, SIGTERM)
    #expect(DaemonProcessTests().waitUntil(seconds: 15) { !process.isRunning })
    let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(log.contains("cannot deliver alerts"), "\(log)")
    #expect(log.contains("alert delivery resumed"))
    let after = try feedwatch(["sinks", "--json", "--config", config])
    #expect(after.output.contains("\"backlog\":0"), "\(after.output)")
  }

  @Test func requiredSTARTTLSIsNeverSkipped() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let server = try MailServer(in: harness.folder, mode: "plain")
    defer { server.stop() }
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    let config = try writeConfig(
      harness, feed: feed,
      sink: """
        {"type": "email", "name": "ops-mail", "url": "smtp://127.0.0.1:\(server.port)",
         "from": "alerts@example.org", "to": ["analyst@example.org"]}
        """)
    let tested = try feedwatch(["sinks", "test", "ops-mail", "--config", config])
    #expect(tested.status == 1)
    #expect(tested.output.contains("does not offer STARTTLS"), "\(tested.output)")
    #expect(tested.output.contains("would park it"))
    #expect(server.messages.isEmpty)
  }

  @Test func smtpsIsTLSFromTheStartAndA4xxIsRetried() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let certificate = try TestCertificate(in: harness.folder)
    let server = try MailServer(
      in: harness.folder, mode: "smtps", certificate: certificate, defer: ["later@example.org"])
    defer { server.stop() }
    let feed = try ServedFeed(SampleFeed.feed())
    defer { feed.server.stop() }
    func sink(_ name: String, to: String) -> String {
      """
      {"type": "email", "name": "\(name)", "url": "smtps://127.0.0.1:\(server.port)",
       "from": "alerts@example.org", "to": ["\(to)"], "caFile": "\(certificate.cert)"}
      """
    }
    let config = try writeConfig(
      harness, feed: feed,
      sink: sink("now", to: "analyst@example.org") + ", " + sink("later", to: "later@example.org"))
    let now = try feedwatch(["sinks", "test", "now", "--config", config])
    #expect(now.status == 0, "\(now.output)")
    #expect(now.output.contains("answer: 250 2.0.0 Ok: queued as FW0001"))
    #expect(try server.envelope(try #require(server.messages.first))["tls"] as? Bool == true)
    let later = try feedwatch(["sinks", "test", "later", "--config", config])
    #expect(later.status == 1)
    #expect(later.output.contains("451 4.3.0 Mailbox temporarily unavailable"), "\(later.output)")
    #expect(later.output.contains("would retry it"))
    #expect(server.messages.count == 1)
  }

  /// A digest goes out as one message listing every alert it holds once, under its rule, with
  /// the Message-ID from the digest's id.
  @Test func aDigestIsOneMessageWithEveryAlertOnce() throws {
    try #require(FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary))
    guard MailServer.available() else { return }
    let harness = try DaemonHarness()
    let server = try MailServer(in: harness.folder, mode: "plain")
    defer { server.stop() }
    let wires = try SinkTestSupport.TwoWires()
    defer {
      wires.stop()
    }
    let config = try SinkTestSupport.writeConfig(
      in: harness.folder,
      feeds: wires.feeds,
      sinks: [
        #"{"type": "jsonl", "path": "alerts.jsonl"}"#,
        #"{"type": "email", "name": "digest-mail", "url": "smtp://127.0.0.1:\#(server.port)", "tls": "none", "from": "feedwatch <alerts@example.org>", "to": ["desk@example.org"], "digest": "5s"}"#,
      ])
    // Start just after a due time, so both feeds are polled well before the next one.
    SinkTestSupport.sleep(untilPhase: 0.2, of: 5)
    let daemon = try SinkTestSupport.startRun(config)
    let arrived = SinkTestSupport.waitUntil(seconds: 15) { !server.messages.isEmpty }
    // One more period: nothing is left for a second digest.
    Thread.sleep(forTimeInterval: 5.5)
    #expect(SinkTestSupport.stop(daemon) == 0)
    #expect(arrived, "no digest arrived")

    let logged = SinkTestSupport.logLines(harness.alertLog)
    #expect(logged.count == 4)
    #expect(server.messages.count == 1)
    let mail = try server.read(try #require(server.messages.first))
    let headers = try #require(mail["headers"] as? [String: String])
    let digestID = try #require(headers["X-Feedwatch-Digest-Id"])
    #expect(headers["Message-ID"] == "<feedwatch.digest.\(digestID)@example.org>")
    #expect(headers["Subject"]?.hasPrefix("feedwatch digest: 4 alerts in 2 stories") == true)
    #expect(headers["List-Id"] == "feedwatch digest-mail <digest-mail.feedwatch.example.org>")
    #expect(headers["X-Feedwatch-Severity"] == "warning")
    #expect(mail["contentType"] as? String == "multipart/alternative")
    #expect((mail["defects"] as? [String])?.isEmpty == true)
    #expect(mail["ascii"] as? Bool == true)
    #expect(mail["bareLF"] as? Bool == false)
    #expect((mail["longestLine"] as? Int ?? 999) <= 78)
    let parts = try #require(mail["parts"] as? [[String: Any]])
    #expect(parts.compactMap { $0["type"] as? String } == ["text/plain", "text/html"])
    #expect(parts.allSatisfy { ($0["defects"] as? [String])?.isEmpty == true })
    let text = try #require(parts.first?["content"] as? String)

    // Stories are "N. [SEVERITY] TITLE"; under each, a rule is "   RULE (SEVERITY)" and an
    // alert is "     TIME · FEED", its evidence indented further.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(
      String.init)
    func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    var listed: [String] = []
    var rule: String?
    for line in lines {
      if indent(line) == 3, line.hasSuffix(")"), let open = line.lastIndex(of: "(") {
        rule = line[..<open].trimmingCharacters(in: .whitespaces)
      } else if indent(line) == 5, let rule, let dot = line.range(of: " · ") {
        listed.append("\(rule) \(line[dot.upperBound...])")
      }
    }
    let expected = logged.map { alert in
      "\(alert["rule"] as? String ?? "") \((alert["feed"] as? [String: Any])?["name"] as? String ?? "")"
    }
    #expect(listed.sorted() == expected.sorted(), "\(text)")
    let headings = lines.filter { $0.first?.isNumber == true && $0.contains(". [") }
    let titles = Set(logged.compactMap { ($0["item"] as? [String: Any])?["title"] as? String })
    #expect(headings.count == titles.count)
    for title in titles {
      #expect(headings.filter { $0.hasSuffix("] \(title)") }.count == 1, "\(title) in \(text)")
    }
    let html = try #require(parts.last?["content"] as? String)
    #expect(html.contains("Drawdown in Syria goes on"))
  }

  func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "'", with: "&#39;")
  }
}
