// Fetcher alone over a list of URLs: the transfers `feedwatch once` makes, without parsing,
// the state store or alerting, so scripts/bench-fetch can split a cycle's cost between the
// fetching and the rest of the daemon.
//
//   FetchBenchmark URLS [ETAGS] [--concurrency N] [--max-per-host N] [--spacing-ms N]
//
// URLS: one URL a line. ETAGS: lines "URL STATUS ETAG" (curl's write-out in bench-fetch); each
// URL with an ETag sends it back as If-None-Match. Prints the statuses and bytes received.
import Dispatch
import Fetcher
import Logging

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Counts one transfer's body bytes and reports its outcome.
final class CountingHandler: TransferHandler, @unchecked Sendable {
  private let done: @Sendable (Result<FetchResponse, FetchError>, Int) -> Void
  private var bytes = 0  // only touched on the fetcher's queue

  init(done: @escaping @Sendable (Result<FetchResponse, FetchError>, Int) -> Void) {
    self.done = done
  }

  func didReceiveHead(_ head: ResponseHead) -> Bool { true }
  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool {
    bytes += chunk.count
    return true
  }
  func didComplete(_ result: Result<FetchResponse, FetchError>) { done(result, bytes) }
}

/// Tallies outcomes; every call arrives on the fetcher's serial queue.
final class Tally: @unchecked Sendable {
  var statuses: [String: Int] = [:]
  var bytes = 0
  var remaining: Int
  let finished = DispatchSemaphore(value: 0)

  init(expected: Int) { remaining = expected }

  func record(_ result: Result<FetchResponse, FetchError>, bytes: Int) {
    switch result {
    case .success(let response): statuses[String(response.status), default: 0] += 1
    case .failure(let error): statuses["\(error)", default: 0] += 1
    }
    self.bytes += bytes
    remaining -= 1
    if remaining == 0 { finished.signal() }
  }
}

func lines(_ path: String) throws -> [Substring] {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  // Split the bytes: splitting a String by Character costs more than some of the fetching.
  return data.split(separator: UInt8(ascii: "\n")).map { Substring(decoding: $0, as: UTF8.self) }
}

/// The value after `name` (removed from `arguments` with it), or `value` when absent.
func option(_ name: String, in arguments: inout [String], default value: Int) -> Int {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
    let number = Int(arguments[index + 1])
  else { return value }
  arguments.removeSubrange(index...(index + 1))
  return number
}
var arguments = Array(CommandLine.arguments.dropFirst())
let concurrency = option("--concurrency", in: &arguments, default: 32)
let maxPerHost = option("--max-per-host", in: &arguments, default: 2)
let spacingMilliseconds = option("--spacing-ms", in: &arguments, default: 0)
guard let urlsPath = arguments.first else {
  print("usage: FetchBenchmark URLS [ETAGS] [--concurrency N] [--max-per-host N] [--spacing-ms N]")
  exit(2)
}
let urls = try lines(urlsPath).map(String.init)
var etags: [String: String] = [:]
if arguments.count > 1 {
  for line in try lines(arguments[1]) {
    let parts = line.split(separator: " ", maxSplits: 2)
    if parts.count == 3 { etags[String(parts[0])] = String(parts[2]) }
  }
}

let fetcher = Fetcher(
  maxConcurrent: concurrency, logger: Logger(label: "fetch-benchmark"),
  politeness: HostPoliteness(
    maxConcurrentPerHost: maxPerHost, minimumSpacing: Double(spacingMilliseconds) / 1000))
let tally = Tally(expected: urls.count)
for url in urls {
  let request = FetchRequest(url: url, etag: etags[url], userAgent: FeedwatchVersion.userAgent)
  fetcher.fetch(request, handler: CountingHandler { tally.record($0, bytes: $1) })
}
tally.finished.wait()
fetcher.shutdown()
let summary = tally.statuses.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }
print("\(urls.count) transfers: \(summary.joined(separator: " ")); \(tally.bytes) body bytes")
