import Foundation

/// One feed file of the shared corpus, with what a fetch would have told the parser about it.
struct CorpusDocument: Sendable {
  /// Where it is reported: `conformance/<path in the suite>` or `realfeeds/<file>`.
  var name: String
  var bytes: [UInt8]
  /// The URL it was "fetched" from (conformance HTTP tests only).
  var url: String?
  /// Response headers (conformance HTTP tests only).
  var headers: [(name: String, value: String)]

  var contentType: String? {
    headers.first { $0.name.lowercased() == "content-type" }?.value
  }
}

struct CorpusMissing: Error, CustomStringConvertible {
  var description: String
}

/// The feed files of the conformance suite and of the real publishers' feeds, both kept in the
/// `shared/` folder beside the checkout (CI puts it there).
enum SharedCorpus {
  /// `shared/` beside the checkout: this file is `<checkout>/Tests/ReaderDifferentialTests/…`.
  static var sharedFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../../shared").standardizedFileURL
  }

  /// Where run.py lives: `$CONFORMANCE_DIR` as for scripts/conformance, else `shared/conformance`.
  static var conformanceFolder: URL {
    if let dir = ProcessInfo.processInfo.environment["CONFORMANCE_DIR"], !dir.isEmpty {
      return URL(fileURLWithPath: dir)
    }
    return sharedFolder.appendingPathComponent("conformance")
  }

  static var realFeedsFolder: URL { sharedFolder.appendingPathComponent("realfeeds") }

  static func load() throws -> [CorpusDocument] {
    try conformanceDocuments() + realFeedDocuments()
  }

  // MARK: conformance suite

  /// URL prefix the original suite served its HTTP tests from (run.py's HTTP_BASE).
  private static let httpBase = "http://127.0.0.1:8097/tests/"

  /// Every `*.xml` under run.py's two test roots (run.py also wants an `Expect:` line, which
  /// every one has), HTTP tests given the URL and headers run.py emulates.
  static func conformanceDocuments() throws -> [CorpusDocument] {
    let folder = conformanceFolder
    guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("run.py").path)
    else {
      throw CorpusMissing(
        description: "no run.py in \(folder.path): the conformance suite belongs in shared/ "
          + "beside the checkout (or set CONFORMANCE_DIR)")
    }
    var documents: [CorpusDocument] = []
    for root in ["feedparser-tests", "extra-tests"] {
      let rootURL = folder.appendingPathComponent(root)
      for relative in try xmlFiles(under: rootURL) {
        let bytes = [UInt8](try Data(contentsOf: rootURL.appendingPathComponent(relative)))
        var document = CorpusDocument(
          name: "conformance/" + relative, bytes: bytes, url: nil, headers: [])
        if relative.contains("http") {
          document.url = httpBase + relative
          document.headers = emulatedHeaders(headerText(bytes), length: bytes.count)
        }
        documents.append(document)
      }
    }
    guard !documents.isEmpty else {
      throw CorpusMissing(description: "no test feeds found in \(folder.path)")
    }
    return documents
  }

  private static func xmlFiles(under root: URL) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
      throw CorpusMissing(description: "cannot list \(root.path)")
    }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      if relative.hasSuffix(".xml") { files.append(relative) }
    }
    return files.sorted()
  }

  /// The file decoded well enough to read its header comment (run.py's `sniff_text`).
  private static func headerText(_ bytes: [UInt8]) -> String {
    let data = Data(bytes)
    let marks: [([UInt8], String.Encoding, Int)] = [
      ([0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian, 4),
      ([0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian, 4),
      ([0x00, 0x00, 0x00, 0x3C], .utf32BigEndian, 0),
      ([0x3C, 0x00, 0x00, 0x00], .utf32LittleEndian, 0),
      ([0x00, 0x3C, 0x00, 0x3F], .utf16BigEndian, 0),
      ([0x3C, 0x00, 0x3F, 0x00], .utf16LittleEndian, 0),
      ([0xFE, 0xFF], .utf16BigEndian, 2), ([0xFF, 0xFE], .utf16LittleEndian, 2),
    ]
    for (mark, encoding, drop) in marks where bytes.starts(with: mark) {
      if let text = String(data: data.dropFirst(drop), encoding: encoding) { return text }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// run.py's `http_emulation`: `Content-Type: application/xml` unless a `Header:` line says
  /// otherwise, the `Header:` lines, and the body's length.
  private static func emulatedHeaders(_ text: String, length: Int) -> [(
    name: String, value: String
  )] {
    var headers: [(name: String, value: String)] = [("Content-Type", "application/xml")]
    for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Header:") {
      let field = line.dropFirst("Header:".count)
      guard let colon = field.firstIndex(of: ":") else { continue }
      var name = field[..<colon].trimmingCharacters(in: .whitespaces)
      let value = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if name.lowercased() == "content-type" { name = "Content-Type" }
      if let index = headers.firstIndex(where: { $0.name == name }) {
        headers[index].value = value
      } else {
        headers.append((name, value))
      }
    }
    headers.append(("Content-Length", String(length)))
    return headers
  }

  // MARK: real publishers' feeds

  /// The files MANIFEST.tsv lists (its first column), read as they are, without URL or headers.
  static func realFeedDocuments() throws -> [CorpusDocument] {
    let folder = realFeedsFolder
    let manifest = folder.appendingPathComponent("MANIFEST.tsv")
    guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
      throw CorpusMissing(
        description: "no \(manifest.path): the real feeds belong in shared/realfeeds beside "
          + "the checkout")
    }
    return try text.split(whereSeparator: \.isNewline).dropFirst().map { line in
      let file = String(line.prefix { $0 != "\t" })
      let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
      return CorpusDocument(name: "realfeeds/" + file, bytes: bytes, url: nil, headers: [])
    }
  }
}
