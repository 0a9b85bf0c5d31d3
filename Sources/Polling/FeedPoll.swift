import Dispatch
import FeedParser
import Fetcher

/// One transfer's bytes, streamed into the feed parser as they arrive. Curl calls in on the
/// fetcher's queue; the parsing happens on this poll's own serial queue (which runs on the shared
/// work pool), so a slow parse never holds up other transfers.
final class FeedPoll: TransferHandler, @unchecked Sendable {
  /// How a document that gave items fell short of being read whole.
  enum Damage: Equatable {
    /// It broke after some items: no feed could be read from it.
    case broken(ParseError)
    /// It ended before its root element closed: the items read whole are kept, the one open
    /// at the cut is not.
    case truncated
  }

  enum Result {
    /// `damage` is nil for a document read whole; `feed` is nil when it broke.
    case parsed(feed: Feed?, items: [FeedItem], response: FetchResponse, damage: Damage?)
    case notModified(FetchResponse)
    /// `head` is the body's first bytes, to tell a bot-challenge page from a broken feed.
    case unreadable(ParseError, response: FetchResponse, head: [UInt8])
    case failed(FetchError)
  }

  private let queue: DispatchQueue
  private let options: FeedParserOptions
  private let completion: @Sendable (Result) -> Void
  // Only touched on `queue`:
  private var parser: FeedStreamParser?
  private var items: [FeedItem] = []
  private var head: [UInt8] = []

  init(
    feedName: String, workQueue: DispatchQueue, options: FeedParserOptions,
    completion: @escaping @Sendable (Result) -> Void
  ) {
    self.queue = DispatchQueue(label: "feedwatch.poll.\(feedName)", target: workQueue)
    self.options = options
    self.completion = completion
  }

  func didReceiveHead(_ head: ResponseHead) -> Bool {
    queue.async { [self] in
      var options = self.options
      options.contentType = head.contentType
      options.baseURL = head.effectiveURL
      parser = FeedStreamParser(options: options) { [self] item in items.append(item) }
    }
    return true
  }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    let bytes = [UInt8](chunk)
    queue.async { [self] in
      if parser == nil {
        parser = FeedStreamParser(options: options) { [self] item in items.append(item) }
      }
      if head.count < ChallengePage.sniffLength {
        head += bytes.prefix(ChallengePage.sniffLength - head.count)
      }
      bytes.withUnsafeBytes { parser!.write($0) }
    }
    return true
  }

  func didComplete(_ result: Swift.Result<FetchResponse, FetchError>) {
    queue.async { [self] in
      switch result {
      case .failure(let error):
        completion(.failed(error))
      case .success(let response) where response.notModified:
        completion(.notModified(response))
      case .success(let response):
        let outcome = parser?.finish() ?? .failure(.empty)
        let truncation: Damage? = parser?.isTruncated == true ? .truncated : nil
        parser = nil
        switch outcome {
        case .success(let feed):
          completion(.parsed(feed: feed, items: items, response: response, damage: truncation))
        case .failure(let error) where !items.isEmpty:
          // The items read before the document broke still count.
          completion(.parsed(feed: nil, items: items, response: response, damage: .broken(error)))
        case .failure(let error):
          completion(.unreadable(error, response: response, head: head))
        }
        items = []
        head = []
      }
    }
  }
}
