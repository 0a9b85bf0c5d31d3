#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The files logrotate made of an alert log beside it: `alerts.jsonl.1`, `alerts.jsonl.2.gz`, …
/// (numbered, the default) and `alerts.jsonl-20261201[.gz]` (`dateext`), so that reading the
/// log can span a rotation.
public struct AlertLogRotations: Sendable, Equatable {
  public enum Compression: Sendable, Equatable {
    case none
    case gzip
  }

  public struct File: Sendable, Equatable {
    public var path: String
    public var compression: Compression
  }

  /// Oldest first: dated rotations by date, then numbered ones from the highest number down.
  public var readable: [File]
  /// Rotations compressed with something other than gzip (`compresscmd xz` and the like).
  public var unreadable: [String]

  /// The rotations of `path`, found by listing its folder.
  public init(of path: String) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    self.init(of: url.lastPathComponent, among: names, in: folder)
  }

  /// The rotations of the log named `base` among the file `names` of `folder`.
  init(of base: String, among names: [String], in folder: String) {
    var numbered: [(number: Int, file: File)] = []
    var dated: [(date: String, file: File)] = []
    var unreadable: [String] = []
    for name in names where name.count > base.count && name.hasPrefix(base) {
      var suffix = Substring(name.dropFirst(base.count))
      var compression = Compression.none
      if suffix.hasSuffix(".gz") {
        suffix = suffix.dropLast(3)
        compression = .gzip
      } else if let other = Self.otherCompressions.first(where: { suffix.hasSuffix($0) }) {
        suffix = suffix.dropLast(other.count)
        if Self.rotationMark(suffix) != nil { unreadable.append(folder + "/" + name) }
        continue
      }
      let file = File(path: folder + "/" + name, compression: compression)
      switch Self.rotationMark(suffix) {
      case .number(let number): numbered.append((number, file))
      case .date(let date): dated.append((date, file))
      case nil: continue
      }
    }
    readable =
      dated.sorted { $0.date < $1.date }.map(\.file)
      + numbered.sorted { $0.number > $1.number }.map(\.file)
    self.unreadable = unreadable.sorted()
  }

  private enum Mark {
    case number(Int)
    case date(String)
  }

  /// `.N` for a numbered rotation, `-DATE` (digits, with `-` or `_` between) for a dated one.
  private static func rotationMark(_ suffix: Substring) -> Mark? {
    guard let first = suffix.first else { return nil }
    let rest = suffix.dropFirst()
    guard !rest.isEmpty else { return nil }
    if first == ".", rest.allSatisfy(\.isASCIIDigit), let number = Int(rest) {
      return .number(number)
    }
    if first == "-", rest.first?.isASCIIDigit == true,
      rest.allSatisfy({ $0.isASCIIDigit || $0 == "-" || $0 == "_" })
    {
      return .date(String(rest))
    }
    return nil
  }

  private static let otherCompressions = [".xz", ".bz2", ".zst", ".lz4", ".lzma", ".Z"]
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
