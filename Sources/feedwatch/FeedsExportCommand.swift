import ArgumentParser
import Config
import FeedLists
import Foundation

/// `feedwatch feeds export`: every configured feed, as OPML a reader imports or as JSON.
struct FeedsExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write every configured feed as OPML (tags as categories) or JSON.",
    discussion: """
      Writes to standard output every feed the config watches, from "feeds" and "feedLists" \
      alike, disabled ones included.

      opml: an OPML 2.0 document for a feed reader: each feed in a folder named by its first \
      tag, every tag in its `category` attribute. Listed in "feedLists", it gives back the same \
      feeds, names and tags.
      json: {"feeds": [{"url", "name", "tags"}, …]}, in the shape of the config's "feeds" \
      (a disabled feed has "enabled": false), for jq or to paste into a config.

      Example: feedwatch feeds export --config /etc/feedwatch/config.json > feeds.opml
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case opml
    case json
  }

  @OptionGroup var configOptions: ConfigOptions

  @Option(help: "opml (for a feed reader) or json.")
  var format: Format = .opml

  /// One feed as the config's "feeds" writes it.
  struct ExportedFeed: Encodable {
    var url: String
    var name: String
    var tags: [String]
    var enabled: Bool?
  }

  func run() throws {
    let config = try configOptions.load()
    switch format {
    case .opml:
      let feeds = config.feeds.map { OPMLWriter.Feed(name: $0.name, url: $0.url, tags: $0.tags) }
      print(OPMLWriter.document(title: "feedwatch feeds", feeds: feeds), terminator: "")
    case .json:
      let feeds = config.feeds.map {
        ExportedFeed(url: $0.url, name: $0.name, tags: $0.tags, enabled: $0.enabled ? nil : false)
      }
      let encoder = JSONOutput.encoder(pretty: true)
      let data = try encoder.encode(["feeds": feeds])
      print(String(decoding: data, as: UTF8.self))
    }
  }
}
