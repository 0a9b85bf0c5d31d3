import ArgumentParser
import Daemon
import Watch

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Read the alert log.",
        discussion: """
            Reads the JSON Lines alert log named by the config's alertLog (or --log). Readable text by \
            default; --json prints the matching lines as they are, for jq. Examples:
              feedwatch alerts --since 2h
              feedwatch alerts --rule withdrawal --json | jq -r '.item.link'
              feedwatch alerts --follow
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("The config whose alertLog to read.", valueName: "file"))
    var config: String = ConfigOptions.defaultConfigPath

    @Option(help: ArgumentHelp("Read this alert log instead of the config's.", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("Only alerts from the last DURATION (90s, 15m, 2h, 1d).", valueName: "duration"))
    var since: String?

    @Option(help: ArgumentHelp("Only alerts of this rule (repeatable).", valueName: "name"))
    var rule: [String] = []

    @Option(help: ArgumentHelp("Only alerts from this feed (by name; repeatable).", valueName: "name"))
    var feed: [String] = []

    @Flag(help: "Print the alert lines as JSON (one per line), unchanged.")
    var json = false

    @Flag(name: [.short, .long], help: "Keep printing new alerts as they are written (follows log rotation).")
    var follow = false

    func run() throws {
        let path = try logPath()
        var cutoff: Date?
        if let since {
            guard let seconds = DurationText.seconds(since) else {
                throw ValidationError("--since \(since): write a duration such as 90s, 15m, 2h or 1d")
            }
            cutoff = Date().addingTimeInterval(-seconds)
        }
        var reader = LogTail(path: path)
        guard reader.exists || follow else {
            printError("no alert log at \(path) yet: the daemon creates it with the first alert")
            throw ExitCode.failure
        }
        var skipped = 0
        while true {
            for line in reader.readNewLines() {
                guard let alert = try? Alert.decode(jsonLine: line) else {
                    skipped += 1
                    continue
                }
                guard matches(alert, cutoff: cutoff) else { continue }
                print(json ? line : Self.render(alert))
            }
            fflush(nil)
            if !follow { break }
            usleep(500_000)
        }
        if skipped > 0 {
            printError("skipped \(skipped) line\(skipped == 1 ? "" : "s") that are not alerts of this version")
        }
    }

    private func logPath() throws -> String {
        if let log { return log }
        do {
            return try ConfigLoader.load(path: config).alertLogPath
        } catch {
            printError("\(error) (or name the log with --log FILE)")
            throw ExitCode(FeedwatchInfo.configExitCode)
        }
    }

    private func matches(_ alert: Alert, cutoff: Date?) -> Bool {
        if let cutoff, alert.time < cutoff { return false }
        if !rule.isEmpty, !rule.contains(alert.rule) { return false }
        if !feed.isEmpty, !feed.contains(alert.feed.name) { return false }
        return true
    }

    static func render(_ alert: Alert) -> String {
        var lines = [
            "\(alert.time.formatted(.iso8601))  \(alert.severity.rawValue.uppercased())  \(alert.rule)  · \(alert.feed.name)",
            "  \(alert.item.title ?? "(untitled)")",
        ]
        if let link = alert.item.link { lines.append("  \(link)") }
        for match in alert.matches {
            let who = match.speaker.map { " (\($0))" } ?? ""
            lines.append("  \(match.kind) \(match.term)\(who): \(match.text)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Reads a growing file line by line; notices when logrotate replaced it.
struct LogTail {
    let path: String
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    private var pending: [UInt8] = []

    init(path: String) {
        self.path = path
        open()
    }

    var exists: Bool { fd >= 0 }

    private mutating func open() {
        fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        var st = stat()
        if fd >= 0, fstat(fd, &st) == 0 { inode = st.st_ino }
    }

    mutating func readNewLines() -> [String] {
        var st = stat()
        if stat(path, &st) == 0, st.st_ino != inode || fd < 0 {
            // Rotated (or created): finish the old file, then read the new one from its start.
            var lines = drain()
            if fd >= 0 { close(fd) }
            pending = []
            open()
            lines += drain()
            return lines
        }
        return drain()
    }

    private mutating func drain() -> [String] {
        guard fd >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            pending += buffer.prefix(n)
        }
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = pending[..<lastNewline]
        pending = Array(pending[(lastNewline + 1)...])
        return complete.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }
}
