import Extraction

/// One extractor for the whole run, with a watch list, as the daemon holds one.
private let extractor = Extractor(
  watchList: WatchList(
    factions: [WatchEntry(name: "Harakat al-Nujaba", aliases: ["Al-Nujaba", "Nujaba"])],
    people: [WatchEntry(name: "Moqtada al-Sadr", aliases: ["al-Sadr"])],
    keywords: ["Ain al-Asad"]))

/// Plain text → entities, quotes, quantities, topics.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtraction(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = extractor.extract(text)
  return 0
}
