public import Extraction

/// A name a rule uses that nothing defines: a typo there would make the rule silently never fire.
public enum RuleRegistrationError: Error, Equatable, CustomStringConvertible {
  case unknownTopic(rule: String, topic: String, known: [String])
  case unknownFeed(rule: String, feed: String)

  public var description: String {
    switch self {
    case .unknownTopic(let rule, let topic, let known):
      "rule \"\(rule)\" uses topic \"\(topic)\", which is not defined; define it under \"topics\" or use one of: \(known.joined(separator: ", "))"
    case .unknownFeed(let rule, let feed):
      "rule \"\(rule)\" names feed \"\(feed)\", but no feed has that name"
    }
  }
}

extension Rule {
  /// Makes everything the rule names known to the extractor (factions, people, organisations
  /// and keywords join `watchList` unless already there under a name or alias, ignoring case),
  /// and checks that each topic and feed it names exists.
  public func register(in watchList: inout WatchList, feedNames: Set<String>)
    throws(RuleRegistrationError)
  {
    for term in condition.terms {
      switch term {
      case .topic(.named(let topic)), .quoteAboutTopic(.named(let topic)):
        guard watchList.topics.contains(where: { $0.name.lowercased() == topic.lowercased() })
        else {
          throw .unknownTopic(rule: name, topic: topic, known: watchList.topics.map(\.name))
        }
      case .faction(.named(let faction)), .quoteByFaction(.named(let faction)):
        Self.addEntry(faction, to: &watchList.factions)
      case .person(.named(let person)), .quoteByPerson(.named(let person)):
        Self.addEntry(person, to: &watchList.people)
      case .organisation(.named(let organisation)):
        Self.addEntry(organisation, to: &watchList.organisations)
      case .keyword(let phrase):
        if !watchList.keywords.contains(where: { $0.lowercased() == phrase.lowercased() }) {
          watchList.keywords.append(phrase)
        }
      case .feed(let feed):
        guard feedNames.contains(feed) else { throw .unknownFeed(rule: name, feed: feed) }
      default:
        break
      }
    }
  }

  private static func addEntry(_ name: String, to list: inout [WatchEntry]) {
    let known = list.contains { entry in
      ([entry.name] + entry.aliases).contains { $0.lowercased() == name.lowercased() }
    }
    if !known { list.append(WatchEntry(name: name)) }
  }
}
