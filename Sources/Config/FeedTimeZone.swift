import FeedParser
import TextTrimming

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif
#if canImport(FoundationInternationalization)
  // Named zones (Europe/Berlin) need the time-zone database, which lives here.
  import FoundationInternationalization
#endif

/// The zone a feed's dates are read in when they carry none (config "timezone"): UTC, a fixed
/// offset ("+05:30", "-0800") or a named zone ("America/New_York", offset as of the poll).
public enum FeedTimeZone: Sendable, Equatable {
  case fixed(seconds: Int)
  case named(TimeZone)

  public static let utc = FeedTimeZone.fixed(seconds: 0)

  /// nil when `text` is neither an offset nor a zone the system knows.
  public init?(_ text: String) {
    let trimmed = text.trimmingWhitespace()
    if ["utc", "gmt", "z"].contains(trimmed.lowercased()) {
      self = .utc
    } else if let seconds = Self.offsetSeconds(trimmed) {
      self = .fixed(seconds: seconds)
    } else if trimmed.contains("/"), let zone = TimeZone(identifier: trimmed) {
      self = .named(zone)
    } else {
      return nil
    }
  }

  /// Seconds east of UTC at `date`.
  public func offset(at date: Date) -> Int {
    switch self {
    case .fixed(let seconds): return seconds
    case .named(let zone): return zone.secondsFromGMT(for: date)
    }
  }

  /// "+05:30", "-0800", "+05" → seconds; nil for anything else.
  private static func offsetSeconds(_ text: String) -> Int? {
    guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
    let digits = text.dropFirst().filter { $0 != ":" }
    guard digits.count == 2 || digits.count == 4, digits.allSatisfy(\.isASCII),
      let value = Int(digits)
    else { return nil }
    let (hours, minutes) = digits.count == 2 ? (value, 0) : (value / 100, value % 100)
    guard hours <= 14, minutes < 60 else { return nil }
    return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
  }
}
