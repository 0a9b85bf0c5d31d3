import Fetcher
import Foundation
import TestHTTPServer
import Testing

@Suite struct ConcurrencyTests {
  @Test func manyTransfersAllCompleteWithinTheBound() async throws {
    try await withServer({ request in
      var response = TestResponse.text("feed \(request.path)")
      response.delay = 0.005
      return response
    }) { server in
      let fetcher = Fetcher(maxConcurrent: 8, logger: testLogger)
      defer { fetcher.shutdown() }
      let handlers = (0..<200).map { _ in RecordingHandler() }
      let overBound = LockedCounter()
      for (index, handler) in handlers.enumerated() {
        handler.acceptHead = { _ in
          // Called on the fetcher's queue, where the count is exact.
          if fetcher.activeTransfers > 8 { overBound.increment() }
          return true
        }
        fetcher.fetch(request(server.baseURL + "/\(index)"), handler: handler)
      }
      for handler in handlers { await handler.completion() }
      for (index, handler) in handlers.enumerated() {
        #expect(handler.completions == 1)
        #expect(handler.body == Array("feed /\(index)".utf8))
      }
      #expect(overBound.value == 0)
      #expect(server.requests.count == 200)
      #expect(server.peakConcurrentRequests <= 8)
      #expect(fetcher.activeTransfers == 0)
      #expect(fetcher.queuedTransfers == 0)
    }
  }

  @Test func shutdownAbortsTransfersInFlightExactlyOnce() async throws {
    try await withServer({ _ in
      var response = TestResponse.text("too late")
      response.delay = 600  // never answered within the test, however loaded the machine
      return response
    }) { server in
      let fetcher = Fetcher(maxConcurrent: 4, logger: testLogger)
      let handlers = (0..<20).map { _ in RecordingHandler() }
      // A timeout far beyond the test: under a sanitizer on a loaded machine the wait below can
      // take most of a minute, and only shutdown may end these transfers.
      let patient = request(server.baseURL + "/") { $0.timeout = 900 }
      for handler in handlers { fetcher.fetch(patient, handler: handler) }
      // Wait until the first transfers are on the wire and the fetcher has taken every request
      // (fetch is asynchronous; on a loaded machine this can take a while).
      let deadline = ContinuousClock.now + .seconds(60)
      while (server.requests.count < 4 || fetcher.activeTransfers + fetcher.queuedTransfers < 20)
        && ContinuousClock.now < deadline
      {
        try await Task.sleep(for: .milliseconds(10))
      }
      #expect(fetcher.activeTransfers == 4)
      #expect(fetcher.queuedTransfers == 16)
      fetcher.shutdown()
      for handler in handlers { await handler.completion() }
      for handler in handlers {
        #expect(handler.completions == 1)
        #expect(handler.error == .aborted)
      }
      #expect(server.requests.count == 4)

      let late = RecordingHandler()
      fetcher.fetch(request(server.baseURL + "/"), handler: late)
      await late.completion()
      #expect(late.error == .aborted)
      fetcher.shutdown()
    }
  }

  @Test func fetcherIsReusableAcrossBursts() async throws {
    try await withServer({ _ in .text("ok") }) { server in
      let fetcher = Fetcher(maxConcurrent: 2, logger: testLogger)
      defer { fetcher.shutdown() }
      for _ in 0..<3 {
        let handlers = (0..<5).map { _ in RecordingHandler() }
        for handler in handlers { fetcher.fetch(request(server.baseURL + "/"), handler: handler) }
        for handler in handlers {
          await handler.completion()
          #expect(handler.response?.status == 200)
        }
      }
    }
  }
}

final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
