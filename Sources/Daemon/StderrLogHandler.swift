public import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// One line per event on stderr: `LEVEL message key=value …`. Under systemd (JOURNAL_STREAM set)
/// each line starts with a `<N>` syslog priority so journald records the level, and no time is
/// printed because the journal adds its own.
public struct StderrLogHandler: LogHandler {
  public var logLevel: Logger.Level
  public var metadata: Logger.Metadata = [:]
  private let label: String
  private let underJournal: Bool

  public init(label: String, level: Logger.Level) {
    self.label = label
    self.logLevel = level
    self.underJournal = getenv("JOURNAL_STREAM") != nil
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var fields = metadata
    if let extra = event.metadata { fields.merge(extra) { _, new in new } }
    var line = underJournal ? "<\(Self.syslogPriority(event.level))>" : Self.timestamp() + " "
    line += event.level.rawValue.uppercased() + " " + event.message.description
    for key in fields.keys.sorted() {
      line += " \(key)=\(Self.quoted(fields[key]!.description))"
    }
    line += "\n"
    // One write per line so concurrent lines never interleave.
    var bytes = Array(line.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }

  static func quoted(_ value: String) -> String {
    if !value.isEmpty,
      !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
    {
      return value
    }
    let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
      .replacing("\n", with: "\\n")
    return "\"\(escaped)\""
  }

  static func syslogPriority(_ level: Logger.Level) -> Int {
    switch level {
    case .trace, .debug: return 7
    case .info: return 6
    case .notice: return 5
    case .warning: return 4
    case .error: return 3
    case .critical: return 2
    }
  }

  static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
