import Hashing

/// How a sink appears in metric labels: its type and the first 8 hex digits of the SHA-256 of
/// its id in the store (`webhook#` and a digest of its address), e.g. `webhook-3fa2c19b`. The
/// id holds no secret already; the label stays short and tells sinks apart without saying
/// what they are.
public enum SinkLabel {
  /// `sinkID` is the sink's id in the store ("webhook#3fa9c0…", "journal#…").
  public static func label(sinkID: String) -> String {
    label(sinkID: sinkID, sha256Hex: Digest.sha256Hex)
  }

  /// The same with `sha256Hex` as the hash (a test's own).
  public static func label(sinkID: String, sha256Hex: (String) -> String) -> String {
    let type = sinkID.split(separator: "#", maxSplits: 1).first.map(String.init) ?? sinkID
    let safeType = type.filter { $0.isLetter || $0.isNumber }
    return "\(safeType.isEmpty ? "sink" : safeType)-\(sha256Hex(sinkID).prefix(8))"
  }
}
