/// How a sink appears in metric labels: its type and the first 8 hex digits of the SHA-256 of
/// its store name (`webhook:` + URL, say), e.g. `webhook-3fa2c19b`. A webhook URL can carry a
/// token; the hash tells sinks apart without saying what they are.
public enum SinkLabel {
  /// `storeName` is the sink's name in the store ("jsonl:/var/log/…", "journal", …);
  /// `sha256Hex` hashes it.
  public static func label(storeName: String, sha256Hex: (String) -> String) -> String {
    let type = storeName.split(separator: ":", maxSplits: 1).first.map(String.init) ?? storeName
    let safeType = type.filter { $0.isLetter || $0.isNumber }
    return "\(safeType.isEmpty ? "sink" : safeType)-\(sha256Hex(storeName).prefix(8))"
  }
}
