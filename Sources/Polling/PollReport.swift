public import Store

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// What became of one feed in a poll: its status after the poll, or why it was not polled.
/// Written as one string: the feed's status, "aborted" or "skipped".
public enum PollStatus: Sendable, Equatable, Codable, CustomStringConvertible {
  case polled(FeedStatus)
  /// Shutdown or reload stopped the poll: nothing was recorded.
  case aborted
  /// Not polled: the server holds it (Retry-After) or it is gone.
  case skipped

  public var description: String {
    switch self {
    case .polled(let status): status.rawValue
    case .aborted: "aborted"
    case .skipped: "skipped"
    }
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    switch text {
    case "aborted": self = .aborted
    case "skipped": self = .skipped
    default:
      guard let status = FeedStatus(rawValue: text) else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "unknown poll status \(text)"))
      }
      self = .polled(status)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// What one poll of one feed did, for logs, `feedwatch once` and status.
public struct PollReport: Sendable, Codable {
  public var feed: String
  public var url: String
  public var status: PollStatus
  public var newItems: Int = 0
  public var alerts: Int = 0
  public var bytes: Int = 0
  public var error: String?
  public var nextDue: Date?

  public init(feed: String, url: String, status: PollStatus, error: String? = nil) {
    self.feed = feed
    self.url = url
    self.status = status
    self.error = error
  }

  /// The error of a poll whose document was truncated.
  public static let truncatedDocument =
    "the document ended before its root element closed; it is fetched again next poll"

  public var jsonLine: String {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
  }

  /// One line per feed, as `feedwatch once` prints it.
  public var summaryLine: String {
    var line = "\(feed): \(status)"
    switch status {
    case .polled(.ok), .polled(.truncated):
      line +=
        ", \(newItems) new item\(newItems == 1 ? "" : "s"), \(alerts) alert\(alerts == 1 ? "" : "s")"
      if let error { line += ": \(error)" }
    case .polled(.notModified): line += " (304)"
    default: if let error { line += ": \(error)" }
    }
    return line
  }
}
