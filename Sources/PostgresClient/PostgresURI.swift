/// Connection URIs as libpq reads them (`postgresql://user:password@host:port/db?param=value`,
/// the Unix-socket form `postgresql://user@/db?host=/run/postgresql` included).
public enum PostgresURI {
  /// The URI without its password (in the user part or as a `password` parameter), for logs
  /// and error messages.
  public static func redacted(_ uri: String) -> String {
    var text = Substring(uri)
    var result = ""
    guard uri.contains("://") else {
      // The key=value form: `host=… user=… password=…`.
      return uri.split(separator: " ").map { word in
        word.lowercased().hasPrefix("password=") ? "password=…" : String(word)
      }.joined(separator: " ")
    }
    if let scheme = text.firstRange(of: "://") {
      result += text[..<scheme.upperBound]
      text = text[scheme.upperBound...]
      // The authority ends at the first "/" or "?"; its user part at the last "@" in it.
      let authorityEnd = text.firstIndex { $0 == "/" || $0 == "?" } ?? text.endIndex
      let authority = text[..<authorityEnd]
      if let at = authority.lastIndex(of: "@") {
        let userInfo = authority[..<at]
        let user =
          userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
          .first ?? ""
        result += user + authority[at...]
      } else {
        result += authority
      }
      text = text[authorityEnd...]
    }
    guard let query = text.firstIndex(of: "?") else { return result + text }
    result += text[...query]
    let parameters = text[text.index(after: query)...].split(
      separator: "&", omittingEmptySubsequences: false)
    result += parameters.map { parameter in
      parameter.lowercased().hasPrefix("password=") ? "password=…" : String(parameter)
    }.joined(separator: "&")
    return result
  }
}
