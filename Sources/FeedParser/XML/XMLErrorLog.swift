/// The XML errors a parse read past: how many, and the first (libxml2's line and message).
package struct XMLErrorLog {
  package private(set) var count = 0
  package private(set) var first: (line: Int, message: String)?

  /// Only the first error's message is made.
  mutating func record(line: Int, message: @autoclosure () -> String) {
    count += 1
    if first == nil { first = (line, message()) }
  }

  /// This log followed by `later`: the errors of a document read by one reader, then another.
  func followed(by later: XMLErrorLog) -> XMLErrorLog {
    XMLErrorLog(count: count + later.count, first: first ?? later.first)
  }
}
