import Hashing
package import Store
import Synchronization
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The stories of the last `window`, in memory, so that matching a new item against them costs
/// no database query. Loaded from the store at start-up; the store stays the record.
package final class StoryIndex: Sendable {
  struct Entry {
    var id: String
    var fingerprint: StoryFingerprint
    var firstSeen: Date
    var sources: [String]
    /// The item that founded the story, so that item is never taken for its own copy.
    var founder: String?
  }

  struct Assignment: Equatable {
    var id: String
    /// The item founds the story: its alerts go out. Otherwise it is a later copy.
    var isNew: Bool
    /// Feed names that carried the story, this one included.
    var sources: [String]
  }

  let window: Double
  private let entries: Mutex<[Entry]>

  package init(recent: [RecentStory], window: Double) {
    self.window = window
    entries = Mutex(
      recent.map {
        Entry(
          id: $0.id, fingerprint: StoryFingerprint(value: $0.fingerprint), firstSeen: $0.firstSeen,
          sources: $0.sources)
      })
  }

  /// The story an item belongs to, founding a new one when none matches. Atomic: two feeds
  /// carrying the same story at the same moment do not both found it.
  func assign(fingerprint: StoryFingerprint, itemID: String, feedName: String, now: Date)
    -> Assignment
  {
    entries.withLock { entries in
      let oldest = now.addingTimeInterval(-window)
      entries.removeAll { $0.firstSeen < oldest }
      if let index = entries.firstIndex(where: { $0.fingerprint.isSameStory(as: fingerprint) }) {
        if entries[index].founder == itemID {
          return Assignment(id: entries[index].id, isNew: true, sources: entries[index].sources)
        }
        if !entries[index].sources.contains(feedName) { entries[index].sources.append(feedName) }
        return Assignment(id: entries[index].id, isNew: false, sources: entries[index].sources)
      }
      let id = String(Digest.sha256Hex("story\u{0}" + itemID).prefix(16))
      entries.append(
        Entry(
          id: id, fingerprint: fingerprint, firstSeen: now, sources: [feedName], founder: itemID))
      return Assignment(id: id, isNew: true, sources: [feedName])
    }
  }
}
