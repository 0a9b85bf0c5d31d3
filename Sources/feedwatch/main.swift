import ArgumentParser

struct FeedwatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds and raise an alert when a watched subject appears.",
        subcommands: [ParseCommand.self])
}

FeedwatchCommand.main()
