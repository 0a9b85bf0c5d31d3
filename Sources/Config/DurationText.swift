import TextTrimming

/// Durations as the config writes them: "90s", "15m", "2h", "1d", "1w" (also combined, "1h30m").
public enum DurationText {
  public static func seconds(_ text: String) -> Double? {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
    var total = 0.0
    var number = ""
    var sawUnit = false
    for c in text.trimmingWhitespace() {
      if c.isNumber || c == "." {
        number.append(c)
      } else if let unit = units[Character(c.lowercased())], let value = Double(number) {
        total += value * unit
        number = ""
        sawUnit = true
      } else {
        return nil
      }
    }
    guard number.isEmpty, sawUnit else { return nil }
    return total
  }

  /// The shortest readable form: 900 → "15m", 5400 → "1h30m".
  public static func format(_ seconds: Double) -> String {
    var rest = Int(seconds.rounded())
    if rest == 0 { return "0s" }
    var out = ""
    for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
      out += "\(rest / size)\(unit)"
      rest %= size
    }
    return out
  }
}
