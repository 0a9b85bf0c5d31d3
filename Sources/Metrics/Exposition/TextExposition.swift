/// The Prometheus text exposition format, version 0.0.4: for each family a `# HELP` and a
/// `# TYPE` line, then one line per sample, `name{label="value",…} value`.
public enum TextExposition {
  /// The response's Content-Type.
  public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

  public static func render(_ families: [any MetricFamily]) -> String {
    var out = ""
    for family in families {
      out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
      out += "# TYPE \(family.name) \(family.type.rawValue)\n"
      for sample in family.samples() {
        out += family.name + sample.suffix
        if !sample.labels.isEmpty {
          out += "{"
          out += sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(
            separator: ",")
          out += "}"
        }
        out += " " + number(sample.value) + "\n"
      }
    }
    return out
  }

  /// In help text a backslash and a line feed are escaped.
  static func escapeHelp(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out
  }

  /// In a label value a backslash, a double quote and a line feed are escaped.
  static func escapeLabelValue(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n", "\r\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out
  }

  /// A value as Go's ParseFloat reads it: whole numbers without a fraction, `+Inf`, `-Inf`,
  /// `NaN`.
  public static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }

  /// Whether `name` is a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
  public static func isValidName(_ name: String) -> Bool {
    guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return false }
    return name.utf8.allSatisfy { byte in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: ":")
    }
  }
}
