import TextTrimming

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// When a sink's digest is sent (config sink key `digest`): every period ("1h", "15m", "2s"),
/// daily at a time ("daily@08:00") or weekly on a day at a time ("weekly@mon 08:00"), in the
/// sink's time zone. Interval digests fall on multiples of the period counted from local
/// midnight, so "1h" is on the hour and "15m" at :00, :15, :30 and :45.
public struct DigestSchedule: Sendable, Equatable, CustomStringConvertible {
  public enum Period: Sendable, Equatable {
    case every(seconds: Double)
    /// Minutes after local midnight.
    case daily(minute: Int)
    /// Day of the week (0 Monday … 6 Sunday) and minutes after local midnight.
    case weekly(weekday: Int, minute: Int)
  }

  public var period: Period
  public var timeZone: FeedTimeZone
  /// As written in the config, for messages and the digest's `schedule` field.
  public var text: String

  public init(period: Period, timeZone: FeedTimeZone, text: String) {
    self.period = period
    self.timeZone = timeZone
    self.text = text
  }

  public var description: String { text }

  static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
  static let weekdayNames = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  /// nil when `text` is none of the three forms.
  public static func parse(_ text: String, timeZone: FeedTimeZone) -> DigestSchedule? {
    let trimmed = text.trimmingWhitespace()
    let lowered = trimmed.lowercased()
    if lowered.hasPrefix("daily@") {
      guard let minute = minuteOfDay(lowered.dropFirst("daily@".count)) else { return nil }
      return DigestSchedule(period: .daily(minute: minute), timeZone: timeZone, text: trimmed)
    }
    if lowered.hasPrefix("weekly@") {
      let parts = lowered.dropFirst("weekly@".count).split(
        separator: " ", omittingEmptySubsequences: true)
      guard parts.count == 2,
        let weekday = weekdays.firstIndex(of: String(parts[0]))
          ?? weekdayNames.firstIndex(of: String(parts[0])),
        let minute = minuteOfDay(parts[1])
      else { return nil }
      return DigestSchedule(
        period: .weekly(weekday: weekday, minute: minute), timeZone: timeZone, text: trimmed)
    }
    guard let seconds = DurationText.seconds(trimmed), seconds >= 1 else { return nil }
    return DigestSchedule(period: .every(seconds: seconds), timeZone: timeZone, text: trimmed)
  }

  /// "08:00" → 480; nil unless HH:MM with HH < 24 and MM < 60.
  static func minuteOfDay(_ text: Substring) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
      let hours = Int(parts[0]), let minutes = Int(parts[1]),
      (0..<24).contains(hours), (0..<60).contains(minutes)
    else { return nil }
    return hours * 60 + minutes
  }

  /// The length of one period, in seconds.
  var length: Double {
    switch period {
    case .every(let seconds): return seconds
    case .daily: return 86400
    case .weekly: return 604_800
    }
  }

  /// The latest time a digest falls due at or before `date`.
  public func latestDue(atOrBefore date: Date) -> Date {
    let seconds = date.timeIntervalSince1970
    let local = seconds + Double(timeZone.offset(at: date))
    let localDue: Double
    switch period {
    case .every(let length):
      localDue = (local / length).rounded(.down) * length
    case .daily(let minute):
      let day = (local / 86400).rounded(.down)
      let due = day * 86400 + Double(minute * 60)
      localDue = due > local ? due - 86400 : due
    case .weekly(let weekday, let minute):
      let day = (local / 86400).rounded(.down)
      // 1970-01-01 was a Thursday (3 when Monday is 0).
      let sinceMonday = (Int(day) + 3) % 7
      let due = (day - Double(sinceMonday) + Double(weekday)) * 86400 + Double(minute * 60)
      localDue = due > local ? due - 604_800 : due
    }
    // Back to UTC with the offset in force at that moment (a named zone's changes with DST).
    let guess = localDue - Double(timeZone.offset(at: date))
    let due = localDue - Double(timeZone.offset(at: Date(timeIntervalSince1970: guess)))
    return Date(timeIntervalSince1970: min(due, seconds))
  }

  /// The first time a digest falls due after `date`.
  public func nextDue(after date: Date) -> Date {
    let latest = latestDue(atOrBefore: date)
    var next = latestDue(atOrBefore: latest.addingTimeInterval(length))
    // A period that a change of offset shortened: step on until past `date`.
    if next <= date { next = latestDue(atOrBefore: latest.addingTimeInterval(length * 1.5)) }
    return next > date ? next : latest.addingTimeInterval(length)
  }
}
