import FeedParser

extension JSONValue {
  /// What a config value is, for "expected …, found …": the value itself when it is short
  /// (`the number 60`, `the string "60"`, `true`), else its kind.
  var sentenceDescription: String {
    switch self {
    case .number(let n):
      return "the number " + (n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n))
    case .string(let s) where s.count <= 40: return "the string \"\(s)\""
    case .bool(let b): return b ? "true" : "false"
    default: return kindDescription
    }
  }
}
