import Logging

/// One HTTP(S) poll of a feed URL.
public struct FetchRequest: Sendable {
  public var url: String
  /// The ETag exactly as the server sent it last time (weak `W/"…"` included), sent as If-None-Match.
  public var etag: String?
  /// The Last-Modified value exactly as received, sent as If-Modified-Since.
  public var lastModified: String?
  /// Seconds for the whole transfer, redirects included.
  public var timeout: Double
  public var connectTimeout: Double
  /// Largest body accepted, counted after decompression.
  public var maxBytes: Int
  public var userAgent: String
  public var maxRedirects: Int
  /// The feed's name, logged with the `feed` metadata key.
  public var feed: String?
  /// Refuse to connect to loopback, private, link-local, unspecified and multicast addresses
  /// (see `AddressPolicy`), checked on each resolved address as the socket is opened, so neither
  /// a redirect nor a DNS answer can point the fetcher at the local network. Fails with
  /// `FetchError.privateAddressRefused`. With an explicit `proxy` the connection goes to the
  /// proxy, which the operator chose, so the URL and every redirect target are judged instead:
  /// one whose host is a private address or `localhost` is refused (what a name resolves to at
  /// the proxy is the proxy's business). A proxy taken from the environment is checked like
  /// any other address.
  public var denyPrivateNetworks: Bool = false
  /// The proxy to use (`http://host:port`, `socks5h://host:port`, …). Nil: libcurl's usual
  /// environment variables apply (`http_proxy`, `https_proxy`/`HTTPS_PROXY`, `all_proxy`,
  /// `no_proxy`; `HTTP_PROXY` in upper case is ignored, as in every CGI-safe client).
  /// The empty string: no proxy at all, whatever the environment says.
  public var proxy: String?
  /// A POST instead of a conditional GET (a sink's delivery); nil for a feed's poll.
  public var post: HTTPPost?
  /// The URL as log lines show it, when the URL itself must not be logged (a sink's URL can
  /// carry a token or a password).
  public var shownURL: String?

  public init(
    url: String, etag: String? = nil, lastModified: String? = nil, timeout: Double = 30,
    connectTimeout: Double = 10, maxBytes: Int = 10 << 20, userAgent: String, maxRedirects: Int = 5,
    feed: String? = nil, denyPrivateNetworks: Bool = false, proxy: String? = nil,
    post: HTTPPost? = nil
  ) {
    self.post = post
    self.denyPrivateNetworks = denyPrivateNetworks
    self.proxy = proxy
    self.url = url
    self.etag = etag
    self.lastModified = lastModified
    self.timeout = timeout
    self.connectTimeout = connectTimeout
    self.maxBytes = maxBytes
    self.userAgent = userAgent
    self.maxRedirects = maxRedirects
    self.feed = feed
  }

  /// An error as the fetcher's own log lines give it. libcurl's text may quote the URL, so
  /// for a request whose URL is not to be logged the caller, who can redact it, reports it.
  func loggable(_ error: FetchError) -> String {
    shownURL == nil ? "\(error)" : "reported by the sink"
  }

  /// Metadata for log lines about this request.
  var logMetadata: Logger.Metadata {
    var metadata: Logger.Metadata = ["url": "\(shownURL ?? url)"]
    if let feed { metadata["feed"] = "\(feed)" }
    return metadata
  }
}

/// A POST's body and its request header lines ("Name: value"). A POST never follows a redirect
/// unless its request says so, and sends no validators.
public struct HTTPPost: Sendable {
  public var body: [UInt8]
  public var headerLines: [String]

  public init(body: [UInt8], headerLines: [String]) {
    self.body = body
    self.headerLines = headerLines
  }
}

/// The final response's status line and headers, before its body.
public struct ResponseHead: Sendable {
  public var status: Int
  public var contentType: String?
  /// Lowercased names; repeated headers joined with ", ".
  public var headers: [String: String]
  public var effectiveURL: String
}

/// The outcome of a transfer that succeeded (2xx, or 304 Not Modified).
public struct FetchResponse: Sendable {
  /// Final status; a successful file:// read reports 200.
  public var status: Int
  public var etag: String?
  public var lastModified: String?
  public var contentType: String?
  public var headers: [String: String]
  public var effectiveURL: String
  /// Where the feed now lives: the target reached through the unbroken run of permanent
  /// (301/308) redirects that starts at the requested URL; nil when the first hop is not permanent.
  public var permanentRedirect: String?
  /// Decompressed body bytes delivered to the handler.
  public var bodyBytes: Int
  /// Seconds from the start of the transfer to its end.
  public var elapsed: Double
  /// Seconds this response may be reused without asking again, from `Cache-Control`
  /// (`max-age`; `no-cache`/`no-store` → 0) or else `Expires` minus `Date`; nil when the server
  /// gave no lifetime. A scheduler may use it to avoid polling before the feed can have changed.
  public var freshFor: Double?
  /// A file:// read, which has no HTTP status of its own.
  public var fromFile = false
  public var notModified: Bool { status == 304 }
  /// The server's status; nil for a file.
  public var httpStatus: Int? { fromFile ? nil : status }
}

/// Receives one transfer's events, in order, on the fetcher's queue.
///
/// Callbacks run inside libcurl's processing: they must not block, and must not call
/// `Fetcher.shutdown()` expecting it to have finished when it returns.
public protocol TransferHandler: AnyObject, Sendable {
  /// Head of the final response (after redirects), before any body; return false to abort. Only called for 2xx.
  func didReceiveHead(_ head: ResponseHead) -> Bool
  /// Decompressed body bytes as they arrive; return false to abort. Only for 2xx.
  func didReceive(_ chunk: UnsafeRawBufferPointer) -> Bool
  /// Exactly once per transfer.
  func didComplete(_ result: Result<FetchResponse, FetchError>)
}

public enum FeedwatchVersion {
  public static let string = "0.1.0"
  public static var userAgent: String {
    "feedwatch/\(string) (+https://github.com/feedwatch/feedwatch)"
  }
}
