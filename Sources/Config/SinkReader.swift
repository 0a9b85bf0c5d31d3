import FeedParser
import TextTrimming

/// The "sinks" list: each sink's type, its own keys, its name and its rules.
extension ConfigReader {
  /// Keys every sink may have, whatever its type.
  static let sinkCommonKeys = ["type", "name", "rules"] + sinkDeliveryKeys

  mutating func readSinks(
    _ value: JSONValue?, ruleNames: Set<String>, timeZone defaultZone: FeedTimeZone
  ) throws(ConfigError) -> [Config.Sink]? {
    guard let value else { return nil }
    guard case .array(let items) = value else {
      throw fail(
        "sinks",
        "expected a list of sinks such as [{\"type\": \"jsonl\", \"path\": \"alerts.jsonl\"}]")
    }
    var sinks: [Config.Sink] = []
    var givenNames: [String: Int] = [:]
    for (i, item) in items.enumerated() {
      let field = "sinks[\(i)]"
      guard case .object(let dict) = item else {
        throw fail(field, "expected an object, found \(item.kindDescription)")
      }
      let kind = try readSinkKind(dict, item, field)
      var rules: [String]?
      if dict["rules"] != nil {
        let names = try strings(dict["rules"], "\(field).rules")
        for (j, name) in names.enumerated() where !ruleNames.contains(name) {
          throw fail("\(field).rules[\(j)]", "no rule is named \"\(name)\"")
        }
        rules = names
      }
      var name = ""
      if let given = try nonEmptyString(dict["name"], "\(field).name") {
        guard Self.isSinkName(given) else {
          throw fail(
            "\(field).name",
            "\"\(given)\" is not a sink name; use letters, digits and - _ . : @ (e.g. \"ops-mail\")"
          )
        }
        if let other = givenNames[given] {
          throw fail(
            "\(field).name",
            "\"\(given)\" is already the name of sinks[\(other)]; sink names must be unique")
        }
        givenNames[given] = i
        name = given
      }
      let delivery = try readSinkDelivery(dict, kind: kind, field: field, timeZone: defaultZone)
      sinks.append(Config.Sink(name: name, kind: kind, rules: rules, delivery: delivery))
    }
    // Unnamed sinks last, so a default name never takes one the user wrote.
    var taken = Set(givenNames.keys)
    for index in sinks.indices where sinks[index].name.isEmpty {
      let base = Config.Sink.defaultName(for: sinks[index].kind)
      var candidate = base
      var n = 2
      while taken.contains(candidate) {
        candidate = "\(base)-\(n)"
        n += 1
      }
      taken.insert(candidate)
      sinks[index].name = candidate
    }
    return sinks
  }

  /// Letters, digits and `-_.:@`: a name that needs no quoting on a command line or in a log.
  static func isSinkName(_ name: String) -> Bool {
    name.unicodeScalars.allSatisfy {
      ($0.properties.isAlphabetic || ("0"..."9").contains($0)
        || "-_.:@".unicodeScalars.contains($0))
        && !$0.properties.isWhitespace
    }
  }

  private mutating func readSinkKind(
    _ dict: [String: JSONValue], _ item: JSONValue, _ field: String
  ) throws(ConfigError) -> Config.Sink.Kind {
    let types = "jsonl, journal, webhook, exec or email"
    guard let type = try string(dict["type"], "\(field).type") else {
      throw fail("\(field).type", "every sink needs a type: \(types)")
    }
    let common = Self.sinkCommonKeys
    switch type {
    case "jsonl":
      _ = try object(item, field, allowed: common + ["path"])
      guard let path = try nonEmptyString(dict["path"], "\(field).path") else {
        throw fail("\(field).path", "a jsonl sink needs a path, e.g. \"alerts.jsonl\"")
      }
      return .jsonl(path: FilePaths.resolve(path, against: folder))
    case "journal":
      _ = try object(item, field, allowed: common)
      return .journal
    case "webhook":
      _ = try object(
        item, field, allowed: common + ["url", "secret", "headers", "format", "timeout"])
      return .webhook(try readWebhook(dict, field))
    case "exec":
      _ = try object(item, field, allowed: common + ["command", "timeout"])
      let command = try strings(dict["command"], "\(field).command")
      guard !command.isEmpty else {
        throw fail(
          "\(field).command",
          "an exec sink needs a command as a list, e.g. [\"/usr/local/bin/notify\", \"--flag\"]")
      }
      return .exec(
        Config.Sink.Exec(
          command: command,
          timeout: try duration(dict["timeout"], "\(field).timeout", min: 1) ?? 30))
    case "email":
      _ = try object(
        item, field,
        allowed: common + [
          "url", "from", "to", "username", "passwordFile", "tls", "subject", "caFile", "timeout",
        ])
      return .email(try readEmail(dict, field))
    default:
      throw fail("\(field).type", "\"\(type)\" is not a sink type; use \(types)")
    }
  }

  private func readWebhook(_ dict: [String: JSONValue], _ field: String) throws(ConfigError)
    -> Config.Sink.Webhook
  {
    guard let url = try nonEmptyString(dict["url"], "\(field).url"),
      url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
    else {
      throw fail("\(field).url", "a webhook needs an http:// or https:// url")
    }
    var headers: [String: String] = [:]
    if let value = dict["headers"] {
      guard case .object(let pairs) = value else {
        throw fail("\(field).headers", "expected an object of header name → value")
      }
      for (name, headerValue) in pairs {
        headers[name] = try string(headerValue, "\(field).headers.\(name)")
      }
    }
    let formatText = try string(dict["format"], "\(field).format") ?? "alert"
    guard let format = Config.Sink.WebhookFormat(rawValue: formatText) else {
      let formats = Config.Sink.WebhookFormat.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("\(field).format", "\"\(formatText)\" is not a format; use \(formats)")
    }
    return Config.Sink.Webhook(
      url: url, secret: try nonEmptyString(dict["secret"], "\(field).secret"), headers: headers,
      format: format, timeout: try duration(dict["timeout"], "\(field).timeout", min: 1) ?? 10)
  }

  private mutating func readEmail(_ dict: [String: JSONValue], _ field: String)
    throws(ConfigError) -> Config.Sink.Email
  {
    guard let url = try nonEmptyString(dict["url"], "\(field).url") else {
      throw fail(
        "\(field).url", "an email sink needs the server, e.g. \"smtps://smtp.example.org:465\"")
    }
    let lower = url.lowercased()
    guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://"),
      !SinkURL.host(of: url).isEmpty
    else {
      throw fail(
        "\(field).url",
        "\"\(SinkURL.origin(of: url))\" is not an SMTP server URL; write \"smtps://host:465\" "
          + "(TLS) or \"smtp://host:587\" (STARTTLS)")
    }
    if SinkURL.userinfo(of: url) != nil {
      throw fail(
        "\(field).url",
        "the URL carries a user name or password; give them as \"username\" and \"passwordFile\"")
    }
    guard let from = try nonEmptyString(dict["from"], "\(field).from") else {
      throw fail(
        "\(field).from", "an email sink needs a sender, e.g. \"feedwatch <alerts@example.org>\"")
    }
    guard MailAddress.bare(from) != nil else {
      throw fail(
        "\(field).from",
        "\"\(from)\" is not a mail address; write \"alerts@example.org\" or \"Name <alerts@example.org>\""
      )
    }
    let to: [String]
    if case .string(let single)? = dict["to"] {
      to = [single]
    } else {
      to = try strings(dict["to"], "\(field).to")
    }
    guard !to.isEmpty else {
      throw fail("\(field).to", "an email sink needs recipients, e.g. [\"analysts@example.org\"]")
    }
    for (j, recipient) in to.enumerated() where !MailAddress.isBare(recipient) {
      throw fail(
        "\(field).to[\(j)]",
        "\"\(recipient)\" is not a mail address such as \"analyst@example.org\"")
    }
    let username = try nonEmptyString(dict["username"], "\(field).username")
    let passwordFile = try nonEmptyString(dict["passwordFile"], "\(field).passwordFile").map {
      FilePaths.resolve($0, against: folder)
    }
    if (username == nil) != (passwordFile == nil) {
      throw fail(
        username == nil ? "\(field).username" : "\(field).passwordFile",
        "SMTP AUTH needs both \"username\" and \"passwordFile\" (a file holding the password)")
    }
    let securityText = try string(dict["tls"], "\(field).tls") ?? "required"
    guard let security = Config.Sink.MailSecurity(rawValue: securityText) else {
      throw fail(
        "\(field).tls",
        "\"\(securityText)\" is not a TLS setting; use \"required\" (the default) or \"none\" "
          + "(plain SMTP to a relay on loopback)")
    }
    if security == .none {
      guard lower.hasPrefix("smtp://") else {
        throw fail("\(field).tls", "\"none\" cannot apply to smtps://, which is TLS from the start")
      }
      if !Self.isLoopback(host: SinkURL.host(of: url)) {
        warnings.append(
          ConfigWarning(
            field: "\(field).tls",
            message: "\"none\" sends mail\(username == nil ? "" : " and the password") in the "
              + "clear to \(SinkURL.host(of: url)), which is not on loopback"))
      }
    }
    let subject =
      try nonEmptyString(dict["subject"], "\(field).subject")
      ?? Config.Sink.Email.defaultSubject
    for placeholder in Self.placeholders(in: subject)
    where !Config.Sink.Email.subjectFields.contains(placeholder) {
      let known = Config.Sink.Email.subjectFields.map { "{\($0)}" }.joined(separator: ", ")
      throw fail("\(field).subject", "{\(placeholder)} is not a subject field; use \(known)")
    }
    return Config.Sink.Email(
      url: url, from: from, to: to, username: username, passwordFile: passwordFile,
      security: security, subject: subject,
      caFile: try nonEmptyString(dict["caFile"], "\(field).caFile").map {
        FilePaths.resolve($0, against: folder)
      },
      timeout: try duration(dict["timeout"], "\(field).timeout", min: 1) ?? 30)
  }

  static func isLoopback(host: String) -> Bool {
    host == "localhost" || host.hasPrefix("127.") || host == "[::1]"
  }

  /// The names between braces in a template.
  static func placeholders(in template: String) -> [String] {
    var names: [String] = []
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      names.append(String(rest[rest.index(after: open)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    return names
  }
}

/// Mail addresses as a config writes them: `local@domain`, or `Name <local@domain>`.
public enum MailAddress {
  /// The bare address of a From value; nil when it has none.
  public static func bare(_ text: String) -> String? {
    let trimmed = text.trimmingWhitespace()
    if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
      let inner = String(
        trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
      return isBare(inner) ? inner : nil
    }
    return isBare(trimmed) ? trimmed : nil
  }

  /// One `@` between a non-empty local part and domain; no space, control, `<`, `>` or comma.
  public static func isBare(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
    return !text.unicodeScalars.contains {
      $0.value < 0x21 || $0.value == 0x7f || "<>,;\"".unicodeScalars.contains($0)
    }
  }
}
