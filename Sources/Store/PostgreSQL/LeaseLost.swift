/// A poll's commit refused because this node no longer holds the lease of the feed's host:
/// another node took it over (this one stalled past the lease period) and polls the host now.
/// Nothing of the poll was written; that node's poll records the items.
public struct LeaseLost: Error, Sendable, CustomStringConvertible {
  public var host: String
  public var node: String

  public var description: String {
    "node \(node) lost the lease of host \(host) to another node; the poll was not recorded "
      + "(the node that holds the lease now polls the host)"
  }
}
