import Logging
import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension AlertDelivery {
  /// At start-up: a digest of `pending` whose line reached the log (`inLog`, the ids of its
  /// tail) before a crash, but whose delivery was not recorded, is marked delivered instead
  /// of being written twice.
  func reconcileDigests(_ pending: [StoredSinkDigest], inLog: Set<String>, _ jsonl: JSONLSink)
    throws
  {
    let id = jsonl.identity.id.rawValue
    for digest in pending where inLog.contains(digest.id) {
      try store.markDigestDelivered(sink: id, id: digest.id, at: Date())
      logger.notice(
        "found a digest already in the log after an unclean stop; not writing it again",
        metadata: ["id": "\(digest.id)", "log": "\(jsonl.log.path)"])
    }
  }
}
