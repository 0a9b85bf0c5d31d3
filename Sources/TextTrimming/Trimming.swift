// One whitespace trim for every layer (FoundationEssentials has no `trimmingCharacters`).
// Inlinable: the feed parser trims every title and link it reads.

extension StringProtocol where UTF8View: BidirectionalCollection {
  /// Without leading and trailing whitespace (FoundationEssentials has no `trimmingCharacters`).
  @inlinable public func trimmingWhitespace() -> String {
    // Fast path: nothing to trim when both ends are visible ASCII.
    if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20,
      last < 0x80
    {
      return String(self)
    }
    var scalars = Substring(self).unicodeScalars
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}

extension String {
  /// The same for a String, whose ends are read from its own storage (the generic
  /// `UTF8View.last` walks an index back through the protocol), and which is returned as it is
  /// when there is nothing to trim.
  @inlinable public func trimmingWhitespace() -> String {
    let visibleEnds = utf8.withContiguousStorageIfAvailable { bytes in
      guard let first = bytes.first, let last = bytes.last else { return false }
      return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
    }
    if visibleEnds == true { return self }
    return self[...].trimmingWhitespace()
  }
}
