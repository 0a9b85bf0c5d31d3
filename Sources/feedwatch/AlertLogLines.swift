import ArgumentParser
import Delivery

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The lines of an alert log and of the rotations logrotate left beside it, oldest first.
enum AlertLogLines {
  /// Every line of the rotations (those last written before `since` skipped: all their alerts
  /// are older) and of the log itself, which `tail` reads on from where it stops.
  static func read(_ path: String, since: Date?, tail: inout LogTail) throws -> [String] {
    let rotations = AlertLogRotations(of: path)
    for name in rotations.unreadable {
      printNote("skipped \(name): rotations are read plain or gzip-compressed only")
    }
    var lines: [String] = []
    for file in rotations.readable {
      if let since, let written = modified(file.path), written < since { continue }
      do {
        lines += try file.lines()
      } catch {
        printError("\(error)")
        throw ExitCode.failure
      }
    }
    return lines + tail.readNewLines()
  }

  static func read(_ path: String, since: Date?) throws -> [String] {
    var tail = LogTail(path: path)
    return try read(path, since: since, tail: &tail)
  }

  /// Whether there is anything to read: the log or one of its rotations.
  static func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path) || !AlertLogRotations(of: path).readable.isEmpty
  }

  private static func modified(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}
