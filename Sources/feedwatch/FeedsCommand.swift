import ArgumentParser

/// `feedwatch feeds …`: the configured feeds, for other tools.
struct FeedsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feeds",
    abstract: "The configured feeds, for readers and other tools.",
    discussion: """
      Feeds come from the config's "feeds" and from the files of its "feedLists" (OPML \
      exports of a feed reader, or plain lists of URLs); `feedwatch check` shows both.
      """,
    subcommands: [FeedsExportCommand.self])
}
