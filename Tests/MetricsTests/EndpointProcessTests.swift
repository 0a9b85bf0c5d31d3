import Foundation
import Hashing
import Metrics
import Store
import TestHTTPServer
import Testing
import Watch

#if canImport(Glibc)
  import Glibc
#endif

/// The built daemon's endpoint, read by real clients: curl, promtool, a second process holding
/// the store's lock.
@Suite struct EndpointProcessTests {
  @Test func scrapeIsValidExpositionWithTheDaemonsSeries() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let hook = try TestHTTPServer { _ in TestResponse(status: 204) }
    defer { hook.stop() }
    let hookURL = "\(hook.baseURL)/hook?token=s3cr3t-token-value"
    let daemon = try RunningDaemon(
      extra: """
        , "sinks": [ { "type": "jsonl", "path": "alerts.jsonl" },
                     { "type": "webhook", "url": "\(hookURL)" } ]
        """)
    try daemon.start()
    let webhook = DeliveryLabel.of("webhook:" + hookURL)
    var samples: [String: Double] = [:]
    var scrape = (status: 0, headers: "", body: "")
    #expect(
      waitUntil(seconds: 30) {
        scrape = (try? Tool.curl(daemon.url + "/metrics")) ?? (0, "", "")
        samples = Self.samples(scrape.body)
        return samples["feedwatch_deliveries_total{sink=\"\(webhook)\",outcome=\"delivered\"}"] == 1
      }, "the webhook delivery never showed:\n\(scrape.body)\n\(daemon.log)")
    #expect(scrape.status == 200)
    #expect(scrape.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))

    let check = try Tool.run("promtool", ["check", "metrics"], input: scrape.body)
    #expect(check.status == 0, "promtool: \(check.output)\(check.errors)")

    #expect(samples["feedwatch_build_info{version=\"0.1.0\"}"] == 1)
    #expect(samples["feedwatch_polls_total{outcome=\"ok\"}", default: 0] >= 1)
    #expect(samples["feedwatch_polls_total{outcome=\"failing\"}"] == 0)
    #expect(samples["feedwatch_new_items_total"] == 1)
    #expect(
      samples["feedwatch_fetched_bytes_total", default: 0] >= Double(RunningDaemon.feed.utf8.count))
    #expect(samples["feedwatch_alerts_total{rule=\"withdrawal\",severity=\"warning\"}"] == 1)
    #expect(samples["feedwatch_feeds{status=\"ok\"}"] == 1)
    #expect(samples["feedwatch_feeds{status=\"failing\"}"] == 0)
    #expect(samples["feedwatch_poll_duration_seconds_count", default: 0] >= 1)
    #expect(samples["feedwatch_store_commit_duration_seconds_count", default: 0] >= 1)
    #expect(samples["feedwatch_delivery_backlog_alerts{sink=\"\(webhook)\"}"] == 0)
    #expect(samples["feedwatch_article_fetches_total{outcome=\"read\"}"] == 0)
    let lastRun = try #require(samples["feedwatch_scheduler_last_run_timestamp_seconds"])
    #expect(abs(lastRun - Date().timeIntervalSince1970) < 60)
    // Labels say neither which feed nor where a sink posts (its URL carries a token).
    #expect(!scrape.body.contains("s3cr3t"))
    #expect(!scrape.body.contains("127.0.0.1"))
    #expect(!scrape.body.contains("wire"))
  }

  @Test func servesOnlyItsPathsWithGetAndHead() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let daemon = try RunningDaemon()
    try daemon.start()
    let health = try Tool.curl(daemon.url + "/healthz")
    #expect(health.status == 200 && health.body == "ok\n")

    // HEAD: the GET answer's headers, no body.
    let head = try RawClient.exchange(daemon.address, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(head.status == 200)
    #expect(head.body.isEmpty)
    #expect(Int(head.headers["content-length"] ?? "") ?? 0 > 100)

    #expect(try Tool.curl(daemon.url + "/metrics?name=x").status == 200)
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
      let refused = try Tool.curl(daemon.url + "/readyz", ["-X", method])
      #expect(refused.status == 405, "\(method)")
      #expect(refused.headers.contains("Allow: GET, HEAD"))
    }
    for path in ["/", "/metrics/", "/favicon.ico", "/healthz/../metrics"] {
      #expect(try Tool.curl(daemon.url + path, ["--path-as-is"]).status == 404, "\(path)")
    }
    let big = String(repeating: "a", count: 10_000)
    #expect(try Tool.curl(daemon.url + "/metrics", ["-H", "X-Big: \(big)"]).status == 431)
    // Not HTTP at all.
    let garbage = try RawClient(address: daemon.address)
    garbage.send("hello\r\n\r\n")
    #expect(garbage.readAll(seconds: 5).hasPrefix("HTTP/1.1 400 "))
  }

  @Test func listensOnIPv6Loopback() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let daemon = try RunningDaemon(listen: "[::1]:0")
    try daemon.start()
    #expect(daemon.address.hasPrefix("[::1]:"))
    #expect(try Tool.curl(daemon.url + "/healthz", ["-g"]).status == 200)
    #expect(try Tool.curl(daemon.url + "/metrics", ["-g"]).body.contains("feedwatch_build_info"))
  }

  @Test func aPortInUseStopsTheStartWithTheCause() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let (taken, port) = try LoopbackSocket.bind(listenBacklog: 1)
    defer { close(taken) }
    let daemon = try RunningDaemon(listen: "127.0.0.1:\(port)")
    #expect(throws: RunningDaemonError.self) { try daemon.start() }
    daemon.process.waitUntilExit()
    #expect(daemon.process.terminationStatus != 0)
    #expect(
      daemon.log.contains("cannot listen on 127.0.0.1:\(port) for metrics: Address already in use"))
    #expect(daemon.log.contains("metrics.listen"))
    #expect(!daemon.log.contains("feedwatch started"))
  }

  @Test func slowClientsNeverDelayPolling() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let daemon = try RunningDaemon()
    try daemon.start()
    // The first poll done (a feed in flight is not started again).
    #expect(waitUntil(seconds: 20) { daemon.log.contains("new items") })
    #expect(daemon.feedServer.requests.count == 1)

    // Half a request, then more idle connections than the endpoint serves at once.
    let slow = try RawClient(address: daemon.address)
    slow.send("GET /metr")
    Thread.sleep(forTimeInterval: 0.2)
    let idle = try (0..<24).map { _ in try RawClient(address: daemon.address) }
    let started = Date()

    // The scheduler goes on: a poll requested now is made at once.
    kill(daemon.process.processIdentifier, SIGUSR1)
    #expect(
      waitUntil(seconds: 10) { daemon.feedServer.requests.count == 2 },
      "no poll after SIGUSR1:\n\(daemon.log)")
    #expect(Date().timeIntervalSince(started) < 4)

    // A connection past the limit is closed at once; the half request gets its 408 when its
    // time is up.
    #expect(idle.last!.readAll(seconds: 3).isEmpty)
    #expect(Date().timeIntervalSince(started) < 4)
    let answer = slow.readAll(seconds: 15)
    let waited = Date().timeIntervalSince(started)
    #expect(answer.hasPrefix("HTTP/1.1 408 "), "\(answer)")
    #expect(waited > 3 && waited < 10)
    for client in idle { client.close() }
    #expect(waitUntil(seconds: 15) { (try? Tool.curl(daemon.url + "/healthz"))?.status == 200 })
  }

  @Test func readyzIsUnavailableWhileAnotherProcessHoldsTheStoreLocked() throws {
    try #require(FileManager.default.isExecutableFile(atPath: RunningDaemon.binary))
    let daemon = try RunningDaemon()
    try daemon.start()
    #expect(waitUntil(seconds: 20) { (try? Tool.curl(daemon.url + "/readyz"))?.status == 200 })

    let holder = try LockHolder(database: daemon.stateDatabase)
    let locked = try Tool.curl(daemon.url + "/readyz")
    #expect(locked.status == 503)
    #expect(locked.body.contains("locked by another process"), "\(locked.body)")
    #expect(try Tool.curl(daemon.url + "/healthz").status == 200)
    let head = try RawClient.exchange(daemon.address, "HEAD /readyz HTTP/1.0\r\n\r\n")
    #expect(head.status == 503 && head.body.isEmpty)

    holder.release()
    #expect(waitUntil(seconds: 10) { (try? Tool.curl(daemon.url + "/readyz"))?.status == 200 })
  }

  /// `name{labels}` → value, for each sample line.
  static func samples(_ exposition: String) -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
      guard let space = line.lastIndex(of: " "),
        let value = Double(line[line.index(after: space)...])
      else { continue }
      samples[String(line[..<space])] = value
    }
    return samples
  }
}

/// The label a sink gets: the same functions the daemon uses, from the sink's address.
enum DeliveryLabel {
  static func of(_ address: String) -> String {
    SinkLabel.label(sinkID: SinkID(address: address).rawValue, sha256Hex: Digest.sha256Hex)
  }
}

/// Another process holding SQLite's exclusive lock on the daemon's database (as a backup
/// tool or an `sqlite3` shell left in a transaction would), until released.
final class LockHolder {
  private let process = Process()
  private let input = Pipe()

  init(database: String) throws {
    guard let python = Tool.path("python3") else { throw ToolError.missing("python3") }
    process.executableURL = URL(fileURLWithPath: python)
    let script = """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1], isolation_level=None)
      db.execute("BEGIN EXCLUSIVE")
      print("locked", flush=True)
      sys.stdin.read()
      """
    process.arguments = ["-c", script, database]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    let line = output.fileHandleForReading.availableData
    guard String(decoding: line, as: UTF8.self).contains("locked") else {
      throw ToolError.missing("an SQLite lock (python3's sqlite3 could not take it)")
    }
  }

  func release() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit { if process.isRunning { release() } }
}

/// A TCP client that sends exactly what it is told, when told.
final class RawClient {
  private let fd: Int32

  init(address: String) throws {
    let parts = address.split(separator: ":")
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = UInt16(parts[1])!.bigEndian
    inet_pton(AF_INET, String(parts[0]), &socketAddress.sin_addr)
    let connected = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
  }

  func send(_ text: String) {
    _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
  }

  /// What the server sends until it closes, or `seconds` pass.
  func readAll(seconds: Double) -> String {
    var timeout = timeval(tv_sec: Int(seconds), tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count <= 0 { break }
      received += buffer[..<count]
    }
    return String(decoding: received, as: UTF8.self)
  }

  func close() { Glibc.close(fd) }

  /// Sends `request` on a connection of its own and reads the answer: its status, its header
  /// fields (names lower-cased) and its body.
  static func exchange(_ address: String, _ request: String) throws -> (
    status: Int, headers: [String: String], body: String
  ) {
    let client = try RawClient(address: address)
    defer { client.close() }
    client.send(request)
    let answer = client.readAll(seconds: 10)
    let parts = answer.components(separatedBy: "\r\n\r\n")
    var lines = parts[0].components(separatedBy: "\r\n")
    let status = Int(lines.removeFirst().split(separator: " ").dropFirst().first ?? "") ?? 0
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
        in: .whitespaces)
    }
    return (status, headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
  }
}
