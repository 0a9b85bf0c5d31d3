package import Config
import Store
package import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One alert as an e-mail: the subject from the sink's template, a plain-text and an HTML
/// part showing the item, the evidence, the entities and the story's feeds. The sections are
/// exposed on their own so a message listing several alerts can be made of them.
package enum AlertMail {
  package static func message(
    for pending: PendingAlert, email: Config.Sink.Email, sinkName: String
  ) -> MailMessage {
    let row = pending.row
    let domain =
      MailAddress.bare(email.from)?.split(separator: "@").last.map(String.init)
      ?? "feedwatch.invalid"
    var headers: [(name: String, value: String)] = [
      ("X-Feedwatch-Alert-Id", row.id), ("X-Feedwatch-Rule", row.rule),
    ]
    var text: String
    var html: String
    if let alert = pending.alert {
      headers.append(("X-Feedwatch-Severity", alert.severity.rawValue))
      text = textSection(alert)
      html = htmlSection(alert)
    } else {
      // A row another version wrote: its own fields still say what it is.
      text = "alert \(row.id) of rule \(row.rule)\n\n\(row.json)\n"
      html =
        "<p>alert \(HTMLEscaping.escape(row.id)) of rule \(HTMLEscaping.escape(row.rule))</p>"
        + "<pre>\(HTMLEscaping.escape(row.json))</pre>"
    }
    text += "\n-- \nfeedwatch, sink \(sinkName)\n"
    html = htmlDocument(title: subject(email.subject, pending), body: html + htmlFooter(sinkName))
    return MailMessage(
      from: email.from, to: email.to, subject: subject(email.subject, pending),
      date: pending.alert?.time ?? row.created,
      messageID: "feedwatch.\(MailMessage.token(row.id))@\(domain)",
      listID: "\(MailMessage.token(sinkName)).feedwatch.\(domain)",
      listName: "feedwatch \(sinkName)", extraHeaders: headers, text: text, html: html)
  }

  /// A group or a digest as one message: its title as the subject (not the alert template,
  /// whose fields belong to one alert), its text (every alert it
  /// holds, once) as the plain-text part and, escaped, as the HTML part.
  package static func message(
    for payload: SinkPayload, email: Config.Sink.Email, sinkName: String
  ) -> MailMessage {
    let domain =
      MailAddress.bare(email.from)?.split(separator: "@").last.map(String.init)
      ?? "feedwatch.invalid"
    let idHeader = payload.kind == .group ? "X-Feedwatch-Group-Id" : "X-Feedwatch-Digest-Id"
    let headers: [(name: String, value: String)] = [
      (idHeader, payload.id), ("X-Feedwatch-Rule", payload.rules.joined(separator: ", ")),
      ("X-Feedwatch-Severity", payload.severity.rawValue),
    ]
    // A digest's title names feedwatch already.
    let subject = payload.kind == .digest ? payload.title : "[feedwatch] \(payload.title)"
    let text = payload.text + (payload.text.hasSuffix("\n") ? "" : "\n")
    let html =
      "<pre style=\"white-space:pre-wrap;font-family:sans-serif\">"
      + HTMLEscaping.escape(text) + "</pre>"
    return MailMessage(
      from: email.from, to: email.to, subject: subject, date: Date(),
      messageID: "feedwatch.\(payload.kind.rawValue).\(MailMessage.token(payload.id))@\(domain)",
      listID: "\(MailMessage.token(sinkName)).feedwatch.\(domain)",
      listName: "feedwatch \(sinkName)", extraHeaders: headers,
      text: text + "\n-- \nfeedwatch, sink \(sinkName)\n",
      html: htmlDocument(title: subject, body: html + htmlFooter(sinkName)))
  }

  /// The template with `{severity}`, `{rule}`, `{feed}` and `{title}` filled in.
  package static func subject(_ template: String, _ pending: PendingAlert) -> String {
    let alert = pending.alert
    let fields = [
      "severity": alert?.severity.rawValue ?? "alert", "rule": pending.row.rule,
      "feed": alert?.feed.name ?? "", "title": alert?.item.title ?? "(untitled)",
    ]
    var result = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let name = String(rest[rest.index(after: open)..<close])
      result += rest[..<open]
      result += fields[name] ?? String(rest[open...close])
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// The alert in plain text: what, where, the evidence, who, the story.
  package static func textSection(_ alert: Alert) -> String {
    var lines = [
      "\(alert.severity.rawValue.uppercased()) · \(alert.rule) · \(alert.feed.name)",
      alert.item.title ?? "(untitled)",
    ]
    if let link = alert.item.link { lines.append(link) }
    if !alert.matches.isEmpty {
      lines.append("")
      lines.append("Evidence:")
      for match in alert.matches {
        let who = match.speaker.map { " (\($0))" } ?? ""
        lines.append("  \(match.kind) \(match.term)\(who): \(match.text)")
      }
    }
    if !alert.entities.isEmpty {
      lines.append("")
      lines.append(
        "Named: " + alert.entities.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
    }
    if let story = alert.story, story.sources.count > 1 {
      lines.append("Carried by: " + story.sources.joined(separator: ", "))
    }
    lines.append("")
    var when = ["raised \(alert.time.formatted(.iso8601))"]
    if let published = alert.item.published {
      when.insert("published \(published.formatted(.iso8601))", at: 0)
    }
    lines.append(when.joined(separator: " · ") + " · alert \(alert.id)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The alert as an HTML fragment; every text from the feed is escaped, and only an http(s)
  /// link becomes a link.
  package static func htmlSection(_ alert: Alert) -> String {
    let e = HTMLEscaping.escape
    var parts: [String] = []
    parts.append(
      "<p style=\"margin:0;color:#555\">\(e(alert.severity.rawValue.uppercased())) · "
        + "\(e(alert.rule)) · \(e(alert.feed.name))</p>")
    let title = e(alert.item.title ?? "(untitled)")
    if let link = alert.item.link {
      parts.append("<h2 style=\"margin:4px 0 8px\"><a href=\"\(e(link))\">\(title)</a></h2>")
    } else {
      parts.append("<h2 style=\"margin:4px 0 8px\">\(title)</h2>")
    }
    if !alert.matches.isEmpty {
      parts.append("<ul>")
      for match in alert.matches {
        let who = match.speaker.map { " (\(e($0)))" } ?? ""
        parts.append(
          "<li><b>\(e("\(match.kind)")) \(e(match.term))</b>\(who): \(e(match.text))</li>")
      }
      parts.append("</ul>")
    }
    if !alert.entities.isEmpty {
      parts.append(
        "<p>Named: "
          + alert.entities.map { "\(e($0.name)) (\(e($0.type)))" }.joined(separator: ", ")
          + "</p>")
    }
    if let story = alert.story, story.sources.count > 1 {
      parts.append("<p>Carried by: \(e(story.sources.joined(separator: ", ")))</p>")
    }
    var when = ["raised \(alert.time.formatted(.iso8601))"]
    if let published = alert.item.published {
      when.insert("published \(published.formatted(.iso8601))", at: 0)
    }
    parts.append(
      "<p style=\"color:#777;font-size:small\">\(e(when.joined(separator: " · "))) · alert \(e(alert.id))</p>"
    )
    return parts.joined(separator: "\n")
  }

  package static func htmlDocument(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html><head><meta charset="utf-8"><title>\(HTMLEscaping.escape(title))</title></head>
    <body style="font-family:sans-serif;max-width:40em">
    \(body)
    </body></html>
    """
  }

  static func htmlFooter(_ sinkName: String) -> String {
    "\n<hr><p style=\"color:#777;font-size:small\">feedwatch, sink \(HTMLEscaping.escape(sinkName))</p>"
  }
}
