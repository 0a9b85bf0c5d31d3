/// A short span of time as a person reads it in a log line: `75µs`, `340ms`, `1.2s`, `2m05s`.
public enum ElapsedText {
  public static func format(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "0s" }
    if seconds < 0.000_999_5 { return "\(Int((seconds * 1_000_000).rounded()))µs" }
    if seconds < 0.999_5 { return "\(Int((seconds * 1000).rounded()))ms" }
    if seconds < 9.95 { return tenths(seconds) + "s" }
    if seconds < 59.5 { return "\(Int(seconds.rounded()))s" }
    let whole = Int(seconds.rounded())
    if whole < 3600 {
      let rest = whole % 60
      return "\(whole / 60)m" + (rest < 10 ? "0" : "") + "\(rest)s"
    }
    let minutes = (whole % 3600) / 60
    return "\(whole / 3600)h" + (minutes < 10 ? "0" : "") + "\(minutes)m"
  }

  /// One decimal, without a trailing ".0": 1.2, 3, 9.9.
  private static func tenths(_ seconds: Double) -> String {
    let tenths = Int((seconds * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
  }
}
