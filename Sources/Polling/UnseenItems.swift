import FeedParser
import Store
import Watch

/// A document's items as the store knows them, read once per poll: the article fetches and the
/// commit both work from it, so a poll asks the store about its keys and facets one time.
struct UnseenItems {
  /// Each distinct key of the document, with its item's position.
  var keyed: [(key: String, index: Int)]
  var lookup: ItemLookup
  /// The keyed items whose keys the feed has not seen.
  var unseen: [(key: String, index: Int)]
  /// The facets of each unseen item, and whether it is an item seen before under another key.
  var facets: [ItemFacets]
  var seenBefore: [Bool]
}
