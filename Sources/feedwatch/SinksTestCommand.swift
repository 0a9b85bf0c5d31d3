import ArgumentParser
import Config
import Delivery
import Fetcher
import Logging

/// `feedwatch sinks test NAME`: one sample alert through one sink, and what came back.
struct SinksTestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Send a sample alert through one sink and print what the far end answered.",
    discussion: """
      The sample alert has rule "feedwatch-test" and feed "feedwatch"; it is not stored in \
      the outbox, so the daemon never sends it again (a jsonl sink gets its line, which \
      `feedwatch alerts` then lists). Prints the receiver's answer: an HTTP status and the \
      start of its body, the mail server's reply, an exit status. Exit status 0 when the \
      sink took the alert, 1 when it did not (the error says whether the daemon would retry \
      or park it).
      """)

  @OptionGroup var configOptions: ConfigOptions
  @OptionGroup var logOptions: LogOptions

  @Argument(help: "The sink's name, as `feedwatch sinks` lists it.")
  var name: String

  func run() throws {
    try logOptions.bootstrap()
    let config = try configOptions.load()
    guard let configured = config.sink(named: name) else {
      throw usageError(
        "no sink is named \"\(name)\"\(NearestNames.didYouMean(name, among: config.sinks.map(\.name)))"
          + " (`feedwatch sinks` lists them)")
    }
    let logger = Logger(label: "feedwatch")
    let fetcher = Fetcher(maxConcurrent: 1, logger: logger, politeness: .unlimited)
    defer { fetcher.shutdown() }
    let sink: any AlertSink
    do {
      sink = try SinkFactory.sink(configured, fetcher: fetcher, logger: logger)
    } catch {
      printError("\(SinkIdentity(configured).redact("\(error)"))")
      throw ExitCode.failure
    }
    let identity = sink.identity
    print("sink \(identity.described): sending a test alert")
    let answer = sink.probe(SampleAlert.make())
    if !answer.reply.isEmpty { print("answer: \(identity.redact(answer.reply))") }
    switch answer.outcome {
    case .delivered:
      print("delivered")
    case .retry(let error):
      printError("not delivered: \(identity.redact(error)) (the daemon would retry it)")
      throw ExitCode.failure
    case .park(let error):
      printError("not delivered: \(identity.redact(error)) (the daemon would park it)")
      throw ExitCode.failure
    }
  }
}
