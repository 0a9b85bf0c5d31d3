import Dispatch

extension Fetcher {
  /// Like `perform`, but keeps the first `keep` bytes of a 2xx body: what a receiver answered,
  /// for a person testing a sink. Never call it from a transfer handler.
  public func performKeepingAnswer(_ request: FetchRequest, keep: Int = 2048)
    -> Result<(FetchResponse, [UInt8]), FetchError>
  {
    let waiter = AnswerWaiter(keep: keep)
    fetch(request, handler: waiter)
    return waiter.wait()
  }
}

/// Keeps a transfer's outcome and the start of its body for a thread that waits for it.
private final class AnswerWaiter: TransferHandler, @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let keep: Int
  // Written on the fetcher's queue before `done` is signalled, read after the wait.
  private var body: [UInt8] = []
  private var result: Result<FetchResponse, FetchError> = .failure(.aborted)

  init(keep: Int) { self.keep = keep }

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    body.append(contentsOf: chunk.prefix(max(0, keep - body.count)))
    return true
  }

  func didComplete(_ result: Result<FetchResponse, FetchError>) {
    self.result = result
    done.signal()
  }

  func wait() -> Result<(FetchResponse, [UInt8]), FetchError> {
    done.wait()
    return result.map { ($0, body) }
  }
}
