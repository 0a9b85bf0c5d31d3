import Dispatch
import Fetcher
import Foundation
import TestHTTPServer
import Testing

@Suite struct PolitenessTests {
  @Test func atMostTwoTransfersPerHost() async throws {
    try await withServer({ _ in
      var response = TestResponse.text("ok")
      response.delay = 0.02
      return response
    }) { server in
      let fetcher = Fetcher(
        maxConcurrent: 16, logger: testLogger,
        politeness: HostPoliteness(maxConcurrentPerHost: 2, minimumSpacing: 0))
      defer { fetcher.shutdown() }
      let handlers = (0..<12).map { _ in RecordingHandler() }
      for handler in handlers { fetcher.fetch(request(server.baseURL + "/"), handler: handler) }
      for handler in handlers { await handler.completion() }
      #expect(handlers.allSatisfy { $0.response?.status == 200 })
      #expect(server.requests.count == 12)
      #expect(server.peakConcurrentRequests <= 2)
    }
  }

  @Test func startsToOneHostAreSpacedOut() async throws {
    let arrivals = ArrivalLog()
    try await withServer({ _ in
      arrivals.record()
      return .text("ok")
    }) { server in
      let fetcher = Fetcher(
        maxConcurrent: 8, logger: testLogger,
        politeness: HostPoliteness(maxConcurrentPerHost: 8, minimumSpacing: 0.1))
      defer { fetcher.shutdown() }
      let handlers = (0..<4).map { _ in RecordingHandler() }
      let before = DispatchTime.now()
      for handler in handlers { fetcher.fetch(request(server.baseURL + "/"), handler: handler) }
      for handler in handlers { await handler.completion() }
      #expect(handlers.allSatisfy { $0.response?.status == 200 })
      // The fourth start cannot come before three spacings have passed.
      let last = try #require(arrivals.times.max())
      #expect(last.uptimeNanoseconds - before.uptimeNanoseconds >= 300_000_000)
    }
  }

  /// The budget is per host name, not per origin: two ports (or http and https) of one host are
  /// almost always one machine, and the point of the limit is that machine's load. Different
  /// names (even for one address) are different budgets, as virtual hosts usually are.
  @Test func portsOfOneHostShareItsBudget() async throws {
    let shared = SharedInFlight()
    // Each answer is held for a moment inside the handler, so overlapping requests to the two
    // servers would both be counted.
    let handler: @Sendable (TestRequest) -> TestResponse = { _ in
      shared.enter()
      usleep(30_000)
      shared.leave()
      return .text("ok")
    }
    try await withServer(handler) { first in
      try await withServer(handler) { second in
        let fetcher = Fetcher(
          maxConcurrent: 8, logger: testLogger,
          politeness: HostPoliteness(maxConcurrentPerHost: 1, minimumSpacing: 0))
        defer { fetcher.shutdown() }
        let handlers = (0..<8).map { _ in RecordingHandler() }
        for (index, handler) in handlers.enumerated() {
          let server = index.isMultiple(of: 2) ? first : second
          fetcher.fetch(request(server.baseURL + "/"), handler: handler)
        }
        for handler in handlers { await handler.completion() }
        #expect(handlers.allSatisfy { $0.response?.status == 200 })
        #expect(first.requests.count == 4 && second.requests.count == 4)
        #expect(shared.observedPeak == 1)
      }
    }
  }

  @Test func aBusyHostDoesNotHoldUpAnother() async throws {
    try await withServer({ request in
      var response = TestResponse.text("ok")
      if request.headers["host"]?.hasPrefix("127.0.0.1") == true { response.delay = 600 }
      return response
    }) { server in
      let fetcher = Fetcher(
        maxConcurrent: 8, logger: testLogger,
        politeness: HostPoliteness(maxConcurrentPerHost: 1, minimumSpacing: 0))
      defer { fetcher.shutdown() }
      let slow = (0..<3).map { _ in RecordingHandler() }
      // Far beyond the test, however slow the run: these transfers must still be pending at the end.
      let patient = request(server.baseURL + "/") { $0.timeout = 900 }
      for handler in slow { fetcher.fetch(patient, handler: handler) }
      let fast = RecordingHandler()
      fetcher.fetch(request("http://localhost:\(server.port)/"), handler: fast)
      await fast.completion()
      #expect(fast.response?.status == 200)
      // The slow host's transfers (600 s each, one at a time) are all still waiting or running.
      #expect(slow.allSatisfy { $0.completions == 0 })
      #expect(fetcher.activeTransfers + fetcher.queuedTransfers == 3)
    }
  }
}

/// Counts requests being answered at once across several servers.
final class SharedInFlight: @unchecked Sendable {
  private let lock = NSLock()
  private var current = 0
  private(set) var peak = 0
  func enter() {
    lock.withLock {
      current += 1
      peak = max(peak, current)
    }
  }
  func leave() { lock.withLock { current -= 1 } }
  var observedPeak: Int { lock.withLock { peak } }
}

final class ArrivalLog: @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [DispatchTime] = []
  func record() { lock.withLock { recorded.append(.now()) } }
  var times: [DispatchTime] { lock.withLock { recorded } }
}
