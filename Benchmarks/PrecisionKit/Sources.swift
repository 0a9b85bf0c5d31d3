import FeedParser
import Foundation  // FileManager's directory test

/// Reads the items of a path for the harness: a feed file (RSS, Atom, RDF, JSON Feed), a
/// labelled corpus file (`.txt`), an article page directory (`expected.html`, the page's
/// main text, with `expected-metadata.json`'s title) or a directory of any of these.
public enum ItemSources {
  static let feedExtensions: Set<String> = ["xml", "rss", "atom", "rdf", "json"]

  public static func items(at path: String) throws -> [CorpusItem] {
    let url = URL(filePath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    if !isDirectory.boolValue { return try fileItems(url) }
    if FileManager.default.fileExists(atPath: url.appending(path: "expected.html").path) {
      return try pageItems(url)
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    return try names.flatMap { try items(at: url.appending(path: $0).path) }
  }

  private static func fileItems(_ url: URL) throws -> [CorpusItem] {
    let ext = url.pathExtension.lowercased()
    if ext == "txt" {
      let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
      return LabelledCorpus.items(in: text, source: url.lastPathComponent)
    }
    guard feedExtensions.contains(ext) else { return [] }
    guard case .success(let (_, items)) = parseFeed(Array(try Data(contentsOf: url))) else {
      return []
    }
    return items.enumerated().map { index, item in
      CorpusItem(
        source: "\(url.lastPathComponent)#\(index + 1)", title: item.title,
        body: item.content.flatMap { $0.isEmpty ? nil : $0 } ?? item.summary ?? "")
    }
  }

  private static func pageItems(_ directory: URL) throws -> [CorpusItem] {
    let html = String(
      decoding: try Data(contentsOf: directory.appending(path: "expected.html")), as: UTF8.self)
    let metadata = try? Data(contentsOf: directory.appending(path: "expected-metadata.json"))
    let title = metadata.flatMap { try? JSONDecoder().decode(PageMetadata.self, from: $0) }?.title
    return [
      CorpusItem(
        source: directory.lastPathComponent, title: title,
        body: HTMLText.plainText(fromHTML: html))
    ]
  }

  private struct PageMetadata: Decodable {
    var title: String?
  }
}
