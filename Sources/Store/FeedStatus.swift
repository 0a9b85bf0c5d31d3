/// A feed's state after its last poll, stored as its raw value (the schema's `status` column).
public enum FeedStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  /// Never fetched.
  case new
  case ok
  /// 304: the document did not change.
  case notModified = "not-modified"
  /// The document ended before its root element closed: the items read whole were taken, its
  /// validators were not kept (so the next poll fetches it again rather than a 304).
  case truncated
  /// Any failure not listed below: transport, HTTP error, an unreadable document.
  case failing
  /// 401, 403, 451, or a bot-challenge page instead of the feed.
  case blocked
  /// 410: polling stopped.
  case gone
  /// 429 or 503.
  case rateLimited = "rate-limited"

  public var description: String { rawValue }

  /// Whether the last poll failed in any way.
  public var isFailing: Bool {
    switch self {
    case .failing, .blocked, .gone, .rateLimited: true
    case .new, .ok, .notModified, .truncated: false
    }
  }
}
