import Config
import Daemon
import Store
import Watch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Every source of a story, oldest first, for `alerts show`: the state store knows them all
/// (copies that raised no alert of their own too); without it, the log's alerts of the story.
struct StorySources {
  struct Source {
    var feed: String
    var title: String?
    var link: String?
    var seen: Date?

    var line: String {
      var text = feed
      if let seen { text += "  " + seen.formatted(.iso8601).replacing("T", with: " ") }
      if let title { text += "  " + title }
      if let link { text += "  " + link }
      return text
    }
  }

  static func of(_ story: Alert.StoryInfo, alerts lines: [String], config: Config?) -> [Source] {
    if let config, let store = try? StateStoreOpening.openExisting(config) {
      defer { store.close() }
      if let stored = try? store.storySources(id: story.id), !stored.isEmpty {
        return stored.map {
          Source(feed: $0.feedName, title: $0.title, link: $0.link, seen: $0.seenAt)
        }
      }
    }
    // From the log: one source per feed, at its first alert of the story; feeds the story's
    // latest alert names that raised no alert of their own come after, undated.
    var sources: [Source] = []
    var names = story.sources
    for line in lines where line.contains(story.id) {
      guard let alert = try? Alert.decode(jsonLine: line), alert.story?.id == story.id else {
        continue
      }
      if let latest = alert.story?.sources, latest.count > names.count { names = latest }
      guard !sources.contains(where: { $0.feed == alert.feed.name }) else { continue }
      sources.append(
        Source(
          feed: alert.feed.name, title: alert.item.title, link: alert.item.link, seen: alert.time))
    }
    for name in names where !sources.contains(where: { $0.feed == name }) {
      sources.append(Source(feed: name))
    }
    return sources
  }
}
