import Logging
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension AlertDelivery {
  /// At start-up: a digest whose line reached the log before a crash, but whose delivery was
  /// not recorded, is marked delivered instead of being written twice.
  func reconcileDigests(_ jsonl: JSONLSink) throws {
    let id = jsonl.identity.id.rawValue
    let pending = try store.pendingDigests(sink: id, now: .distantFuture)
    guard !pending.isEmpty else { return }
    let inLog = jsonl.log.idsInTail()
    for digest in pending where inLog.contains(digest.id) {
      try store.markDigestDelivered(sink: id, id: digest.id, at: Date())
      logger.notice(
        "found a digest already in the log after an unclean stop; not writing it again",
        metadata: ["id": "\(digest.id)", "log": "\(jsonl.log.path)"])
    }
  }
}
