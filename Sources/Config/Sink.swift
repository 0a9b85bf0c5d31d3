extension Config {
  /// Where alerts go (config "sinks"): a name, what kind of sink with its settings, and the
  /// rules it takes. Without "sinks", the alert log is the one sink.
  public struct Sink: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      case jsonl(path: String)
      case journal
      case webhook(Webhook)
      case exec(Exec)
      case email(Email)
    }

    /// What a webhook's request body is.
    public enum WebhookFormat: String, Sendable, CaseIterable {
      /// The alert's own JSON line.
      case alert
      /// `{"text": "…"}`, which Slack, Mattermost and Discord-style incoming webhooks accept.
      case slack
      /// A plain-text summary with a `Title` header (most chat bridges).
      case text
      /// ntfy's conventions: a text message with `Title`, `Priority` (from the severity),
      /// `Tags` and `Click` (the item's link) headers.
      case ntfy
    }

    public struct Webhook: Sendable, Equatable {
      public var url: String
      /// The HMAC-SHA256 key of `X-Feedwatch-Signature`.
      public var secret: String?
      public var headers: [String: String]
      public var format: WebhookFormat
      public var timeout: Double
    }

    public struct Exec: Sendable, Equatable {
      public var command: [String]
      public var timeout: Double
    }

    /// How an e-mail sink protects its connection.
    public enum MailSecurity: String, Sendable, CaseIterable {
      /// smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS or the send fails.
      case required
      /// Plain SMTP, for a relay on loopback; never sends a password in the clear elsewhere.
      case none
    }

    public struct Email: Sendable, Equatable {
      /// `smtps://host:465` or `smtp://host:587`.
      public var url: String
      /// The From header as written, e.g. `feedwatch <alerts@example.org>`.
      public var from: String
      public var to: [String]
      public var username: String?
      /// A file holding the password (first line), read when the sink starts.
      public var passwordFile: String?
      public var security: MailSecurity
      /// The subject, with `{severity}`, `{rule}`, `{feed}`, `{title}` filled in.
      public var subject: String
      /// CA certificates to trust instead of the system's, for a relay with a private CA.
      public var caFile: String?
      public var timeout: Double

      public static let defaultSubject = "[feedwatch] {severity} {rule}: {title}"
      public static let subjectFields = ["severity", "rule", "feed", "title"]
    }

    /// Unique among the config's sinks; used in logs, `status` and `feedwatch sinks`.
    public var name: String
    public var kind: Kind
    /// Only alerts of these rules; nil for all.
    public var rules: [String]?
    /// How it receives them (`group`, `digest`); by default as `SinkDelivery.defaults` says.
    public var delivery: SinkDelivery
    /// The node whose own sink this is, in a cluster (`isNodeLocal`); nil otherwise.
    public var node: String?

    public init(
      name: String, kind: Kind, rules: [String]? = nil, delivery: SinkDelivery? = nil
    ) {
      self.name = name
      self.kind = kind
      self.rules = rules
      self.delivery = delivery ?? .defaults(for: kind)
    }

    public var type: String {
      switch kind {
      case .jsonl: "jsonl"
      case .journal: "journal"
      case .webhook: "webhook"
      case .exec: "exec"
      case .email: "email"
      }
    }

    /// What makes the sink this sink, secrets included: two sinks with one address are one
    /// sink to the store. Never shown; the store keeps only a digest of it (`SinkID`). Its
    /// form for jsonl, journal, webhook and exec is the store's sink name before sink ids, so
    /// old delivery records map onto the same id.
    public var address: String {
      let address = sharedAddress
      return node.map { address + " node:" + $0 } ?? address
    }

    /// A sink that writes on the machine it runs on: in a cluster each node writes every alert
    /// to its own. The others (webhook, exec, e-mail) are the cluster's: one node at a time
    /// delivers each alert to them.
    public var isNodeLocal: Bool {
      switch kind {
      case .jsonl, .journal: true
      case .webhook, .exec, .email: false
      }
    }

    private var sharedAddress: String {
      switch kind {
      case .jsonl(let path): "jsonl:" + path
      case .journal: "journal"
      case .webhook(let webhook): "webhook:" + webhook.url
      case .exec(let exec): "exec:" + exec.command.joined(separator: " ")
      case .email(let email): "email:" + email.url + " " + email.to.joined(separator: ",")
      }
    }

    /// The address without anything that may be a credential: a URL's scheme, host and port
    /// (no user, password, path or query), an exec sink's program (no arguments), a path.
    public var shownAddress: String {
      switch kind {
      case .jsonl(let path): path
      case .journal: "systemd journal"
      case .webhook(let webhook): SinkURL.origin(of: webhook.url)
      case .exec(let exec): exec.command.first ?? ""
      case .email(let email): SinkURL.origin(of: email.url)
      }
    }

    /// The name a sink gets when the config gives none: its type and host (a file's name, a
    /// program's name).
    public static func defaultName(for kind: Kind) -> String {
      switch kind {
      case .jsonl(let path): "jsonl-" + (path.split(separator: "/").last.map(String.init) ?? "log")
      case .journal: "journal"
      case .webhook(let webhook): "webhook-" + SinkURL.host(of: webhook.url)
      case .exec(let exec):
        "exec-" + (exec.command.first?.split(separator: "/").last.map(String.init) ?? "command")
      case .email(let email): "email-" + SinkURL.host(of: email.url)
      }
    }
  }
}

/// The parts of a sink's URL that may be shown: nothing of its userinfo, path or query.
public enum SinkURL {
  /// `scheme://host[:port]`, the scheme lowercased.
  public static func origin(of url: String) -> String {
    let (scheme, authority) = split(url)
    return scheme.isEmpty ? hostPort(authority) : "\(scheme)://\(hostPort(authority))"
  }

  /// The host alone, lowercased.
  public static func host(of url: String) -> String {
    var host = hostPort(split(url).authority)
    if host.hasPrefix("[") {
      if let close = host.firstIndex(of: "]") { host = String(host[...close]) }
    } else if let colon = host.lastIndex(of: ":") {
      host = String(host[..<colon])
    }
    return host.lowercased()
  }

  /// The userinfo (`user:password`) before the host, if any.
  public static func userinfo(of url: String) -> String? {
    let authority = split(url).authority
    guard let at = authority.lastIndex(of: "@") else { return nil }
    return String(authority[..<at])
  }

  /// Everything after the authority: path, query and fragment.
  public static func rest(of url: String) -> String {
    guard let range = url.firstRange(of: "://") else { return url }
    let afterScheme = url[range.upperBound...]
    guard let end = afterScheme.firstIndex(where: { "/?#".contains($0) }) else { return "" }
    return String(afterScheme[end...])
  }

  private static func split(_ url: String) -> (scheme: String, authority: String) {
    guard let range = url.firstRange(of: "://") else { return ("", "") }
    let afterScheme = url[range.upperBound...]
    let end = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
    return (url[..<range.lowerBound].lowercased(), String(afterScheme[..<end]))
  }

  private static func hostPort(_ authority: String) -> String {
    guard let at = authority.lastIndex(of: "@") else { return authority.lowercased() }
    return authority[authority.index(after: at)...].lowercased()
  }
}
