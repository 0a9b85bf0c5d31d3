import CCurl

/// What feed transfers and SMTP sessions alike tell a libcurl easy handle, and read from it.
enum CurlValues {
  /// Seconds as libcurl's `*_MS` options take them; 0 (libcurl: no limit) for none.
  static func milliseconds(_ seconds: Double) -> Int {
    seconds.isFinite && seconds > 0 ? Int(min(seconds * 1000, Double(Int32.max))) : 0
  }
}
