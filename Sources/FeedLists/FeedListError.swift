/// Why a file is not a feed list; `line` is where the problem is (1-based).
public struct FeedListError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Cause: Sendable, Equatable {
    /// libxml2's message for the first well-formedness error.
    case notWellFormed(String)
    /// The document's root element is not `<opml>`.
    case notOPML(root: String)
    /// An `<opml>` without a `<body>`.
    case noBody
  }

  public var line: Int
  public var cause: Cause

  public init(line: Int, cause: Cause) {
    self.line = line
    self.cause = cause
  }

  public var description: String {
    switch cause {
    case .notWellFormed(let message):
      return "not well-formed XML: \(message)"
    case .notOPML(let root):
      return "not OPML: the root element is <\(root)>, not <opml>; a feed list is an OPML file "
        + "or a plain list of URLs, one a line"
    case .noBody:
      return "not OPML: <opml> has no <body> with the feeds' outlines"
    }
  }
}
