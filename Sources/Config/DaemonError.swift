/// A user-facing failure of the daemon's own (not a feed's): one sentence with the fix.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
