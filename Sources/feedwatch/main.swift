import ArgumentParser

struct FeedwatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feedwatch",
    abstract: "Watch news feeds and raise an alert the moment a watched subject appears.",
    discussion: """
      feedwatch polls RSS, Atom and JSON feeds, reads every new item (who is named, who said \
      what, how many, about what) and appends an alert to a JSON Lines log when one of your \
      rules matches — once per item and rule, never lost, never twice.

      Typical use:
        feedwatch check --config config.json     validate the config, show what is watched
        feedwatch once  --config config.json     poll every feed now, print one line per feed
        feedwatch run   --config config.json     the service (systemd runs this)
        feedwatch poll  --config config.json     ask the running service to poll now
        feedwatch alerts --config config.json --since 2h
        feedwatch sinks test ops-mail --config config.json   try one sink
        feedwatch extract article.txt            what the extraction core reads in a text
        feedwatch feeds export > feeds.opml       the feeds, for a feed reader
      """,
    version: FeedwatchInfo.version,
    subcommands: [
      RunCommand.self, OnceCommand.self, CheckCommand.self, AlertsCommand.self, StatusCommand.self,
      PollCommand.self, ParseCommand.self, ExtractCommand.self, StoreCommand.self,
      ArticleCommand.self, FeedsCommand.self, ManualCommand.self, SinksCommand.self,
    ])
}

FeedwatchCommand.main()
