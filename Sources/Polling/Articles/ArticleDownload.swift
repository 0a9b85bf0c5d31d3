import Article
import Dispatch
import Fetcher
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One article page's transfer, streamed into the article reader as it arrives (on a serial
/// queue of its own over the shared work pool, never on the fetcher's queue); no body is kept.
final class ArticleDownload: TransferHandler, @unchecked Sendable {
  enum Result: Sendable {
    case read(Article, url: String)
    case failed(ArticleFailure, transient: Bool)
  }

  private let queue: DispatchQueue
  private let completion: @Sendable (Result) -> Void
  private let cancelled = Mutex(())
  private var isCancelled = false
  // Only touched on `queue`:
  private let reader = ArticleReader()
  private var head: [UInt8] = []
  private var effectiveURL: String

  init(url: String, workQueue: DispatchQueue, completion: @escaping @Sendable (Result) -> Void) {
    queue = DispatchQueue(label: "feedwatch.article", target: workQueue)
    effectiveURL = url
    self.completion = completion
  }

  /// The item stopped waiting: the transfer ends at its next event.
  func cancel() {
    cancelled.withLock { _ in isCancelled = true }
  }

  private var wanted: Bool { cancelled.withLock { _ in !isCancelled } }

  func didReceiveHead(_ head: ResponseHead) -> Bool {
    let url = head.effectiveURL
    queue.async { [self] in effectiveURL = url }
    return wanted
  }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    let bytes = [UInt8](chunk)
    queue.async { [self] in
      if head.count < ChallengePage.sniffLength {
        head += bytes.prefix(ChallengePage.sniffLength - head.count)
      }
      bytes.withUnsafeBytes { reader.read($0) }
    }
    return wanted
  }

  func didComplete(_ result: Swift.Result<FetchResponse, FetchError>) {
    queue.async { [self] in
      switch result {
      case .failure(let error):
        completion(Self.failure(error))
      case .success:
        if let service = ChallengePage.service(in: head) {
          completion(.failed(.blocked("a bot-challenge page from \(service)"), transient: false))
          return
        }
        let article = reader.finish()
        head = []
        completion(.read(article, url: effectiveURL))
      }
    }
  }

  private static func failure(_ error: FetchError) -> Result {
    switch error {
    case .blocked(let status):
      return .failed(.blocked("HTTP \(status)"), transient: false)
    case .timeout, .connect, .transport, .dns:
      return .failed(.failed(error.description), transient: true)
    case .http(let status) where status >= 500:
      return .failed(.failed(error.description), transient: true)
    default:
      return .failed(.failed(error.description), transient: false)
    }
  }
}
