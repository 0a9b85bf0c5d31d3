import Dispatch
import Fetcher
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Each publisher's robots.txt, fetched once per origin through the fetcher (so within the
/// host's politeness budget) and kept a day; items asking while it is on its way wait for it.
final class RobotsCache: @unchecked Sendable {
  static let agent = "feedwatch"
  static let lifetime: Double = 24 * 3600
  /// A robots.txt that could not be read is asked for again sooner.
  static let failedLifetime: Double = 3600

  private enum Entry {
    case known(RobotsRules, until: Date)
    case pending([@Sendable (RobotsRules) -> Void])
  }

  private let fetcher: Fetcher
  private let lock = Mutex(())
  private var entries: [String: Entry] = [:]

  init(fetcher: Fetcher) { self.fetcher = fetcher }

  /// The origin (`scheme://host[:port]`) and the path with query of `url`, or nil.
  static func split(_ url: String) -> (origin: String, path: String)? {
    guard let components = URLComponents(string: url), let scheme = components.scheme,
      let host = components.host, !host.isEmpty
    else { return nil }
    var origin = "\(scheme.lowercased())://\(host.lowercased())"
    if let port = components.port { origin += ":\(port)" }
    var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    if let query = components.percentEncodedQuery { path += "?" + query }
    return (origin, path)
  }

  /// Calls `body` with the rules for `origin`, fetching them first when they are not known.
  func rules(
    for origin: String, request template: FetchRequest,
    _ body: @escaping @Sendable (RobotsRules) -> Void
  ) {
    let start: Bool = lock.withLock { _ in
      switch entries[origin] {
      case .known(let rules, let until)? where until > Date():
        defer { body(rules) }
        return false
      case .pending(var waiting)?:
        waiting.append(body)
        entries[origin] = .pending(waiting)
        return false
      default:
        entries[origin] = .pending([body])
        return true
      }
    }
    guard start else { return }
    var request = template
    request.url = origin + "/robots.txt"
    request.maxBytes = 500 << 10
    fetcher.fetch(
      request,
      handler: RobotsDownload { [self] rules, lifetime in
        let waiting: [@Sendable (RobotsRules) -> Void] = lock.withLock { _ in
          guard case .pending(let waiting)? = entries[origin] else { return [] }
          entries[origin] = .known(rules, until: Date().addingTimeInterval(lifetime))
          return waiting
        }
        for waiter in waiting { waiter(rules) }
      })
  }
}

/// One robots.txt transfer. RFC 9309: a 4xx means no rules; an unreachable robots.txt or a
/// 5xx means the whole site is off limits until it can be read.
private final class RobotsDownload: TransferHandler, @unchecked Sendable {
  private let lock = Mutex(())
  private var body: [UInt8] = []
  private let completion: @Sendable (RobotsRules, Double) -> Void

  init(completion: @escaping @Sendable (RobotsRules, Double) -> Void) {
    self.completion = completion
  }

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }

  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    lock.withLock { _ in body += chunk }
    return true
  }

  func didComplete(_ result: Result<FetchResponse, FetchError>) {
    switch result {
    case .success:
      let text = lock.withLock { _ in String(decoding: body, as: UTF8.self) }
      completion(RobotsRules(parsing: text, agent: RobotsCache.agent), RobotsCache.lifetime)
    case .failure(.http(let status)) where (400..<500).contains(status):
      completion(.allowAll, RobotsCache.lifetime)
    case .failure(.blocked), .failure(.gone):
      completion(.allowAll, RobotsCache.lifetime)
    case .failure(.tooLarge):
      // Past the size RFC 9309 asks crawlers to read: what was read counts.
      let text = lock.withLock { _ in String(decoding: body, as: UTF8.self) }
      completion(RobotsRules(parsing: text, agent: RobotsCache.agent), RobotsCache.lifetime)
    case .failure:
      completion(.disallowAll, RobotsCache.failedLifetime)
    }
  }
}
