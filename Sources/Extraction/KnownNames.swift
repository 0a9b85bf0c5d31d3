/// Compiles the watch list into a NameMatcher, and links gazetteer entries to the watch
/// entries they name, so a watched "Kataib Hezbollah" is also found as "KH".
enum KnownNames {
  static func compile(watchList: WatchList) -> NameMatcher {
    var names: [NameMatcher.Name] = []
    var entry = 0
    func add(_ watch: [WatchEntry], _ type: EntityType) {
      for item in watch {
        for phrase in [item.name] + item.aliases {
          names.append(
            NameMatcher.Name(
              canonical: item.name, type: type, watched: true, entry: entry, phrase: phrase,
              requiresCapital: false))
        }
        entry += 1
      }
    }
    add(watchList.factions, .FACTION)
    add(watchList.people, .PERSON)
    add(watchList.organisations, .ORG)
    return NameMatcher(names: names)
  }

  /// For each gazetteer entry that shares a spelling with a watch entry: the index of
  /// that watch name.
  static func linkGazetteer(to watch: NameMatcher) -> [Int: Int] {
    var watchByKey: [[UInt8]: Int] = [:]
    for (index, name) in watch.names.enumerated() where watchByKey[name.foldedKey] == nil {
      watchByKey[name.foldedKey] = index
    }
    guard !watchByKey.isEmpty else { return [:] }
    var links: [Int: Int] = [:]
    for name in BuiltinData.gazetteerMatcher.names where links[name.entry] == nil {
      if let watchName = watchByKey[name.foldedKey] { links[name.entry] = watchName }
    }
    return links
  }
}
