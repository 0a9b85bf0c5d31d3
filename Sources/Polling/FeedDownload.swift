import Dispatch
public import Fetcher
public import Logging
import Synchronization

/// One whole download, for commands that inspect a single URL (`feedwatch parse URL`).
/// The daemon itself never buffers a body: it streams it into the parser.
public enum FeedDownload {
  public struct Result: Sendable {
    public var body: [UInt8]
    public var response: FetchResponse
  }

  public static func fetch(
    _ url: String, timeout: Double = 30, maxBytes: Int = 10 << 20, logger: Logger
  ) -> Swift.Result<Result, FetchError> {
    let fetcher = Fetcher(maxConcurrent: 1, logger: logger)
    defer { fetcher.shutdown() }
    let collector = BodyCollector()
    fetcher.fetch(
      FetchRequest(
        url: url, timeout: timeout, maxBytes: maxBytes, userAgent: FeedwatchVersion.userAgent),
      handler: collector)
    collector.done.wait()
    return collector.outcome.withLock { $0! }.map {
      Result(body: collector.body.withLock { $0 }, response: $0)
    }
  }
}

private final class BodyCollector: TransferHandler, @unchecked Sendable {
  let done = DispatchSemaphore(value: 0)
  let body = Mutex<[UInt8]>([])
  let outcome = Mutex<Swift.Result<FetchResponse, FetchError>?>(nil)

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    body.withLock { $0.append(contentsOf: chunk) }
    return true
  }

  func didComplete(_ result: Swift.Result<FetchResponse, FetchError>) {
    outcome.withLock { $0 = result }
    done.signal()
  }
}
