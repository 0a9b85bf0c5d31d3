/// A byte count as `0.9 KiB`, `12.3 MiB`: one decimal, binary units.
enum ByteSize {
  static func format(_ bytes: Int) -> String {
    var value = Double(bytes) / 1024
    for unit in ["KiB", "MiB", "GiB"] {
      if value < 1024 || unit == "GiB" {
        return "\((value * 10).rounded() / 10) \(unit)"
      }
      value /= 1024
    }
    return "\(bytes) B"
  }
}
