import Foundation

/// The real programs the tests talk to the endpoint with: curl, promtool, prometheus,
/// python3 (for an SQLite lock held by another process). `scripts/setup --tests` installs them.
enum Tool {
  struct Run {
    var status: Int32
    var output: String
    var errors: String
  }

  /// The program's path on $PATH, or nil.
  static func path(_ name: String) -> String? {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(
      separator: ":")
    return folders.map { "\($0)/\(name)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Runs `name` to its end; `input` goes to its standard input.
  @discardableResult
  static func run(_ name: String, _ arguments: [String], input: String? = nil) throws -> Run {
    guard let executable = path(name) else { throw ToolError.missing(name) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
    }
    // Both read before waiting, one on another thread: a full pipe would stop the child.
    let errorBox = DataBox()
    let reader = Thread { errorBox.data = errors.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    let err = errorBox.data
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
      errors: String(decoding: err, as: UTF8.self))
  }

  /// `curl` of `url`: the HTTP status, the headers and the body.
  static func curl(_ url: String, _ options: [String] = []) throws -> (
    status: Int, headers: String, body: String
  ) {
    let run = try Tool.run(
      "curl",
      ["-s", "-S", "--max-time", "20", "-D", "/dev/stderr", "-w", "\n%{http_code}"] + options + [
        url
      ])
    var lines = run.output.components(separatedBy: "\n")
    let status = Int(lines.removeLast()) ?? 0
    return (status, run.errors, lines.joined(separator: "\n"))
  }
}

enum ToolError: Error, CustomStringConvertible {
  case missing(String)

  var description: String {
    switch self {
    case .missing(let name): "\(name) is not installed: run scripts/setup --tests"
    }
  }
}

final class DataBox: @unchecked Sendable {
  var data = Data()
}
