/// Recognises the pages anti-bot services serve instead of the content (Cloudflare's "Just a
/// moment…", captchas, "Access denied"): a feed behind one is blocked, not malformed, and the
/// fix is on the publisher's side (an allow-list) rather than in the feed.
enum ChallengePage {
  /// How many leading bytes of a body are kept to recognise one.
  static let sniffLength = 16 * 1024

  /// Marks that only challenge and block pages carry, lowercased, with who serves them.
  private static let marks: [(mark: String, service: String)] = [
    ("<title>just a moment...</title>", "Cloudflare"),
    ("cf-browser-verification", "Cloudflare"),
    ("challenge-platform", "Cloudflare"),
    ("attention required! | cloudflare", "Cloudflare"),
    ("ddos-guard", "DDoS-Guard"),
    ("_incapsula_resource", "Imperva"),
    ("perimeterx", "PerimeterX"),
    ("captcha-delivery.com", "DataDome"),
    ("sucuri website firewall", "Sucuri"),
    ("checking your browser before accessing", "an anti-bot service"),
    ("please enable js and disable any ad blocker", "an anti-bot service"),
    ("<title>access denied</title>", "a web application firewall"),
    ("g-recaptcha", "a captcha"),
    ("h-captcha", "a captcha"),
  ]

  /// The service whose challenge page `head` (a body's first bytes) is, or nil.
  static func service(in head: [UInt8]) -> String? {
    let text = String(decoding: head, as: UTF8.self).lowercased()
    return marks.first { text.contains($0.mark) }?.service
  }
}
