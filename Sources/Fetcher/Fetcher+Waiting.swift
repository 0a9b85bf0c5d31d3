import Dispatch

extension Fetcher {
  /// Runs `request` and waits for its outcome, discarding the body: for a caller on a queue of
  /// its own with nothing else to do meanwhile (a sink's worker). Never call it from a
  /// transfer handler: the fetcher's queue would wait for itself.
  public func perform(_ request: FetchRequest) -> Result<FetchResponse, FetchError> {
    let waiter = OutcomeWaiter()
    fetch(request, handler: waiter)
    return waiter.wait()
  }
}

/// Keeps a transfer's outcome for a thread that waits for it.
private final class OutcomeWaiter: TransferHandler, @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written once on the fetcher's queue before `done` is signalled, read after the wait.
  private var result: Result<FetchResponse, FetchError> = .failure(.aborted)

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }
  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool { true }

  func didComplete(_ result: Result<FetchResponse, FetchError>) {
    self.result = result
    done.signal()
  }

  func wait() -> Result<FetchResponse, FetchError> {
    done.wait()
    return result
  }
}
