import Foundation

/// One named thing from the shipped gazetteer, with all the spellings that refer to it.
struct GazetteerEntry: Sendable {
  var type: EntityType
  var canonical: String
  var phrases: [String]
  /// Spellings that are also everyday names ("Wagner", "Amal"; written `Wagner?` in
  /// the file): a faction only with a cue.
  var needCue: Set<String> = []
}

/// The shipped resources, read from the bundle once, lazily, into immutable values.
enum BuiltinData {
  /// places.tsv (countries and subdivisions from iso-codes) merged with gazetteer.tsv
  /// (factions, organisations, cities, demonyms): rows with the same canonical name merge.
  static let gazetteer: [GazetteerEntry] = {
    var entries: [GazetteerEntry] = []
    var indexByName: [String: Int] = [:]
    for file in ["places", "gazetteer"] {
      for line in lines(of: file, extension: "tsv") {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 2, let type = EntityType(rawValue: String(fields[0])) else {
          continue
        }
        let canonical = String(fields[1])
        let written =
          fields.count > 2
          ? fields[2].split(separator: "|").map(String.init).filter { !$0.isEmpty } : []
        let aliases = written.map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 }
        let needCue = Set(written.filter { $0.hasSuffix("?") }.map { String($0.dropLast()) })
        let key = canonical.lowercased()
        if let index = indexByName[key] {
          entries[index].type = type
          entries[index].phrases.append(contentsOf: aliases)
          entries[index].needCue.formUnion(needCue)
        } else {
          indexByName[key] = entries.count
          entries.append(
            GazetteerEntry(
              type: type, canonical: canonical, phrases: [canonical] + aliases, needCue: needCue))
        }
      }
    }
    return entries
  }()

  /// Lowercase English words (wamerican): tells a sentence-initial "Under" from a name.
  static let commonWords: Set<String> = Set(lines(of: "common-words", extension: "txt"))

  /// Given names, surnames and places from wamerican's capitalised entries: "John Smith"
  /// is a name although both words are also English words.
  static let properNames: Set<String> = Set(lines(of: "proper-names", extension: "txt"))

  /// The gazetteer compiled once into a names-mode matcher.
  static let gazetteerMatcher: NameMatcher = {
    var names: [NameMatcher.Name] = []
    for (index, entry) in gazetteer.enumerated() {
      for phrase in entry.phrases {
        names.append(
          NameMatcher.Name(
            canonical: entry.canonical, type: entry.type, watched: false, entry: index,
            phrase: phrase, requiresCapital: true, needsCue: entry.needCue.contains(phrase)))
      }
    }
    return NameMatcher(names: names)
  }()

  private static func lines(of name: String, extension ext: String) -> [String] {
    guard let url = Bundle.module.url(forResource: name, withExtension: ext),
      let data = try? Data(contentsOf: url)
    else { return [] }
    // Split by bytes: the word lists are large, and splitting their text by Characters costs
    // a tenth of a second at every start. The files are LF-terminated UTF-8.
    return data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      var lines: [String] = []
      var start = 0
      for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
        if index > start && bytes[start] != UInt8(ascii: "#") {
          let line = UnsafeBufferPointer(rebasing: bytes[start..<index])
          lines.append(String(decoding: line, as: UTF8.self))
        }
        start = index + 1
      }
      return lines
    }
  }
}
