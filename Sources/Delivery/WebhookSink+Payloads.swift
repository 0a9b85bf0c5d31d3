import Config

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A group or digest as one request: the payload's JSON (`alert` format), `{"text": …}`
/// (`slack`) or its text with a `Title` header (`text`). `Idempotency-Key` is its id, also sent
/// as `X-Feedwatch-Group-Id` or `X-Feedwatch-Digest-Id`.
extension WebhookSink: PayloadSink {
  package func send(_ payload: SinkPayload) -> DeliveryOutcome {
    let idHeader = payload.kind == .group ? "X-Feedwatch-Group-Id" : "X-Feedwatch-Digest-Id"
    switch format {
    case .alert:
      return post(
        body: Array(payload.json.utf8), contentType: "application/json", title: nil,
        id: payload.id, idHeader: idHeader)
    case .slack:
      let json =
        (try? JSONEncoder().encode(["text": payload.text])).map(Array.init) ?? Array("{}".utf8)
      return post(
        body: json, contentType: "application/json", title: nil, id: payload.id,
        idHeader: idHeader)
    case .text:
      return post(
        body: Array(payload.text.utf8), contentType: "text/plain; charset=utf-8",
        title: payload.title, id: payload.id, idHeader: idHeader)
    }
  }
}
