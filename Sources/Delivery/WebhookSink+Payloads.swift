import Config

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A group or digest as one request: the payload's JSON (`alert` format), `{"text": …}`
/// (`slack`), its text with a `Title` header (`text`) or ntfy's message and headers (`ntfy`).
/// `Idempotency-Key` is its id, also sent as `X-Feedwatch-Group-Id` or `X-Feedwatch-Digest-Id`.
extension WebhookSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    let idHeader = payload.kind == .group ? "X-Feedwatch-Group-Id" : "X-Feedwatch-Digest-Id"
    let (body, contentType, headers) = body(for: payload)
    return post(
      body: body, contentType: contentType, formatHeaders: headers, id: payload.id,
      idHeader: idHeader, keep: 0
    ).outcome
  }

  func body(for payload: SinkPayload) -> (bytes: [UInt8], contentType: String, headers: [String]) {
    switch webhook.format {
    case .alert:
      return (Array(payload.json.utf8), "application/json", [])
    case .slack:
      let json =
        (try? JSONEncoder().encode(["text": payload.text])).map(Array.init) ?? Array("{}".utf8)
      return (json, "application/json", [])
    case .text:
      return (
        Array(payload.text.utf8), "text/plain; charset=utf-8", ["Title: \(payload.title)"]
      )
    case .ntfy:
      let message = NtfyMessage(payload)
      return (Array(message.body.utf8), "text/plain; charset=utf-8", message.headerLines)
    }
  }
}
