import FeedParser
import TextTrimming

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// An RFC 5322 message with a plain-text and an HTML alternative, rendered to the bytes an
/// SMTP server receives. Pure: the same fields always give the same bytes, so an alert's
/// message sent again after a failure is the message sent before (same Message-ID, and the
/// alert's time as its Date); a group's or digest's keeps its Message-ID.
/// An alert's mail (`AlertMail`) and a digest's are both one of these.
package struct MailMessage: Sendable {
  /// The From header as configured: `addr@example.org` or `Display Name <addr@example.org>`.
  package var from: String
  package var to: [String]
  package var subject: String
  package var date: Date
  /// Without angle brackets, e.g. `feedwatch.0e51cf86…@example.org`.
  package var messageID: String
  /// RFC 2919 list identifier, e.g. `ops-mail.feedwatch.example.org`, and its description.
  package var listID: String
  package var listName: String
  /// Further headers (`X-Feedwatch-…`), ASCII names; values are encoded as needed.
  package var extraHeaders: [(name: String, value: String)] = []
  package var text: String
  package var html: String

  package init(
    from: String, to: [String], subject: String, date: Date, messageID: String, listID: String,
    listName: String, extraHeaders: [(name: String, value: String)] = [], text: String,
    html: String
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.date = date
    self.messageID = messageID
    self.listID = listID
    self.listName = listName
    self.extraHeaders = extraHeaders
    self.text = text
    self.html = html
  }

  /// The message with CRLF line ends; every header line is ASCII.
  package func rendered() -> [UInt8] {
    // "=_" cannot occur in quoted-printable text, so no part can contain the boundary.
    let boundary = "=_feedwatch_" + String(Self.token(messageID).prefix(32))
    var lines: [String] = []
    func header(_ name: String, _ value: String) { lines.append("\(name): \(value)") }
    header("From", Self.mailbox(from))
    header("To", to.joined(separator: ", "))
    header("Subject", MIMEWord.encode(Self.oneLine(subject), separator: "\r\n "))
    header("Date", Self.rfc5322(date))
    header("Message-ID", "<\(messageID)>")
    header("List-Id", "\(MIMEWord.encode(Self.oneLine(listName))) <\(listID)>")
    header("Auto-Submitted", "auto-generated")
    // Out-of-office and read receipts must not answer an automatic message.
    header("X-Auto-Response-Suppress", "All")
    for (name, value) in extraHeaders { header(name, MIMEWord.encode(Self.oneLine(value))) }
    header("MIME-Version", "1.0")
    header("Content-Type", "multipart/alternative;\r\n boundary=\"\(boundary)\"")
    lines.append("")
    lines.append("This is a MIME message with a plain-text and an HTML part.")
    for (type, body) in [("text/plain", text), ("text/html", html)] {
      lines.append("--\(boundary)")
      lines.append("Content-Type: \(type); charset=utf-8")
      lines.append("Content-Transfer-Encoding: quoted-printable")
      lines.append("")
      lines.append(QuotedPrintable.encode(body))
    }
    lines.append("--\(boundary)--")
    lines.append("")
    return Array(lines.joined(separator: "\r\n").utf8)
  }

  /// `Name <addr>` with the name encoded (or quoted) as RFC 5322 needs; a bare address as is.
  static func mailbox(_ value: String) -> String {
    let trimmed = value.drop(while: \.isWhitespace)
    guard let open = trimmed.lastIndex(of: "<") else { return String(trimmed) }
    let name = trimmed[..<open].trimmingWhitespace()
    let address = trimmed[open...]
    guard !name.isEmpty else { return String(address) }
    let unquoted =
      name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2
      ? String(name.dropFirst().dropLast()) : name
    if !unquoted.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) {
      return "\(MIMEWord.encode(unquoted)) \(address)"
    }
    let atoms = unquoted.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || ("0"..."9").contains($0)
        || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
    }
    if atoms { return "\(unquoted) \(address)" }
    let escaped = unquoted.replacing("\\", with: "\\\\")
      .replacing("\"", with: "\\\"")
    return "\"\(escaped)\" \(address)"
  }

  /// A header value cannot break a line of its own accord.
  static func oneLine(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
  }

  /// Letters, digits, `.` and `-` only: for a boundary or a List-Id label.
  static func token(_ text: String) -> String {
    String(
      text.lowercased().map {
        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-"
      })
  }

  /// e.g. `Mon, 07 Dec 2026 12:00:00 +0000`.
  static func rfc5322(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let secondOfDay = seconds - days * 86400
    let (year, month, day) = civilFromDays(days)
    let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
    let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(names[weekday]), \(two(day)) \(months[month - 1]) \(year) "
      + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
  }
}
