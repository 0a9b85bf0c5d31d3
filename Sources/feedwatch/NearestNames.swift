/// The known names closest to one the user typed, for "did you mean" in an error.
enum NearestNames {
  /// Up to `limit` of `names`, nearest first: those that contain the typed name or lie within
  /// a few edits of it (ignoring case).
  static func to(_ typed: String, among names: [String], limit: Int = 3) -> [String] {
    let wanted = typed.lowercased()
    let allowed = max(2, wanted.count / 3)
    let scored = Set(names).compactMap { name -> (String, Int)? in
      let candidate = name.lowercased()
      if candidate.contains(wanted) || wanted.contains(candidate) { return (name, 0) }
      let distance = editDistance(Array(wanted), Array(candidate))
      return distance <= allowed ? (name, distance) : nil
    }
    return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
  }

  /// "; did you mean "a", "b"?" for the names near `typed`, or "" when none is.
  static func didYouMean(_ typed: String, among names: some Collection<String>) -> String {
    let nearest = to(typed, among: Array(names))
    guard !nearest.isEmpty else { return "" }
    return "; did you mean \(nearest.map { "\"\($0)\"" }.joined(separator: ", "))?"
  }

  /// Levenshtein distance, one row at a time.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var row = [i + 1]
      for (j, y) in b.enumerated() {
        row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = row
    }
    return previous[b.count]
  }
}
