import CCurl
import TextTrimming

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How long a response may be reused, in seconds, from its caching headers (RFC 9111 §4.2.1),
/// as a private cache sees it: `Cache-Control: no-store` or `no-cache` → 0; else `max-age`
/// (`s-maxage` is for shared caches and is ignored); else `Expires` minus `Date` (or minus `now`
/// when there is no valid Date), where an invalid Expires such as "0" means already expired.
/// Nil when the response says nothing about its lifetime. Never negative.
/// `headers` has lowercased names, repeated headers joined with ", ".
func freshnessLifetime(_ headers: [String: String], now: time_t = time(nil)) -> Double? {
  if let cacheControl = headers["cache-control"] {
    let directives = cacheDirectives(cacheControl)
    if directives.keys.contains("no-store") || directives.keys.contains("no-cache") { return 0 }
    if let maxAge = directives["max-age"] {
      // A malformed max-age cannot be trusted: treat the response as stale.
      guard let value = maxAge, let seconds = deltaSeconds(value) else { return 0 }
      return seconds
    }
  }
  guard let expiresText = headers["expires"] else { return nil }
  guard let expires = httpDate(expiresText) else { return 0 }
  let date = headers["date"].flatMap(httpDate) ?? now
  return Double(max(0, expires - date))
}

/// Directive name (lowercased) → its argument without quotes, nil when it has none.
private func cacheDirectives(_ value: String) -> [String: String?] {
  var directives: [String: String?] = [:]
  for part in value.split(separator: ",") {
    let directive = part.trimmingWhitespace()
    guard !directive.isEmpty else { continue }
    if let equals = directive.firstIndex(of: "=") {
      let name = directive[..<equals].trimmingWhitespace().lowercased()
      var argument = directive[directive.index(after: equals)...].trimmingWhitespace()
      if argument.count >= 2, argument.hasPrefix("\""), argument.hasSuffix("\"") {
        argument = String(argument.dropFirst().dropLast())
      }
      // The first occurrence wins, as for a duplicated max-age.
      if directives[name] == nil { directives[name] = .some(argument) }
    } else {
      let name = directive.lowercased()
      if directives[name] == nil { directives[name] = .some(nil) }
    }
  }
  return directives
}

/// delta-seconds: one or more ASCII digits; values past Int32 are capped (RFC 9111 §1.2.2).
private func deltaSeconds(_ text: String) -> Double? {
  guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
  return Double(Int(text.prefix(10)).map { min($0, Int(Int32.max)) } ?? Int(Int32.max))
}

/// An HTTP-date (IMF-fixdate, RFC 850 or asctime form) as seconds since the epoch.
private func httpDate(_ text: String) -> time_t? {
  let trimmed = text.trimmingWhitespace()
  // curl_getdate also reads bare numbers and other loose forms that are not HTTP-dates:
  // insist on a weekday or month name so "0" or "-1" stay invalid.
  guard trimmed.contains(where: \.isLetter) else { return nil }
  let date = curl_getdate(trimmed, nil)
  return date == -1 ? nil : date
}
