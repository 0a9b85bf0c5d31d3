import FeedLists
import FeedParser

#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ConfigReader {
  /// `feedLists`: each file's feeds join `feeds` with the defaults, in list order and then
  /// document order, so the same files always give the same names. A URL already configured
  /// (in `feeds` or an earlier list) stays one feed, the first, with the tags of both, and one
  /// warning names both places.
  mutating func readFeedLists(
    _ value: JSONValue?, into feeds: inout [Config.Feed], defaults: Config.FeedDefaults
  ) throws(ConfigError) -> [FeedListSummary] {
    let paths = try strings(value, "feedLists")
    var places: [String: (index: Int, place: String)] = [:]
    for (index, feed) in feeds.enumerated() { places[feed.url] = (index, "feeds[\(index)]") }
    var names = UniqueNames(taken: feeds.map(\.name))
    var summaries: [FeedListSummary] = []
    for (i, path) in paths.enumerated() {
      let field = "feedLists[\(i)]"
      let file = FilePaths.resolve(path, against: folder)
      if let other = summaries.firstIndex(where: { $0.path == file }) {
        throw fail(field, "\(file) is feedLists[\(other)] already; list each file once")
      }
      let list = try readFeedList(file, field: field)
      var added = 0
      for entry in list.entries {
        if let earlier = places[entry.url] {
          feeds[earlier.index].tags.appendNew(entry.tags)
          warnings.append(
            ConfigWarning(
              field: field,
              message: "\(entry.url) (\(file) line \(entry.line)) is also \(earlier.place); "
                + "polled once, as \"\(feeds[earlier.index].name)\", with the tags of both"))
          continue
        }
        let name = names.claim(entry.title ?? FeedName.default(for: entry.url))
        places[entry.url] = (feeds.count, "\(file) line \(entry.line)")
        feeds.append(
          Config.Feed(listed: entry, name: name, list: file, defaults: defaults))
        added += 1
      }
      if !list.skipped.isEmpty {
        let count = list.skipped.count
        warnings.append(
          ConfigWarning(
            field: field,
            message: "\(file): "
              + (count == 1
                ? "1 entry is not a feed feedwatch can poll and is skipped"
                : "\(count) entries are not feeds feedwatch can poll and are skipped")
              + "; `feedwatch check` lists them"))
      }
      summaries.append(
        FeedListSummary(path: file, format: list.format, feedsAdded: added, skipped: list.skipped))
    }
    return summaries
  }

  /// Far more than any reader's export (5,000 feeds are under 1 MiB).
  static let largestFeedList = 64 << 20

  /// The list in `file`; an error names the list's file and line, and the config's field.
  private func readFeedList(_ file: String, field: String) throws(ConfigError) -> FeedList {
    // A device or FIFO (a slip such as /dev/zero) would never end: regular files only.
    // stat follows symbolic links, so a linked list is read as the file it points to.
    var status = stat()
    if stat(file, &status) == 0 {
      if status.st_mode & S_IFMT != S_IFREG {
        throw fail(field, "\(file) is not a regular file; a feed list is an OPML or text file")
      }
      if Int(status.st_size) > Self.largestFeedList {
        throw fail(
          field,
          "\(file) is \(Int(status.st_size) >> 20) MiB; a feed list may be at most "
            + "\(Self.largestFeedList >> 20) MiB")
      }
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw fail(field, "cannot read \(file) (does it exist, and may this user read it?)")
    }
    do {
      return try FeedListReader.read(Array(data))
    } catch {
      throw ConfigError(
        file: file, field: "line \(error.line)",
        message: "\(error.description) (\(field) of \(self.file))")
    }
  }
}

/// Names handed out in order, each `name`, else the first free of `name-2`, `name-3`, …
/// (as `FeedName.unique`). A list of thousands of feeds has hundreds titled alike ("News"):
/// the next number to try is kept per name, so handing them out stays linear.
struct UniqueNames {
  private var taken: Set<String>
  private var nextNumber: [String: Int] = [:]

  init(taken: [String]) { self.taken = Set(taken) }

  mutating func claim(_ name: String) -> String {
    var claimed = name
    if taken.contains(name) {
      var number = nextNumber[name] ?? 2
      while taken.contains("\(name)-\(number)") { number += 1 }
      nextNumber[name] = number + 1
      claimed = "\(name)-\(number)"
    }
    taken.insert(claimed)
    return claimed
  }
}

extension Config.Feed {
  /// A feed of a list: its URL, name and tags, everything else from the defaults.
  init(listed entry: FeedListEntry, name: String, list: String, defaults: Config.FeedDefaults) {
    self.init(
      url: entry.url, name: name, tags: entry.tags, interval: defaults.interval,
      adaptive: defaults.adaptive, timeout: defaults.timeout,
      connectTimeout: defaults.connectTimeout, maxBytes: defaults.maxBytes,
      backlog: defaults.backlog, enabled: true, proxy: nil,
      failingAlertAfter: defaults.failingAlertAfter, timeZone: defaults.timeZone,
      ignoreValidators: defaults.ignoreValidators, article: defaults.article, list: list)
  }
}
