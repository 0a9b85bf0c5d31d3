import FeedParser
import TextTrimming

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// One text to run the rules over, with the rules it should fire (when it is labelled).
public struct CorpusItem: Sendable {
  /// Where it came from: a file, and the item's place in it.
  public var source: String
  public var title: String?
  public var body: String
  /// Rule names the item is about; nil when unlabelled (real feeds and pages).
  public var labels: Set<String>?

  public init(source: String, title: String?, body: String, labels: Set<String>? = nil) {
    self.source = source
    self.title = title
    self.body = body
    self.labels = labels
  }
}

/// The labelled corpus format: items one after another, each opened by a line
/// `=== ` + the rule names it should fire (none for an item about none of them), then the
/// title line, then the body up to the next `===` line. Lines starting with `#` before the
/// first item are comments.
public enum LabelledCorpus {
  static let marker = "=== "

  public static func items(in text: String, source: String) -> [CorpusItem] {
    var items: [CorpusItem] = []
    var labels: Set<String>?
    var lines: [Substring] = []
    func close() {
      guard let labels else { return }
      let title = lines.first.map { String($0).trimmingWhitespace() }
      let body = lines.dropFirst().joined(separator: "\n").trimmingWhitespace()
      items.append(
        CorpusItem(
          source: "\(source)#\(items.count + 1)", title: title, body: body, labels: labels))
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix(marker) || line == "===" {
        close()
        labels = Set(line.dropFirst(3).split(separator: " ").map(String.init))
        lines = []
      } else if labels != nil {
        lines.append(line)
      }
    }
    close()
    return items
  }

  /// Every `.txt` file of a directory, in name order.
  public static func items(inDirectory directory: URL) throws -> [CorpusItem] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".txt") }.sorted()
    return try names.flatMap { name in
      let data = try Data(contentsOf: directory.appending(path: name))
      return items(in: String(decoding: data, as: UTF8.self), source: name)
    }
  }
}
