import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

/// Writes the man page, feedwatch(1), from the commands' own help, so that the page and
/// `--help` cannot disagree. Hidden: packagers and `scripts/install` call it.
struct ManualCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "manual",
    abstract: "Write the feedwatch(1) man page, generated from the commands' help.",
    shouldDisplay: false)

  @Option(help: "The directory to write feedwatch.1 into; without it, standard output.")
  var outputDirectory: String?

  func run() throws {
    let page = ManualPage.render()
    guard let outputDirectory else {
      print(page, terminator: "")
      return
    }
    let path = outputDirectory + "/feedwatch.1"
    guard let file = fopen(path, "w") else {
      printError("cannot write \(path): \(String(cString: strerror(errno)))")
      throw ExitCode.failure
    }
    defer { fclose(file) }
    fputs(page, file)
  }
}

/// feedwatch(1) in roff: the top command's abstract and discussion, then each visible
/// command's help text as written for the terminal.
enum ManualPage {
  static func render() -> String {
    let top = FeedwatchCommand.configuration
    var page = """
      .TH FEEDWATCH 1 "" "feedwatch \(roff(FeedwatchInfo.version))" "User Commands"
      .SH NAME
      feedwatch \\- \(roff(top.abstract))
      .SH SYNOPSIS
      .B feedwatch
      .I command
      .RI [ options ]
      .SH DESCRIPTION

      """
    page += preformatted(top.discussion)
    page += ".SH COMMANDS\n"
    for command in top.subcommands where command.configuration.shouldDisplay {
      let name = command.configuration.commandName ?? "\(command)"
      page += ".SS \(roff(name))\n"
      page += preformatted(
        FeedwatchCommand.helpMessage(for: command, includeHidden: false, columns: 80))
    }
    page += """
      .SH FILES
      .TP
      .I /etc/feedwatch/config.json
      The service's config (docs/config.md).
      .TP
      .I /var/lib/feedwatch
      The service's state: the SQLite store and its lock.
      .TP
      .I /var/log/feedwatch/alerts.jsonl
      The alert log, one JSON object per line (docs/alerts.md).
      .SH SEE ALSO
      .BR systemctl (1),
      .BR journalctl (1),
      .BR jq (1)

      """
    return page
  }

  /// Text kept as laid out for the terminal, safe from roff's requests and escapes.
  private static func preformatted(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      let line = roff(String($0))
      return line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }
    return ".nf\n" + lines.joined(separator: "\n") + "\n.fi\n"
  }

  private static func roff(_ text: String) -> String {
    text.replacing("\\", with: "\\e").replacing("-", with: "\\-")
  }
}
