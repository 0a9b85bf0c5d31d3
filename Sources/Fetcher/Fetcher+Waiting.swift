import Dispatch

extension Fetcher {
  /// Runs `request` and waits for its outcome, discarding the body: for a caller on a queue of
  /// its own with nothing else to do meanwhile (a sink's worker). Never call it from a
  /// transfer handler: the fetcher's queue would wait for itself.
  public func perform(_ request: FetchRequest) -> Result<FetchResponse, FetchError> {
    performKeepingAnswer(request, keep: 0).map(\.0)
  }

  /// Like `perform`, but keeps the first `keep` bytes of a 2xx body: what a receiver answered,
  /// for a person testing a sink. Never call it from a transfer handler.
  public func performKeepingAnswer(_ request: FetchRequest, keep: Int = 2048)
    -> Result<(FetchResponse, [UInt8]), FetchError>
  {
    let waiter = OutcomeWaiter(keep: keep)
    fetch(request, handler: waiter)
    return waiter.wait()
  }
}

/// Keeps a transfer's outcome and the start of its body for a thread that waits for it.
private final class OutcomeWaiter: TransferHandler, @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let keep: Int
  // Written on the fetcher's queue before `done` is signalled, read after the wait.
  private var body: [UInt8] = []
  private var result: Result<FetchResponse, FetchError> = .failure(.aborted)

  init(keep: Int) { self.keep = keep }

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    if body.count < keep { body.append(contentsOf: chunk.prefix(keep - body.count)) }
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
