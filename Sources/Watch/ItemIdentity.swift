public import FeedParser
import Hashing
import TextTrimming

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The key that decides whether an item was seen before.
///
/// Item identity is forever: if this function changed, every stored item would look new and be
/// alerted again. Any change must bump `version` (stored with each seen row) and keep reading old
/// keys. Order: the feed's own id (guid / Atom id), else the normalised link, else a hash of
/// title and date.
public enum ItemIdentity {
  public static let version = 1

  public static func key(for item: FeedItem) -> String {
    if let id = item.id?.trimmingWhitespace(), !id.isEmpty {
      return "id:" + id
    }
    if let link = item.link.map(normalisedLink), !link.isEmpty {
      return "link:" + link
    }
    let date = item.published ?? item.updated
    let basis =
      (item.title ?? "") + "\n" + (date.map { String(Int64($0.timeIntervalSince1970)) } ?? "")
      + "\n" + String((item.summary ?? item.content ?? "").prefix(200))
    return "hash:" + Digest.sha256Hex(basis)
  }

  /// Scheme and host lower-cased, fragment and default port dropped: the same article reached
  /// by a cosmetically different link is the same item.
  static func normalisedLink(_ link: String) -> String {
    var text = link.trimmingWhitespace()
    if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
    guard let schemeEnd = text.firstRange(of: "://") else { return text }
    let scheme = text[..<schemeEnd.lowerBound].lowercased()
    let rest = text[schemeEnd.upperBound...]
    let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
    var host = rest[..<hostEnd].lowercased()
    if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
    if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
    var path = String(rest[hostEnd...])
    if path.isEmpty { path = "/" }
    return scheme + "://" + host + path
  }
}
