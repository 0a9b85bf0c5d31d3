#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A calendar date read from a feed, with the zone offset it was written in (if any).
package struct ParsedDate: Sendable, Equatable {
  var year: Int, month: Int, day: Int
  var hour = 0, minute = 0, second = 0
  /// Seconds east of UTC; nil when the text named no zone.
  var offset: Int?

  /// Seconds since 1970 in UTC, using `defaultOffset` when the text had no zone.
  package func timestamp(defaultOffset: Int) -> Int {
    let days = daysFromCivil(year: year, month: month, day: day)
    return days * 86_400 + hour * 3600 + minute * 60 + second - (offset ?? defaultOffset)
  }

  func date(defaultOffset: Int) -> Date {
    Date(timeIntervalSince1970: TimeInterval(timestamp(defaultOffset: defaultOffset)))
  }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
package func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
  let y = month <= 2 ? year - 1 : year
  let era = (y >= 0 ? y : y - 399) / 400
  let yearOfEra = y - era * 400
  let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
  let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/// (year, month, day) of a count of days since 1970-01-01.
package func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
  let z = days + 719_468
  let era = (z >= 0 ? z : z - 146_096) / 146_097
  let dayOfEra = z - era * 146_097
  let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
  let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
  let mp = (5 * dayOfYear + 2) / 153
  let day = dayOfYear - (153 * mp + 2) / 5 + 1
  let month = mp < 10 ? mp + 3 : mp - 9
  return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// Reads the date formats feeds use: RFC 822/1123/850 and their real-world variants,
/// W3C-DTF / ISO 8601 (extended and basic, ordinal), and C asctime.
package enum DateParser {
  static func parse(_ text: String, defaultOffset: Int = 0) -> Date? {
    parseComponents(text).map { $0.date(defaultOffset: defaultOffset) }
  }

  package static func parseComponents(_ text: String) -> ParsedDate? {
    var text = text
    if let date = text.withUTF8({ parseRFC1123($0) }) { return date }
    let bytes = Array(text.utf8)
    var start = 0
    var end = bytes.count
    while start < end && isSpace(bytes[start]) { start += 1 }
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    guard start < end else { return nil }
    let trimmed = Array(bytes[start..<end])
    if let iso = parseISO(trimmed) { return iso }
    return parseWords(trimmed)
  }

  // MARK: RFC 1123

  /// The form nearly every RSS feed writes, "Wed, 01 May 2024 10:00:00 +0100" (zone: ±hhmm,
  /// GMT, UT, UTC or Z), read straight from the bytes. Nil for anything else, which the
  /// general reader then takes: this gives the same date for every text it accepts.
  private static func parseRFC1123(_ b: UnsafeBufferPointer<UInt8>) -> ParsedDate? {
    var i = 0
    func letters3() -> UInt32? {
      guard i + 3 <= b.count, isLetter(b[i]), isLetter(b[i + 1]), isLetter(b[i + 2]) else {
        return nil
      }
      defer { i += 3 }
      return UInt32(b[i] | 0x20) << 16 | UInt32(b[i + 1] | 0x20) << 8 | UInt32(b[i + 2] | 0x20)
    }
    func number(_ minimum: Int, _ maximum: Int) -> Int? {
      var value = 0
      var length = 0
      while i < b.count, length < maximum, isDigit(b[i]) {
        value = value * 10 + Int(b[i] - 48)
        i += 1
        length += 1
      }
      return length >= minimum && (i == b.count || !isDigit(b[i])) ? value : nil
    }
    func expect(_ byte: UInt8) -> Bool {
      guard i < b.count, b[i] == byte else { return false }
      i += 1
      return true
    }
    guard let weekday = letters3(), packedDayNames.contains(weekday), expect(44), expect(32),
      let day = number(1, 2), (1...31).contains(day), expect(32),
      let monthName = letters3(), let monthIndex = packedMonthNames.firstIndex(of: monthName),
      expect(32), let year = number(4, 4), expect(32),
      let hour = number(2, 2), expect(58), let minute = number(2, 2), expect(58),
      let second = number(2, 2), expect(32), i < b.count
    else { return nil }
    let offset: Int
    if b[i] == 43 || b[i] == 45 {  // + -
      let sign = b[i] == 45 ? -1 : 1
      i += 1
      guard let zone = number(4, 4), zone % 100 < 60 else { return nil }
      offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60)
    } else {
      let rest = UnsafeBufferPointer(rebasing: b[i...])
      guard
        rest.elementsEqual("GMT".utf8) || rest.elementsEqual("UT".utf8)
          || rest.elementsEqual("UTC".utf8) || rest.elementsEqual("Z".utf8)
      else { return nil }
      offset = 0
      i = b.count
    }
    let month = monthIndex + 1
    guard i == b.count, day <= daysIn(month: month, year: year), hour <= 24, minute <= 59,
      second <= 61
    else { return nil }
    return ParsedDate(
      year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59),
      offset: offset)
  }

  private static let packedDayNames: [UInt32] = dayNames.map(packed)
  private static let packedMonthNames: [UInt32] = monthNames.map(packed)

  private static func packed(_ name: String) -> UInt32 {
    name.utf8.reduce(0) { $0 << 8 | UInt32($1) }
  }

  // MARK: ISO 8601 / W3C-DTF

  private static func parseISO(_ b: [UInt8]) -> ParsedDate? {
    var c = DateCursor(b: b)
    let leading = c.runOfDigits()
    var year: Int
    var month = 1
    var day = 1
    if leading == 4 {
      year = c.digits(4)!
      if c.peek(45) {  // -
        c.i += 1
        let run = c.runOfDigits()
        if run == 3 && b[c.i] == 48 && c.i + 3 < b.count && b[c.i + 3] == 45 {  // YYYY-0MM-DD
          c.i += 1
          month = c.digits(2)!
          c.i += 1
          guard let d = c.digits(2) else { return nil }
          day = d
        } else if run == 3 {  // ordinal date YYYY-DDD
          let ordinal = c.digits(3)!
          guard ordinal >= 1 && ordinal <= 366 else { return nil }
          let civil = civilFromDays(daysFromCivil(year: year, month: 1, day: 1) + ordinal - 1)
          month = civil.month
          day = civil.day
        } else if run == 2 {
          month = c.digits(2)!
          if c.peek(45) {
            c.i += 1
            guard let d = c.digits(2) else { return nil }
            day = d
          }
        } else if run == 4 {  // YYYY-MMDD
          month = c.digits(2)!
          day = c.digits(2)!
        } else if run != 0 {
          return nil
        }
      } else if c.i == b.count {
        // a bare year
      } else if !(c.peek(84) || c.peek(116) || c.peek(32)) {
        return nil
      }
    } else if leading == 0 && b.first == 45 && b.count >= 5 && b[1] != 45 {
      // -YY-MM or -YYMM (feedparser's truncated ISO 8601 forms; the century is the current one)
      c.i = 1
      guard let yy = c.digits(2) else { return nil }
      if c.peek(45) { c.i += 1 }
      guard let m = c.digits(2) else { return nil }
      year = 2000 + yy
      month = m
    } else if leading == 5 {  // YYDDD
      let yy = c.digits(2)!
      year = 2000 + yy
      let ordinal = c.digits(3)!
      guard ordinal >= 1 && ordinal <= 366 else { return nil }
      let civil = civilFromDays(daysFromCivil(year: year, month: 1, day: 1) + ordinal - 1)
      month = civil.month
      day = civil.day
    } else if leading == 8 {
      year = c.digits(4)!
      month = c.digits(2)!
      day = c.digits(2)!
    } else if leading == 7 {  // YYYYDDD
      year = c.digits(4)!
      let ordinal = c.digits(3)!
      guard ordinal >= 1 && ordinal <= 366 else { return nil }
      let civil = civilFromDays(daysFromCivil(year: year, month: 1, day: 1) + ordinal - 1)
      month = civil.month
      day = civil.day
    } else if leading == 2 && c.i + 2 < b.count && b[2] == 45 && c.runOfDigits() == 2 {
      // YY-MM-DD
      let yy = c.digits(2)!
      c.i += 1
      guard c.runOfDigits() == 2, let m = c.digits(2) else { return nil }
      month = m
      if c.peek(45) {
        c.i += 1
        guard let d = c.digits(2) else { return nil }
        day = d
      }
      year = yy < 70 ? 2000 + yy : 1900 + yy
    } else if leading == 6 && (c.i + 6 == b.count || b[6] == 84 || b[6] == 116) {  // YYMMDD
      let yy = c.digits(2)!
      year = yy < 70 ? 2000 + yy : 1900 + yy
      month = c.digits(2)!
      day = c.digits(2)!
    } else {
      return nil
    }
    var result = ParsedDate(year: year, month: month, day: day)
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    if c.i == b.count { return result }
    guard c.peek(84) || c.peek(116) || c.peek(32) else { return nil }  // T, t, space
    while c.i < b.count && (b[c.i] == 84 || b[c.i] == 116 || b[c.i] == 32) { c.i += 1 }
    if c.i == b.count { return result }
    // time: hh:mm[:ss[.frac]] or hhmm[ss]
    guard let hour = c.digits(2) else { return nil }
    var minute = 0
    var second = 0
    if c.peek(58) {
      c.i += 1
      guard let m = c.digits(2) else { return nil }
      minute = m
      if c.peek(58) {
        c.i += 1
        guard let s = c.digits(2) else { return nil }
        second = s
      }
    } else if let m = c.digits(2) {
      minute = m
      if let s = c.digits(2) { second = s }
    }
    if c.peek(46) || c.peek(44) {  // fraction
      c.i += 1
      while c.i < b.count && b[c.i] >= 48 && b[c.i] <= 57 { c.i += 1 }
    }
    while c.i < b.count && b[c.i] == 32 { c.i += 1 }
    guard hour <= 24, minute <= 59, second <= 61 else { return nil }
    result.hour = hour
    result.minute = minute
    result.second = min(second, 59)
    if c.i == b.count { return result }
    if b[c.i] == 90 || b[c.i] == 122 {  // Z
      result.offset = 0
      c.i += 1
    } else if b[c.i] == 43 || b[c.i] == 45 {  // + -
      let sign = b[c.i] == 45 ? -1 : 1
      c.i += 1
      guard let hh = c.digits(2) else { return nil }
      var mm = 0
      if c.peek(58) { c.i += 1 }
      if let m = c.digits(2) { mm = m }
      result.offset = sign * (hh * 3600 + mm * 60)
    } else {
      // a zone name after an ISO time ("2004-01-01 10:00 EST")
      let rest = String(decoding: b[c.i...], as: UTF8.self).uppercased()
      guard let offset = zoneOffsets[rest] else { return nil }
      result.offset = offset
      return result
    }
    while c.i < b.count && b[c.i] == 32 { c.i += 1 }
    return c.i == b.count ? result : nil
  }

  /// A read position in a date's bytes. (Nested functions capturing a local position would
  /// cost a runtime exclusivity check per use.)
  private struct DateCursor {
    let b: [UInt8]
    var i = 0

    /// The number in the next `count` bytes, read past; nil unless all are digits.
    mutating func digits(_ count: Int) -> Int? {
      guard i + count <= b.count else { return nil }
      var value = 0
      for k in 0..<count {
        let byte = b[i + k]
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      i += count
      return value
    }

    func peek(_ byte: UInt8) -> Bool { i < b.count && b[i] == byte }

    /// How many digits follow.
    func runOfDigits() -> Int {
      var k = i
      while k < b.count && b[k] >= 48 && b[k] <= 57 { k += 1 }
      return k - i
    }
  }

  // MARK: RFC 822 and friends

  private enum Token {
    case word(String)
    case number(Int, digits: Int)
    case time(Int, Int, Int)
    case offset(Int)
  }

  private static func tokenize(_ b: [UInt8]) -> [Token]? {
    var tokens: [Token] = []
    var i = 0
    while i < b.count {
      let c = b[i]
      if isLetter(c) {
        var k = i
        while k < b.count && isLetter(b[k]) { k += 1 }
        tokens.append(.word(String(decoding: b[i..<k], as: UTF8.self).lowercased()))
        i = k
      } else if isDigit(c) {
        var k = i
        var fields: [Int] = []
        var current = 0
        var length = 0
        while k < b.count && (isDigit(b[k]) || (b[k] == 58 && k + 1 < b.count && isDigit(b[k + 1])))
        {
          if b[k] == 58 {
            fields.append(current)
            current = 0
          } else {
            // Saturate: a run of 19+ digits ("9999999999999999999999") overflowed Int and
            // trapped; no date field is that long, so any huge value is rejected later.
            current = min(current, 1_000_000_000_000) * 10 + Int(b[k] - 48)
            length += 1
          }
          k += 1
        }
        fields.append(current)
        // fractional seconds
        if fields.count > 1 && k < b.count && b[k] == 46 {
          k += 1
          while k < b.count && isDigit(b[k]) { k += 1 }
        }
        if fields.count > 3 { return nil }
        if fields.count >= 2 {
          tokens.append(.time(fields[0], fields[1], fields.count > 2 ? fields[2] : 0))
        } else {
          tokens.append(.number(current, digits: length))
        }
        i = k
      } else if (c == 43 || c == 45) && i + 1 < b.count && isDigit(b[i + 1]) && hasTime(tokens) {
        let sign = c == 45 ? -1 : 1
        var k = i + 1
        var digitsText: [Int] = []
        while k < b.count && (isDigit(b[k]) || b[k] == 58) {
          if b[k] != 58 { digitsText.append(Int(b[k] - 48)) }
          k += 1
        }
        // "+00:zz": a zone that does not end where its digits do is no zone.
        if k < b.count && isLetter(b[k]) { return nil }
        let value: Int
        switch digitsText.count {
        case 1, 2: value = digitsText.reduce(0) { $0 * 10 + $1 } * 3600
        case 3, 4:
          let n = digitsText.reduce(0) { $0 * 10 + $1 }
          guard n % 100 < 60 else { return nil }
          value = (n / 100) * 3600 + (n % 100) * 60
        default: return nil
        }
        tokens.append(.offset(sign * value))
        i = k
      } else {
        i += 1
      }
    }
    return tokens
  }

  private static func hasTime(_ tokens: [Token]) -> Bool {
    tokens.contains { if case .time = $0 { return true } else { return false } }
  }

  private static func parseWords(_ b: [UInt8]) -> ParsedDate? {
    guard let tokens = tokenize(b) else { return nil }
    var year: Int?
    var month: Int?
    var day: Int?
    var time: (Int, Int, Int)?
    var offset: Int?
    var pm: Bool?
    var zoneWord = false
    for token in tokens {
      switch token {
      case .word(let word):
        if let m = monthNumber(word), month == nil {
          month = m
        } else if word == "am" || word == "pm" {
          pm = word == "pm"
        } else if let zone = zoneOffsets[word.uppercased()] {
          offset = zone
          zoneWord = true
        } else if dayNames.contains(where: { word.hasPrefix($0) }) {
          continue
        } else if word == "t" || word == "at" || word == "of" || word == "th" || word == "st"
          || word == "nd"
          || word == "rd"
        {
          continue
        } else if time != nil && offset == nil && word.count <= 5 {
          continue  // an unknown zone name: keep the local reading
        } else if month == nil {
          return nil
        }
      case .number(let value, let digits):
        if digits >= 3 {
          if year == nil { year = value } else { return nil }
        } else if day == nil && value >= 1 && value <= 31 && !(month == nil && year != nil && false)
        {
          day = value
        } else if year == nil {
          year = value < 50 ? 2000 + value : (value < 100 ? 1900 + value : value)
        } else if month == nil && value >= 1 && value <= 12 {
          month = value
        } else {
          return nil
        }
      case .time(let h, let m, let s):
        if time == nil { time = (h, m, s) } else { return nil }
      case .offset(let value):
        if zoneWord || offset == nil { offset = (zoneWord ? (offset ?? 0) : 0) + value }
      }
    }
    guard let year, let month, let day else { return nil }
    // Bounded so the timestamp arithmetic cannot overflow.
    guard (0...99_999).contains(year) else { return nil }
    guard (1...12).contains(month), (1...31).contains(day), day <= daysIn(month: month, year: year)
    else { return nil }
    var result = ParsedDate(year: year, month: month, day: day)
    if let (h, m, s) = time {
      var hour = h
      if let pm {
        if pm && hour < 12 { hour += 12 }
        if !pm && hour == 12 { hour = 0 }
      }
      guard hour <= 24, m <= 59, s <= 61 else { return nil }
      result.hour = hour
      result.minute = m
      result.second = min(s, 59)
    }
    result.offset = offset
    return result
  }

  private static func monthNumber(_ word: String) -> Int? {
    guard word.count >= 3 else { return nil }
    let prefix = word.prefix(3)
    if let index = monthNames.firstIndex(of: String(prefix)) {
      let full = fullMonthNames[index]
      // "march", "mar", "sept": a prefix of the full name
      if full.hasPrefix(word) || word == "sept" { return index + 1 }
    }
    return nil
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  private static let monthNames = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]
  private static let fullMonthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october",
    "november", "december",
  ]
  private static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

  /// RFC 822 zone names, military letters, and a few common abbreviations.
  static let zoneOffsets: [String: Int] = {
    var zones: [String: Int] = [
      "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 3600, "CET": 3600, "CEST": 7200,
      "MET": 3600,
      "MEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800,
      "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
      "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
      "AST": -4 * 3600, "ADT": -3 * 3600, "AT": -4 * 3600, "ET": -5 * 3600, "CT": -6 * 3600,
      "MT": -7 * 3600, "PT": -8 * 3600, "AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
      "NZST": 12 * 3600, "NZDT": 13 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "IST": 19800,
      "AEST": 10 * 3600, "AEDT": 11 * 3600, "ACST": 34200, "AWST": 8 * 3600,
    ]
    // Military zones: A–I, K–M east; N–Y west.
    for (index, letter) in "ABCDEFGHIKLM".enumerated() {
      zones[String(letter)] = (index + 1) * 3600
    }
    for (index, letter) in "NOPQRSTUVWXY".enumerated() {
      zones[String(letter)] = -(index + 1) * 3600
    }
    return zones
  }()
}

private func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
private func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
