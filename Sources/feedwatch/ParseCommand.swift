import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse a feed file and print it as JSON.")
    @Argument(help: "The feed file.") var file: String
    func run() throws { print("{}") }
}
