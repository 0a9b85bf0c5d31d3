package import Config
package import Store

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Who a sink is, to the store and to a person: its id in the store (no secret), its name,
/// how it is shown (scheme, host and a fingerprint, never a credential) and the secrets its
/// messages must never carry.
package struct SinkIdentity: Sendable {
  package let id: SinkID
  package let name: String
  package let type: String
  /// It writes on this machine (`Config.Sink.isNodeLocal`).
  package let isNodeLocal: Bool
  /// e.g. `https://hooks.example.org #3fa9c0`.
  package let address: String
  /// The type and address, e.g. `webhook https://hooks.example.org #3fa9c0`.
  package var shown: String { "\(type) \(address)" }
  /// Every string of the sink's config that may be a credential, longest first.
  private let secrets: [String]

  package init(_ sink: Config.Sink, password: String? = nil) {
    id = SinkID(address: sink.address)
    name = sink.name
    type = sink.type
    isNodeLocal = sink.isNodeLocal
    address = "\(sink.shownAddress) #\(id.fingerprint)"
    secrets = Self.secrets(of: sink, password: password)
  }

  /// `text` with every secret of the sink replaced: for an error from a receiver or from
  /// libcurl, which may quote the URL it was given.
  package func redact(_ text: String) -> String {
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacing(secret, with: "[redacted]")
    }
    return result
  }

  /// `outcome` with its error text redacted: what a sink answered, before a worker logs or
  /// stores it.
  package func redact(_ outcome: DeliveryOutcome) -> DeliveryOutcome {
    switch outcome {
    case .delivered: .delivered
    case .retry(let error): .retry(redact(error))
    case .park(let error): .park(redact(error))
    }
  }

  /// `name (shown)`, the form a log line or an error gives.
  package var described: String { "\(name) (\(shown))" }

  /// The shortest string treated as a possible token when it is a path segment, a query
  /// value or an argument: shorter ones ("v1", "api", "-t") are words, not credentials.
  static let shortestToken = 6

  static func secrets(of sink: Config.Sink, password: String?) -> [String] {
    var found: [String] = []
    switch sink.kind {
    case .jsonl, .journal: break
    case .webhook(let webhook):
      found += urlSecrets(webhook.url)
      found += webhook.headers.values.filter { !$0.isEmpty }
      if let secret = webhook.secret { found.append(secret) }
    case .exec(let exec):
      found += exec.command.dropFirst().filter { $0.count >= shortestToken }
      found += exec.command.dropFirst().flatMap(urlSecrets)
    case .email(let email):
      if let password, !password.isEmpty {
        found.append(password)
        // AUTH PLAIN and LOGIN send it base64-encoded.
        found.append(Data(password.utf8).base64EncodedString())
        if let username = email.username {
          found.append(Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString())
        }
      }
    }
    return Array(Set(found.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
  }

  /// The whole URL, its userinfo and password, and every path segment, query and query value
  /// long enough to be a token.
  static func urlSecrets(_ url: String) -> [String] {
    guard url.contains("://") else { return [] }
    var always = [url]
    if let userinfo = SinkURL.userinfo(of: url) {
      always.append(userinfo)
      if let colon = userinfo.firstIndex(of: ":") {
        always.append(String(userinfo[userinfo.index(after: colon)...]))
      }
    }
    var found: [String] = []
    let rest = SinkURL.rest(of: url)
    if rest.count > 1 { found.append(rest) }
    let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
    found += rest[..<pathEnd].split(separator: "/").map(String.init)
    if pathEnd < rest.endIndex {
      let query = rest[rest.index(after: pathEnd)...]
      found.append(String(query))
      for pair in query.split(whereSeparator: { $0 == "&" || $0 == "#" }) {
        found.append(String(pair))
        if let equals = pair.firstIndex(of: "=") {
          found.append(String(pair[pair.index(after: equals)...]))
        }
      }
    }
    return always + found.filter { $0.count >= shortestToken }
  }
}
