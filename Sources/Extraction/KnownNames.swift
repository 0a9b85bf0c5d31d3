/// Compiles the watch list (and, when present, the built-in gazetteer) into one NameMatcher.
enum KnownNames {
  static func compile(watchList: WatchList) -> NameMatcher {
    var names: [NameMatcher.Name] = []
    var phrases: [String] = []
    var entry = 0
    func add(_ watch: [WatchEntry], _ type: EntityType) {
      for item in watch {
        for phrase in [item.name] + item.aliases {
          names.append(
            NameMatcher.Name(
              canonical: item.name, type: type, watched: true, entry: entry,
              plainKey: NameMatcher.plainKey(phrase)))
          phrases.append(phrase)
        }
        entry += 1
      }
    }
    add(watchList.factions, .FACTION)
    add(watchList.people, .PERSON)
    add(watchList.organisations, .ORG)
    return NameMatcher(names: names, phrases: phrases)
  }
}
