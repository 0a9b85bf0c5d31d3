/// Roles and affiliations from the words around a mention: a title before a person
/// ("US President Joe Biden", "Nujaba spokesman Nasr al-Shammari" → affiliated with
/// Nujaba) or an appositive after a name ("The Conquest Alliance, the political wing of
/// Iraq's Popular Mobilization Units," → affiliated with the Popular Mobilization Units).
struct RoleFinder {
  let text: TokenizedText
  let words: [String]
  let classes: [WordClass]
  let titles: [Bool]

  private static let ignoredRoles: Set<String> = [
    "brother", "sister", "member", "mr", "mrs", "ms", "dr",
  ]

  /// Possessive descriptions of an organisation before a role ("the group's spokesman").
  private static let groupWords: Set<String> = [
    "group", "movement", "militia", "faction", "party", "organisation", "organization",
  ]

  /// "spokesman", "military spokesman": a spokesperson's role that names no organisation
  /// nor country.
  private static func isBareSpokesperson(_ role: String) -> Bool {
    let parts = role.lowercased().split(separator: " ")
    guard let last = parts.last, ["spokesman", "spokeswoman", "spokesperson"].contains(last)
    else { return false }
    return parts.dropLast().allSatisfy {
      ["military", "armed", "official", "a", "the"].contains($0)
    }
  }

  /// Whether the words before token `k` are a spokesperson's role that follows a speech
  /// verb, an article or a clause's start ("said military spokesman X"), not an
  /// organisation's or a country's ("Iran's foreign ministry spokesman X").
  private func hasBareRole(before k: Int, _ mentionAtToken: [Int]) -> Bool {
    var j = k - 1
    while j >= 0, text.tokens[j + 1].softBefore, mentionAtToken[j] < 0,
      !text.tokens[j].isCapitalized, !text.tokens[j].possessive,
      !classes[j].isDisjoint(with: [.roleWord, .titleHead, .titleModifier])
    {
      j -= 1
    }
    guard j < k - 1 else { return false }
    if j < 0 || !text.tokens[j + 1].softBefore { return true }
    return classes[j].contains(.speechVerb) || ["the", "a", "an"].contains(words[j])
  }

  /// The organisation or armed group named last before token `k`.
  private func lastOrganisation(
    before k: Int, _ analysis: EntityAnalysis, _ mentionAtToken: [Int]
  ) -> Int? {
    var j = k - 1
    while j >= 0 {
      if mentionAtToken[j] >= 0 {
        let e = analysis.mentions[mentionAtToken[j]].entity
        if [.ORG, .FACTION].contains(analysis.entities[e].type) { return e }
      }
      j -= 1
    }
    return nil
  }

  /// "commander of the Liwa al-Fath militia" ending at token `end` (before a name's comma):
  /// the role word and the organisation after its "of".
  private func roleOwner(
    endingAt end: Int, _ analysis: EntityAnalysis, _ mentionAtToken: [Int]
  ) -> (role: Int, entity: Int)? {
    var k = end
    // A lowercase head after the organisation's name ("militia", "group").
    if k >= 0, mentionAtToken[k] < 0, !text.tokens[k].isCapitalized { k -= 1 }
    guard k >= 0, mentionAtToken[k] >= 0 else { return nil }
    let owner = analysis.mentions[mentionAtToken[k]]
    guard [.ORG, .FACTION].contains(analysis.entities[owner.entity].type) else { return nil }
    var of = owner.firstToken - 1
    if of >= 0, words[of] == "the" { of -= 1 }
    let role = of - 1
    guard role >= 0, words[of] == "of", !text.tokens[role].isCapitalized,
      classes[role].contains(.roleWord), !Lexicon.organisationRoles.contains(words[role])
    else { return nil }
    return (role, owner.entity)
  }

  func assignRoles(_ analysis: inout EntityAnalysis) {
    let tokens = text.tokens
    var mentionAtToken = [Int](repeating: -1, count: tokens.count)
    for (m, located) in analysis.mentions.enumerated() {
      for k in located.firstToken...located.lastToken { mentionAtToken[k] = m }
    }
    var affiliations: [Int: Int] = [:]
    func addRole(_ entity: Int, _ role: String) {
      guard !RoleFinder.ignoredRoles.contains(role.lowercased()),
        !analysis.entities[entity].roles.contains(role)
      else { return }
      analysis.entities[entity].roles.append(role)
    }
    func isRoleWord(_ k: Int) -> Bool {
      titles[k] || classes[k].contains(.roleWord) || classes[k].contains(.titleHead)
        || (classes[k].contains(.titleModifier) && k + 1 < tokens.count
          && (isRoleHead(k + 1) || classes[k + 1].contains(.titleModifier)))
    }
    func isRoleHead(_ k: Int) -> Bool {
      titles[k] || classes[k].contains(.roleWord) || classes[k].contains(.titleHead)
    }
    for located in analysis.mentions {
      let e = located.entity
      let type = analysis.entities[e].type
      guard type == .PERSON || type == .FACTION || type == .ORG else { continue }
      // A role before a comma: "a senior Hamas commander, Ahmed Ghandour," and
      // "Hamas' armed wing, the Qassam Brigades,".
      var first = located.firstToken
      if first > 0, ["the", "a", "an"].contains(words[first - 1]) { first -= 1 }
      if first > 1, !tokens[first].softBefore,
        text.gap(between: first - 1, and: first, contains: ","),
        mentionAtToken[first - 1] < 0, isRoleHead(first - 1)
      {
        var k = first - 1
        while k > 0, mentionAtToken[k - 1] < 0, tokens[k].softBefore, isRoleWord(k - 1) { k -= 1 }
        if k > 0, tokens[k].softBefore, mentionAtToken[k - 1] >= 0 {
          let owner = analysis.mentions[mentionAtToken[k - 1]].entity
          let ownerType = analysis.entities[owner].type
          if owner != e, ownerType == .ORG || ownerType == .FACTION {
            affiliations[e] = affiliations[e] ?? owner
            addRole(e, text.text(tokens[k].start, tokens[first - 1].end))
          }
        } else if type == .PERSON, k > 0, tokens[k].softBefore, tokens[k - 1].possessive,
          Self.groupWords.contains(words[k - 1]),
          let owner = lastOrganisation(before: located.firstToken, analysis, mentionAtToken)
        {
          // "The group's spokesman, Hamid al-Zubaidi,": the group last named.
          affiliations[e] = affiliations[e] ?? owner
          addRole(e, text.text(tokens[k].start, tokens[first - 1].end))
        }
      } else if type == .PERSON, first > 1, !tokens[first].softBefore,
        text.gap(between: first - 1, and: first, contains: ","),
        let owner = roleOwner(endingAt: first - 1, analysis, mentionAtToken)
      {
        // "The commander of the Liwa al-Fath militia, Abu Turab al-Hashimi,".
        affiliations[e] = affiliations[e] ?? owner.entity
        addRole(e, words[owner.role])
      }
      // Title or role right before a person.
      if type == .PERSON {
        var k = located.firstToken - 1
        var roleStart = located.firstToken
        while k >= 0, tokens[k + 1].softBefore, mentionAtToken[k] < 0, !tokens[k].possessive,
          isRoleWord(k)
        {
          roleStart = k
          k -= 1
        }
        if roleStart < located.firstToken {
          var from = roleStart
          if k >= 0, tokens[k + 1].softBefore, mentionAtToken[k] >= 0 {
            let owner = analysis.mentions[mentionAtToken[k]]
            switch analysis.entities[owner.entity].type {
            case .GPE, .NORP: from = owner.firstToken
            case .ORG, .FACTION: affiliations[e] = affiliations[e] ?? owner.entity
            default: break
            }
          }
          addRole(e, text.text(tokens[from].start, tokens[located.firstToken - 1].end))
        }
      }
      // Appositive: ", the political wing of Y," / ", a Hezbollah commander,".
      let next = located.lastToken + 1
      guard next < tokens.count, !tokens[next].softBefore,
        text.gap(between: located.lastToken, and: next, contains: ",")
      else { continue }
      var j = next
      if ["the", "a", "an", "its", "their"].contains(words[j]) { j += 1 }
      var roleEnd = -1
      var owner: Int?
      var k = j
      // The appositive's first lowercase role word ends the role; a relative clause
      // ("that backs Prime Minister …") ends the search.
      while k < tokens.count, k - j < 12, k == j || tokens[k].softBefore {
        if ["that", "who", "which", "whose", "and"].contains(words[k]) { break }
        if mentionAtToken[k] >= 0 {
          let m = analysis.mentions[mentionAtToken[k]]
          let ownerType = analysis.entities[m.entity].type
          if (ownerType == .ORG || ownerType == .FACTION) && m.entity != e {
            owner = owner ?? m.entity
          }
          k = m.lastToken + 1
          continue
        }
        if roleEnd < 0, !tokens[k].isCapitalized, classes[k].contains(.roleWord) {
          roleEnd = k
        }
        k += 1
      }
      guard roleEnd >= 0 else { continue }
      // "deputy head", "military commander": consecutive role words are one role.
      while roleEnd + 1 < tokens.count, tokens[roleEnd + 1].softBefore,
        !tokens[roleEnd + 1].isCapitalized, mentionAtToken[roleEnd + 1] < 0,
        classes[roleEnd + 1].contains(.roleWord)
      {
        roleEnd += 1
      }
      // Up to two modifiers before it: "political wing", "senior military commander".
      var roleFrom = roleEnd
      while roleFrom > j, roleEnd - roleFrom < 2, mentionAtToken[roleFrom - 1] < 0,
        tokens[roleFrom].softBefore, !tokens[roleFrom - 1].isCapitalized,
        !["of", "for", "in", "and", "the", "a", "an"].contains(words[roleFrom - 1])
      {
        roleFrom -= 1
      }
      addRole(e, text.text(tokens[roleFrom].start, tokens[roleEnd].end))
      if let owner { affiliations[e] = affiliations[e] ?? owner }
    }
    // A spokesperson with no organisation named at their role ("…," said spokesman Abu
    // Hamza) speaks for the one armed group the story named before them.
    for (index, located) in analysis.mentions.enumerated()
    where analysis.entities[located.entity].type == .PERSON && affiliations[located.entity] == nil
      && analysis.entities[located.entity].roles.contains(where: Self.isBareSpokesperson)
      && hasBareRole(before: located.firstToken, mentionAtToken)
    {
      let factions = Set(
        analysis.mentions[..<index].map(\.entity).filter {
          analysis.entities[$0].type == .FACTION
        })
      if factions.count == 1, let faction = factions.first {
        affiliations[located.entity] = faction
      }
    }
    for (entity, owner) in affiliations where owner != entity {
      analysis.entities[entity].affiliation = analysis.entities[owner].name
    }
  }
}
