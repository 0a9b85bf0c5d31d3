import CCurl
import TextTrimming

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Parses a Retry-After value: delay seconds ("120") or an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT").
/// Returns seconds from `now` (never negative), or nil when the value is neither.
func parseRetryAfter(_ value: String, now: time_t = time(nil)) -> Double? {
  let trimmed = value.trimmingWhitespace()
  if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
    return Double(trimmed)
  }
  // curl_getdate understands the three HTTP date formats (IMF-fixdate, RFC 850, asctime).
  let date = curl_getdate(trimmed, nil)
  guard date != -1 else { return nil }
  return Double(max(0, date - now))
}
