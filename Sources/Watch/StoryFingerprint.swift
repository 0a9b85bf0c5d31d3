#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A 64-bit SimHash of a news item, so the same story carried by many feeds (wire copy,
/// aggregators, re-titled updates) raises one alert.
///
/// Words are case- and accent-folded with punctuation dropped; datelines ("BAGHDAD (AP) —"),
/// bylines, credit lines and "Read more" tails are dropped; "UPDATE 2-" prefixes and
/// " | Outlet" suffixes leave the title. The fingerprint is the SimHash of the item's
/// 3-word shingles over at most the first `wordLimit` words of the body; shingles in the
/// first `leadWords` words weigh `leadWeight` (the lead identifies a story: syndication trims
/// and appends at the end), the title and the rest of the body weigh 1. Feature hashes are
/// FNV-1a with a murmur finaliser, so the value is the same on every run and machine (Swift's
/// `Hasher` is seeded per process).
///
/// Short items: with fewer than `minimumShingles` shingles a SimHash is decided by a handful
/// of common phrases, so such an item's value is instead a hash of its whole normalised title
/// and text: it matches only an item with exactly the same words, and a short headline never
/// absorbs a different story.
public struct StoryFingerprint: Sendable, Hashable, Codable {
  public let value: UInt64

  public init(value: UInt64) {
    self.value = value
  }

  /// From an item's title and plain text (HTML already stripped). Deterministic across runs
  /// and machines.
  public init(title: String?, text: String) {
    let titleWords = StoryWords.title(title ?? "")
    let bodyWords = StoryWords.body(text, limit: Self.wordLimit)
    self.value = Self.fingerprint(titleWords: titleWords, bodyWords: bodyWords)
  }

  /// Hamming distance: the number of differing bits.
  public func distance(to other: StoryFingerprint) -> Int {
    (value ^ other.value).nonzeroBitCount
  }

  /// Two items are the same story when their distance is at most this. Measured on the
  /// evaluation set in Tests/WatchTests/Fixtures/stories with Benchmarks/StoryPrecision:
  /// no different-story pair there comes closer than 19, and 10 keeps precision at 1.
  public static let threshold = 10

  public func isSameStory(as other: StoryFingerprint) -> Bool {
    distance(to: other) <= Self.threshold
  }

  /// Items with fewer shingles than this only match on exactly the same normalised words.
  public static let minimumShingles = 8
  /// Words per shingle.
  static let shingleLength = 3
  /// Body words read at most: the opening of a story identifies it, and speed stays flat.
  static let wordLimit = 2_000
  /// Weight of a title shingle (re-titling is common, so no more than body text).
  static let titleWeight: Int32 = 1
  /// Words of the lead, and the weight of a shingle starting there.
  static let leadWords = 60
  static let leadWeight: Int32 = 3

  static func fingerprint(titleWords: [UInt64], bodyWords: [UInt64]) -> UInt64 {
    var simHash = SimHashAccumulator()
    let titleCount = simHash.addShingles(of: titleWords, weight: titleWeight)
    let bodyCount = simHash.addShingles(
      of: bodyWords,
      weightAt: { position in
        position < leadWords ? leadWeight : 1
      })
    if titleCount + bodyCount >= minimumShingles {
      return simHash.value
    }
    // Exact-words hash; the marker keeps "title A, no text" apart from "no title, text A".
    var exact = FNV1a()
    for word in titleWords { exact.add(word) }
    exact.add(0x5449_544C_455F_454E)
    for word in bodyWords { exact.add(word) }
    return mix64(exact.value)
  }
}

/// Per-bit weighted votes of feature hashes; a bit of the result is set where the votes
/// for 1 outweigh the votes for 0.
struct SimHashAccumulator {
  private var votes = [Int32](repeating: 0, count: 64)

  /// Adds every `StoryFingerprint.shingleLength`-word shingle of `words` (one shingle of all
  /// words when there are fewer) and returns how many it added.
  mutating func addShingles(of words: [UInt64], weight: Int32) -> Int {
    addShingles(of: words) { _ in weight }
  }

  mutating func addShingles(of words: [UInt64], weightAt weight: (Int) -> Int32) -> Int {
    let length = StoryFingerprint.shingleLength
    guard !words.isEmpty else { return 0 }
    guard words.count >= length else {
      var hash: UInt64 = 0
      for word in words { hash = mix64(hash ^ word) }
      add(hash, weight: weight(0))
      return 1
    }
    for start in 0...(words.count - length) {
      var hash: UInt64 = 0
      for word in words[start..<(start + length)] { hash = mix64(hash ^ word) }
      add(hash, weight: weight(start))
    }
    return words.count - length + 1
  }

  private mutating func add(_ hash: UInt64, weight: Int32) {
    votes.withUnsafeMutableBufferPointer { votes in
      var bits = hash
      for bit in 0..<64 {
        // +weight for a 1 bit, -weight for a 0 bit, without a branch.
        votes[bit] &+= (Int32(truncatingIfNeeded: bits & 1) &* 2 &- 1) &* weight
        bits >>= 1
      }
    }
  }

  var value: UInt64 {
    var result: UInt64 = 0
    for bit in 0..<64 where votes[bit] > 0 {
      result |= 1 << UInt64(bit)
    }
    return result
  }
}

/// 64-bit FNV-1a, fed whole words (8 bytes, little-endian) or single bytes.
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(byte: UInt8) {
    value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
  }

  mutating func add(_ word: UInt64) {
    var rest = word
    for _ in 0..<8 {
      add(byte: UInt8(truncatingIfNeeded: rest))
      rest >>= 8
    }
  }
}

/// Murmur3's 64-bit finaliser: spreads FNV's weak high bits over all 64.
@inline(__always)
func mix64(_ input: UInt64) -> UInt64 {
  var x = input
  x ^= x >> 33
  x &*= 0xff51_afd7_ed55_8ccd
  x ^= x >> 33
  x &*= 0xc4ce_b9fe_1a85_ec53
  x ^= x >> 33
  return x
}

/// The words of a story as 64-bit hashes of their folded form, with boilerplate left out.
enum StoryWords {
  /// Title words after dropping wire prefixes ("UPDATE 2-", "BREAKING:") and outlet
  /// suffixes (" | Outlet", " - Reuters").
  static func title(_ title: String) -> [UInt64] {
    var title = StoryTitle.stripped(title)
    return title.withUTF8 { bytes in
      var scanner = WordScanner(bytes: bytes, position: 0)
      var words: [UInt64] = []
      while scanner.nextParagraph(into: &words) {}
      return words
    }
  }

  /// Body words, at most `limit`: a leading dateline and boilerplate paragraphs (bylines,
  /// credit and copyright lines, "Read more" links) are left out.
  static func body(_ text: String, limit: Int) -> [UInt64] {
    var text = text
    return text.withUTF8 { bytes in
      var scanner = WordScanner(bytes: bytes, position: 0)
      var words: [UInt64] = []
      var paragraph: [UInt64] = []
      var more = true
      while more && words.count < limit {
        paragraph.removeAll(keepingCapacity: true)
        // The dateline opens the first line of the story, which may follow a byline.
        if words.isEmpty { scanner.position = Dateline.end(in: bytes, from: scanner.position) }
        more = scanner.nextParagraph(into: &paragraph)
        if Boilerplate.isBoilerplate(paragraph) { continue }
        Boilerplate.dropTail(of: &paragraph)
        words.append(contentsOf: paragraph)
      }
      if words.count > limit { words.removeLast(words.count - limit) }
      return words
    }
  }

  /// The hash of one already-folded ASCII word, as the scanner computes it.
  static func hash(_ word: String) -> UInt64 {
    var hash = FNV1a()
    for byte in word.utf8 { hash.add(byte: byte) }
    return hash.value
  }
}

/// Splits UTF-8 text into folded words (lowercase, Latin accents removed, apostrophes and
/// digit group separators inside words dropped), one paragraph (line) at a time.
struct WordScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var position: Int

  /// Base letters for U+00C0…U+017F, one per scalar ("-" = not a letter).
  private static let latinBase: [UInt8] = Array(
    ("aaaaaaaceeeeiiiidnooooo-ouuuuyts" + "aaaaaaaceeeeiiiidnooooo-ouuuuyty"
      + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
      + "nnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs").utf8)

  /// Appends the words up to the next line break to `words`; false at the end of the text.
  mutating func nextParagraph(into words: inout [UInt64]) -> Bool {
    var word = FNV1a()
    var inWord = false
    func endWord() {
      if inWord { words.append(word.value) }
      word = FNV1a()
      inWord = false
    }
    while position < bytes.count {
      let byte = bytes[position]
      if byte < 0x80 {
        position += 1
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          word.add(byte: byte)
          inWord = true
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          word.add(byte: byte | 0x20)
          inWord = true
        case UInt8(ascii: "'"):
          if !(inWord && nextIsLetter()) { endWord() }
        case UInt8(ascii: "."), UInt8(ascii: ","):
          // "2,500" and "2.5" stay one word.
          if !(inWord && isDigit(at: position - 2) && isDigit(at: position)) { endWord() }
        case UInt8(ascii: "\n"):
          endWord()
          return true
        default:
          endWord()
        }
        continue
      }
      let scalar = decodeScalar()
      let value = scalar.value
      switch value {
      case 0x2018, 0x2019, 0x02BC:
        if !(inWord && nextIsLetter()) { endWord() }
      case 0x0300...0x036F:
        continue  // combining accents: "e\u{301}" folds like "é"
      case 0x00C0...0x017F where Self.latinBase[Int(value - 0xC0)] != UInt8(ascii: "-"):
        word.add(byte: Self.latinBase[Int(value - 0xC0)])
        inWord = true
      case 0x3040...0x30FF, 0x3400...0x9FFF:
        // Kana and CJK ideographs are written without spaces: each is a word.
        endWord()
        for byte in String(scalar).utf8 { word.add(byte: byte) }
        inWord = true
        endWord()
      default:
        if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber {
          for byte in scalar.properties.lowercaseMapping.utf8 { word.add(byte: byte) }
          inWord = true
        } else {
          endWord()
        }
      }
    }
    endWord()
    return false
  }

  private mutating func decodeScalar() -> Unicode.Scalar {
    let lead = bytes[position]
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
    for offset in 1..<length where position + offset < bytes.count {
      value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
    }
    position += length
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  private func nextIsLetter() -> Bool {
    guard position < bytes.count else { return false }
    let byte = bytes[position] | 0x20
    return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || bytes[position] >= 0xC0
  }

  private func isDigit(at index: Int) -> Bool {
    guard index >= 0, index < bytes.count else { return false }
    return bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
  }
}

/// A wire dateline opening the text: "WASHINGTON (AP) —", "NEW YORK, July 27 (Reuters) -".
enum Dateline {
  /// Where the story proper starts: after the dateline's dash, or `position` (where the
  /// line starts) when there is none.
  /// A dateline starts with a word in capitals, every word before the first comma or
  /// parenthesis is in capitals, and the dash comes within the first 100 bytes of the line.
  static func end(in bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
    var start = position
    while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x09
    {
      start += 1
    }
    var index = start
    var capitalsOnly = true
    var sawLetter = false
    while index < min(bytes.count, start + 100) {
      let byte = bytes[index]
      if byte == 0x0A { return position }
      if let dashLength = dashLength(at: index, in: bytes) {
        return sawLetter ? index + dashLength : 0
      }
      if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "(") { capitalsOnly = false }
      if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
        if capitalsOnly || !sawLetter { return position }
      }
      if byte == UInt8(ascii: ".") && index + 1 < bytes.count && bytes[index + 1] == 0x20 {
        return position  // a sentence ended: this is prose, not a dateline
      }
      if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { sawLetter = true }
      index += 1
    }
    return position
  }

  /// " - ", " -- ", " — ", " – " (spaces around the dash) or "—" alone.
  private static func dashLength(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    func matches(_ pattern: [UInt8]) -> Bool {
      index + pattern.count <= bytes.count
        && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }
    for pattern in dashes where matches(pattern) { return pattern.count }
    return nil
  }

  private static let dashes: [[UInt8]] = [
    Array(" - ".utf8), Array(" -- ".utf8), Array(" \u{2014} ".utf8), Array(" \u{2013} ".utf8),
    Array("\u{2014}".utf8),
  ]
}

/// Lines that syndication adds or changes without changing the story.
enum Boilerplate {
  /// Longest line that can be boilerplate; longer lines are story text.
  static let maximumWords = 40

  private static func phrase(_ text: String) -> [UInt64] {
    text.split(separator: " ").map { StoryWords.hash(String($0)) }
  }

  /// A line of up to `maximumWords` that opens with one of these is boilerplate.
  private static let openings: [[UInt64]] = [
    "read more", "continue reading", "click here", "copyright", "all rights reserved",
    "reporting by", "additional reporting", "editing by", "writing by", "compiled by",
    "editors note", "this story has been", "this article has been",
  ].map(phrase)

  /// Labels that may also open a sentence of the story ("Published figures show…"): only a
  /// line of up to `maximumLabelWords` that opens with one of these is boilerplate.
  private static let labels: [[UInt64]] = [
    "sign up", "subscribe", "follow us", "related", "advertisement", "share this", "photo",
    "image", "filed under", "tags", "see also", "updated", "last updated", "published",
  ].map(phrase)
  static let maximumLabelWords = 12

  /// A short line containing one of these is boilerplate.
  private static let inner: [[UInt64]] = [
    "contributed to this report", "appeared first on", "all rights reserved",
    "originally published", "may not be published broadcast rewritten",
  ].map(phrase)

  /// A link to the full story near the end of the last line: cut from there.
  private static let tails: [[UInt64]] = ["read more", "continue reading", "read the full"].map(
    phrase)

  private static let by = StoryWords.hash("by")

  static func isBoilerplate(_ words: [UInt64]) -> Bool {
    guard words.count <= maximumWords else { return false }
    if words.first == by && words.count <= 8 { return true }  // byline
    if openings.contains(where: { words.starts(with: $0) }) { return true }
    if words.count <= maximumLabelWords && labels.contains(where: { words.starts(with: $0) }) {
      return true
    }
    return inner.contains { phrase in index(of: phrase, in: words, from: 0) != nil }
  }

  static func dropTail(of words: inout [UInt64]) {
    let from = max(0, words.count - 12)
    for phrase in tails {
      if let cut = index(of: phrase, in: words, from: from) {
        words.removeSubrange(cut...)
      }
    }
  }

  private static func index(of phrase: [UInt64], in words: [UInt64], from: Int) -> Int? {
    guard words.count >= phrase.count, from <= words.count - phrase.count else { return nil }
    for start in from...(words.count - phrase.count)
    where words[start..<(start + phrase.count)].elementsEqual(phrase) {
      return start
    }
    return nil
  }
}

/// Wire prefixes and outlet suffixes in titles.
enum StoryTitle {
  private static let prefixWords: Set<String> = [
    "update", "updated", "updates", "breaking", "exclusive", "corrected", "correction", "refile",
    "wrapup", "urgent", "developing", "live",
  ]

  static func stripped(_ title: String) -> String {
    var title = Substring(title).trimmingCharacters(in: " \t\n")
    // "[UPDATED]" / "(Update)" before or after the title.
    for (open, close) in [("[", "]"), ("(", ")")] {
      if title.hasPrefix(open), let closing = title.firstIndex(of: Character(close)),
        isPrefixWord(title[title.index(after: title.startIndex)..<closing])
      {
        title = title[title.index(after: closing)...].trimmingCharacters(in: " \t\n:-")
      }
      if title.hasSuffix(close), let opening = title.lastIndex(of: Character(open)),
        isPrefixWord(title[title.index(after: opening)..<title.index(before: title.endIndex)])
      {
        title = title[..<opening].trimmingCharacters(in: " \t\n")
      }
    }
    // "UPDATE 2-…", "BREAKING: …", "EXCLUSIVE — …".
    if let separator = title.prefix(24).firstIndex(where: { ":-\u{2013}\u{2014}".contains($0) }),
      isPrefixWord(title[..<separator])
    {
      title = title[title.index(after: separator)...].trimmingCharacters(in: " \t\n")
    }
    // "… | Outlet", "… - Reuters".
    if let bar = title.ranges(of: " | ").last, bar.lowerBound > title.startIndex {
      title = title[..<bar.lowerBound].trimmingCharacters(in: " \t\n")
    }
    for dash in [" - ", " \u{2013} ", " \u{2014} "] {
      if let range = title.ranges(of: dash).last,
        range.lowerBound > title.startIndex,
        isOutletName(title[range.upperBound...])
      {
        title = title[..<range.lowerBound].trimmingCharacters(in: " \t\n")
        break
      }
    }
    return title
  }

  /// "update", "UPDATE 2", "Breaking".
  private static func isPrefixWord(_ text: Substring) -> Bool {
    let words = text.lowercased().split(separator: " ")
    guard let first = words.first, prefixWords.contains(String(first)), words.count <= 2 else {
      return false
    }
    return words.count == 1 || words[1].allSatisfy(\.isNumber)
  }

  /// Up to four words, each capitalised: "Reuters", "The New York Times", "AP News".
  private static func isOutletName(_ text: Substring) -> Bool {
    let words = text.split(separator: " ")
    return !words.isEmpty && words.count <= 4
      && words.allSatisfy { $0.first.map { $0.isUppercase || $0.isNumber } ?? false }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    var slice = self[...]
    while let first = slice.first, characters.contains(first) { slice.removeFirst() }
    while let last = slice.last, characters.contains(last) { slice.removeLast() }
    return String(slice)
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    Substring(self).trimmingCharacters(in: set)
  }
}
