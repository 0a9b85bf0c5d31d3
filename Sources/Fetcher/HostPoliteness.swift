import CCurl

/// How gently the fetcher treats one host: at most `maxConcurrentPerHost` transfers to it at
/// once, and at least `minimumSpacing` seconds between the starts of two transfers to it.
/// The host is the one in the requested URL (redirect targets are not counted).
///
/// The key is the host name alone, not the origin (scheme, host, port): two ports of one host,
/// or its http and https sides, are almost always one machine, and the machine's load is what
/// the limit protects; keying on the origin would double the load on a host that serves a feed
/// over both schemes. Different names stay separate budgets, as virtual hosts usually are.
public struct HostPoliteness: Sendable, Equatable {
  public var maxConcurrentPerHost: Int
  public var minimumSpacing: Double

  public init(maxConcurrentPerHost: Int = 2, minimumSpacing: Double = 1) {
    self.maxConcurrentPerHost = max(1, maxConcurrentPerHost)
    self.minimumSpacing = max(0, minimumSpacing)
  }

  /// No per-host limit: only the fetcher's overall bound applies.
  public static let unlimited = HostPoliteness(maxConcurrentPerHost: .max, minimumSpacing: 0)
}

/// The lowercased host of `url` as libcurl parses it; "" when it has none (file URLs, bad URLs).
func hostKey(of url: String) -> String {
  guard let handle = curl_url() else { return "" }
  defer { curl_url_cleanup(handle) }
  // Without a scheme libcurl guesses one, as it does for the transfer itself.
  guard curl_url_set(handle, CURLUPART_URL, url, UInt32(CURLU_GUESS_SCHEME)) == CURLUE_OK else {
    return ""
  }
  var host: UnsafeMutablePointer<CChar>?
  guard curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK, let host else { return "" }
  defer { curl_free(host) }
  return String(cString: host).lowercased()
}
