import Fetcher
import Foundation
import Logging
import TestHTTPServer
import Testing

/// Records one transfer's events; they arrive on the fetcher's queue, and are read only after
/// `didComplete` resumed the waiting test, so no lock is needed.
final class RecordingHandler: TransferHandler, @unchecked Sendable {
  var heads: [ResponseHead] = []
  var body: [UInt8] = []
  var chunkCount = 0
  var completions = 0
  var result: Result<FetchResponse, FetchError>?
  var acceptHead: (ResponseHead) -> Bool = { _ in true }
  var onComplete: (@Sendable () -> Void)?
  private var continuation: CheckedContinuation<Void, Never>?
  private let lock = NSLock()

  func didReceiveHead(_ head: ResponseHead) -> Bool {
    heads.append(head)
    return acceptHead(head)
  }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    chunkCount += 1
    body.append(contentsOf: chunk)
    return true
  }

  func didComplete(_ result: Result<FetchResponse, FetchError>) {
    lock.lock()
    completions += 1
    self.result = result
    let waiting = continuation
    continuation = nil
    lock.unlock()
    onComplete?()
    waiting?.resume()
  }

  /// Waits until `didComplete` has been called.
  func completion() async {
    await withCheckedContinuation { continuation in
      lock.lock()
      if completions > 0 {
        lock.unlock()
        continuation.resume()
      } else {
        self.continuation = continuation
        lock.unlock()
      }
    }
  }

  var error: FetchError? {
    if case .failure(let error) = result { return error }
    return nil
  }

  var response: FetchResponse? {
    if case .success(let response) = result { return response }
    return nil
  }
}

let testLogger = Logger(label: "feedwatch.fetcher.tests")

func request(_ url: String, _ configure: (inout FetchRequest) -> Void = { _ in }) -> FetchRequest {
  var request = FetchRequest(url: url, userAgent: FeedwatchVersion.userAgent)
  configure(&request)
  return request
}

/// Runs one transfer on a fresh fetcher and returns what its handler saw.
func fetchOnce(
  _ request: FetchRequest, acceptHead: @escaping (ResponseHead) -> Bool = { _ in true }
) async
  -> RecordingHandler
{
  let fetcher = Fetcher(maxConcurrent: 4, logger: testLogger)
  defer { fetcher.shutdown() }
  let handler = RecordingHandler()
  handler.acceptHead = acceptHead
  fetcher.fetch(request, handler: handler)
  await handler.completion()
  return handler
}

/// Serves `handler` for the duration of `body`.
func withServer<T>(
  _ handler: @escaping @Sendable (TestRequest) -> TestResponse,
  _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
  let server = try TestHTTPServer(handler: handler)
  defer { server.stop() }
  return try await body(server)
}

/// `withServer` with a server that gives every request the same response.
func withServer<T>(
  responding response: TestResponse, _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
  try await withServer({ _ in response }, body)
}

/// `bytes` compressed by the system's gzip.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/gzip")
  process.arguments = ["-c", "-n"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  let writer = input.fileHandleForWriting
  DispatchQueue.global().async {
    writer.write(Data(bytes))
    try? writer.close()
  }
  let compressed = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return [UInt8](compressed)
}

/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") `seconds` from now.
func httpDate(secondsFromNow seconds: Int) -> String {
  var time = time(nil) + seconds
  var parts = tm()
  gmtime_r(&time, &parts)
  var buffer = [CChar](repeating: 0, count: 64)
  let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
  return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A loopback port that is reserved (bound) but not listening, so every connection to it is
/// refused, and no other server in the process can take it meanwhile.
func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
  let reserved = try RefusingPort()
  defer { withExtendedLifetime(reserved) {} }
  return try await body(reserved.port)
}

/// A loopback port whose accept queue is full: the kernel drops new connection attempts,
/// so a client's connect never completes.
func withUnresponsivePort<T>(_ body: (Int) async throws -> T) async throws -> T {
  let (listener, port) = try LoopbackSocket.bind(listenBacklog: 0)
  defer { close(listener) }
  var address = LoopbackSocket.address(port: port)
  // Fill the accept queue with connections nobody accepts.
  var fillers: [Int32] = []
  defer { for filler in fillers { close(filler) } }
  for _ in 0..<4 {
    let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    fillers.append(filler)
  }
  return try await body(port)
}
