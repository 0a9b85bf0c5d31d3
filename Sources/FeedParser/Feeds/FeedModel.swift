// The parser's record of an item or of the channel: just what `FeedItem` and `Feed` are made
// of, with titles already plain (made from the parser's bytes as each element closes, with no
// intermediate String of the markup), summaries and content kept as `ItemText`, and dates
// still as written.

/// The fullest content seen so far: HTML beats plain text, then the longer source wins.
struct ContentCandidate: Sendable {
  var text: ItemText?
  var isHTML: Bool
  /// Bytes of the source (markup included): what "fullest" compares.
  var sourceLength: Int

  func isFuller(than other: ContentCandidate?) -> Bool {
    guard let other else { return true }
    return (isHTML ? 1 : 0, sourceLength) > (other.isHTML ? 1 : 0, other.sourceLength)
  }
}

/// What a link's `rel` makes of it (the default, no `rel`, is alternate).
enum LinkRel {
  case alternate
  /// Enclosures and self links never stand for the item's page.
  case ignored
  case other

  init(_ bytes: UnsafeBufferPointer<UInt8>?) {
    guard let bytes else {
      self = .alternate
      return
    }
    if bytes.elementsEqual("alternate".utf8) {
      self = .alternate
    } else if bytes.elementsEqual("enclosure".utf8) || bytes.elementsEqual("self".utf8) {
      self = .ignored
    } else {
      self = .other
    }
  }
}

/// An item/entry, or the channel itself.
struct EntryRecord: Sendable {
  var title: String?
  /// Whether a title element was read (`dc:title` yields to any earlier one), even one
  /// whose text turned out empty.
  var hasTitle = false
  /// The item's summary, or the channel's subtitle.
  var summary: ItemText?
  /// Whether a summary element was read (`dc:description` yields to any earlier one).
  var hasSummary = false
  var content: ContentCandidate?
  var id: String?
  /// The guid, resolved, when it is a permalink.
  var guidLink: String?
  /// The first alternate link.
  var alternateLink: String?
  /// True while `alternateLink` came from an RSS `<link>` text (a later one replaces it).
  var alternateIsRSS = false
  /// The first link that is neither alternate, enclosure nor self.
  var otherLink: String?
  /// Names (or e-mail addresses) of the authors.
  var authors: [String] = []
  var categories: [String] = []
  var published: String?
  var updated: String?
  var language: String?
  /// Channel only: RSS `<ttl>`, `sy:updatePeriod`, `sy:updateFrequency`, `<skipHours>`.
  var ttl: String?
  var updatePeriod: String?
  var updateFrequency: String?
  var skipHours: [Int] = []

  /// The page the record points to, moved out of it: its alternate link, else the guid that is
  /// a permalink, else any other link.
  mutating func takePrimaryLink() -> String? {
    alternateLink.take() ?? guidLink.take() ?? otherLink.take()
  }

  mutating func addAlternate(_ href: String) {
    if alternateLink == nil { alternateLink = href }
  }

  mutating func addLink(_ href: String, rel: LinkRel) {
    switch rel {
    case .alternate: addAlternate(href)
    case .ignored: break
    case .other: if otherLink == nil { otherLink = href }
    }
  }

  /// An RSS `<link>` text: replaces an earlier RSS link, never an Atom alternate.
  mutating func setRSSLink(_ href: String) {
    guard alternateLink == nil || alternateIsRSS else { return }
    alternateLink = href
    alternateIsRSS = true
  }

  mutating func offerContent(_ candidate: ContentCandidate) {
    if candidate.isFuller(than: content) { content = candidate }
  }
}
