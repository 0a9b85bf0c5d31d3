import CCurl

/// The buffer a libcurl easy handle writes its failure messages into (CURLOPT_ERRORBUFFER),
/// owned by the feed transfer or SMTP session whose handle is given it.
final class CurlErrorBuffer {
  let pointer: UnsafeMutablePointer<CChar>

  init() {
    pointer = .allocate(capacity: Int(fw_error_size()))
    pointer.initialize(to: 0)
  }

  deinit { pointer.deallocate() }

  /// libcurl's message for a failed transfer: what it wrote here, else the result code's own
  /// text.
  func message(_ code: CURLcode) -> String {
    let text = String(cString: pointer)
    return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
  }
}
